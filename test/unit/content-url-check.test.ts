import { afterAll, describe, expect, it } from 'vitest';
import { describeContentUrlProblem } from '../../src/manifest/check-content-url.js';
import {
  manifest,
  removeWrittenFiles,
  runInProcess,
  writeFiles,
} from '../fixtures/manifests/write-files.js';

afterAll(removeWrittenFiles);

describe('content meant as a URL is checked as one by validate', () => {
  it.each([
    ['htps://cdn.example.com/a.jpg', "did you mean 'https://'?"],
    ['HTTPS//cdn.example.com/a.jpg', "whose '://' is mistyped"],
    ['http:/cdn.example.com/a.jpg', "whose '://' is mistyped"],
    ['ftp://example.com/x.jpg', 'Kili fetches content from http(s) URLs, not ftp://'],
    ['s3://bucket/x.jpg', 'not s3://'],
    ['https:///x.jpg', 'names no host'],
  ])('%s', (content, message) => {
    expect(describeContentUrlProblem(content)?.message).toContain(message);
  });

  it.each([
    'https://cdn.example.com/a.jpg',
    'HTTP://cdn.example.com/a.jpg?x=1',
    'plain text, not a URL',
    'http: the protocol, explained',
    'images/a.jpg',
  ])('%s passes', (content) => {
    expect(describeContentUrlProblem(content)).toBeUndefined();
  });

  it('in YAML, JSONL and CSV, located at the content', async () => {
    const dir = writeFiles({
      'm.yaml': `${manifest('  - externalId: a\n    content: htps://cdn.example.com/a.jpg\n')}sources:\n  - jsonl: d.jsonl\n  - csv: d.csv\n`,
      'd.jsonl': '{"externalId": "b", "content": "ftp://example.com/b.jpg"}\n',
      'd.csv': 'externalId,content\nc,https//cdn.example.com/c.jpg\n',
    });
    const result = await runInProcess(['validate'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("m.yaml:5:14: error: content starts with 'htps://'");
    expect(result.stderr).toContain('d.jsonl:1:21: error: Kili fetches content from http(s) URLs');
    expect(result.stderr).toContain(
      "d.csv:2:3: error: content looks like a URL whose '://' is mistyped",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { KiliSyncError } from '../../src/errors.js';
import {
  describeRemoteContent,
  hasCredentials,
  hideCredentials,
} from '../../src/plan/hide-credentials.js';
import { renderError, renderGithubAnnotation } from '../../src/render/render-error.js';

describe('hideCredentials', () => {
  it.each([
    [
      'Kili (emulator)',
      'http://127.0.0.1:4000/api/label/v2/files?signature=abc123&id=projects%2Fp',
      'abc123',
    ],
    ['S3', 'https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2Fx&X-Amz-Signature=feed', 'feed'],
    [
      'GCS',
      'https://storage.googleapis.com/b/o?X-Goog-Signature=c0ffee&X-Goog-Expires=9',
      'c0ffee',
    ],
    ['Azure SAS', 'https://a.blob.core.windows.net/c/o?sv=2022&sp=r&sig=Zm9v%2B', 'Zm9v%2B'],
    ['user info', 'https://alice:hunter2@example.com/a.jpg', 'hunter2'],
    ['fragment token', 'https://example.com/cb#access_token=tok_9', 'tok_9'],
  ])('hides the credential of a %s URL, inside text too', (_shape, url, secret) => {
    expect(hasCredentials(url)).toBe(true);
    const shown = hideCredentials(`before ${url} after`);
    expect(shown).not.toContain(secret);
    expect(shown).toContain('[hidden]');
    expect(shown.startsWith('before ')).toBe(true);
    expect(shown.endsWith(' after')).toBe(true);
  });

  it('leaves URLs without credentials and plain text alone', () => {
    for (const text of ['https://cdn.example.com/a.jpg?w=100&format=webp', 'a review text']) {
      expect(hasCredentials(text)).toBe(false);
      expect(hideCredentials(text)).toBe(text);
    }
  });

  it('names a file kili-sync uploaded by its hash', () => {
    const url = 'http://127.0.0.1/api/label/v2/files?signature=s&id=x';
    expect(describeRemoteContent(url, 'a'.repeat(64))).toBe(
      `uploaded file sha256:${'a'.repeat(12)}…`,
    );
    expect(describeRemoteContent(url, undefined)).toBe(
      'http://127.0.0.1/api/label/v2/files?signature=[hidden]&id=x',
    );
  });

  it('keeps credentials out of printed errors and annotations (a server may echo its input)', () => {
    const url = 'https://b.s3.amazonaws.com/k?X-Amz-Signature=deadbeef';
    const error = new KiliSyncError('kili-refused', `appendManyAssets: invalid value ["${url}"]`, {
      details: [`content ${url}`],
      diagnostics: [{ severity: 'error', message: `bad ${url}` }],
    });
    expect(renderError(error, false)).not.toContain('deadbeef');
    expect(renderGithubAnnotation({ severity: 'error', message: url })).not.toContain('deadbeef');
  });
});

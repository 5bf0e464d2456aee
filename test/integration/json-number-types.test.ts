import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureRuntime } from '../helpers/capture-runtime.js';
import { API_KEY, type KiliFixture, startKiliFixture } from './kili-fixture.js';

const READ = `query($where: AssetWhere!) { data: assets(where: $where, first: 10, skip: 0) { externalId jsonMetadata jsonContent } }`;

// Python readers of Kili (the official SDK, pandas) see 3.0 as a float and 3 as an int: the
// JSON text kili-sync stores must say which one the manifest declared, and export must say it back.
describe('JSON number types through apply and export', () => {
  let fixture: KiliFixture;
  let folder: string;
  let projectId: string;
  const run = async (argv: string[]) => {
    const runtime = captureRuntime({
      env: { KILI_API_KEY: API_KEY, KILI_API_ENDPOINT: fixture.emulator.graphqlUrl },
      cwd: folder,
    });
    const code = await main(argv, runtime);
    return { code, stdout: runtime.out(), stderr: runtime.err() };
  };
  const stored = async () => {
    const result = await fixture.admin.request<{
      data: Array<{ externalId: string; jsonMetadata: string; jsonContent: string }>;
    }>(READ, { where: { project: { id: projectId } } });
    return result.data;
  };

  beforeAll(async () => {
    fixture = await startKiliFixture();
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-numbers-'));
    projectId = await fixture.createProject('Numbers');
  });
  afterAll(async () => {
    await fixture.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('stores whole floats as floats and big integers exactly, from YAML and JSONL', async () => {
    await writeFile(
      join(folder, 'numbers.yaml'),
      [
        'apiVersion: kili-sync/v1',
        'kind: AssetSet',
        `project: ${projectId}`,
        'sources:',
        '  - jsonl: rows.jsonl',
        'assets:',
        '  - externalId: yaml',
        '    content: https://cdn.example.com/a.jpg',
        '    priority: 2.0',
        '    jsonMetadata: { f: 3.0, i: 3, half: 2.5, big: 12345678901234567890, e: 1e3 }',
        '    jsonContent: { pages: [1, 2.0] }',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(folder, 'rows.jsonl'),
      '{"externalId": "jsonl", "content": "https://cdn.example.com/b.jpg", "priority": 1.0, "jsonMetadata": {"f": 0.0, "i": 0}}\n',
    );
    const applied = await run(['apply', 'numbers.yaml', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);

    const byId = new Map((await stored()).map((asset) => [asset.externalId, asset]));
    expect(byId.get('yaml')?.jsonMetadata).toBe(
      '{"f":3.0,"i":3,"half":2.5,"big":12345678901234567890,"e":1e3}',
    );
    expect(byId.get('yaml')?.jsonContent).toBe('{"pages":[1,2.0]}');
    expect(byId.get('jsonl')?.jsonMetadata).toBe('{"f":0.0,"i":0}');

    const again = await run(['plan', 'numbers.yaml']);
    expect(again.stdout).toContain('No changes.');
  });

  it('exports whole floats as floats, and the export plans no change', async () => {
    const exported = await run(['export', '--project', projectId, '--out', 'export.yaml']);
    expect(exported.code, exported.stderr).toBe(0);
    const text = await readFile(join(folder, 'export.yaml'), 'utf8');
    expect(text).toContain('f: 3.0\n');
    expect(text).toContain('i: 3\n');
    expect(text).toContain('big: 12345678901234567890\n');
    expect(text).toContain('f: 0.0\n');
    expect(text).toMatch(/- 2\.0\n/);

    const planned = await run(['plan', 'export.yaml', '--detailed-exitcode']);
    expect(planned.code, planned.stdout).toBe(0);
  });

  it('still treats 1 and 1.0 as equal when comparing', async () => {
    const text = (await readFile(join(folder, 'export.yaml'), 'utf8')).replace(
      'f: 3.0\n',
      'f: 3\n',
    );
    await writeFile(join(folder, 'as-int.yaml'), text);
    const planned = await run(['plan', 'as-int.yaml', '--detailed-exitcode']);
    expect(planned.code, planned.stdout).toBe(0);
  });
});

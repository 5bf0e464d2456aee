import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KiliClient } from '../../src/kili/client.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestProxy } from '../helpers/test-proxy.js';

const apiKey = 'doctor-e2e-Secret-5c1f';

/** `kili-sync doctor` through the built CLI: green on the emulator, exit 1 naming what fails. */
describe('kili-sync doctor', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let client: KiliClient;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, db: ':memory:', apiKey });
    client = new KiliClient({ endpoint: emulator.graphqlUrl, apiKey });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const createProject = async (title: string) =>
    (
      await client.request<{ data: { id: string } }>(
        'mutation createProject($data: CreateProjectData!) { data: createProject(data: $data) { id } }',
        { data: { title, inputType: 'TEXT', jsonInterface: '{}' } },
      )
    ).data.id;
  const envFor = (endpoint: string) => ({ KILI_API_KEY: apiKey, KILI_API_ENDPOINT: endpoint });

  it('passes on the emulator and prints the report as JSON', async () => {
    const scratch = await createProject('scratch');
    const result = await runCli(
      ['doctor', '--project', scratch, '--write-probe', scratch, '--format', 'json'],
      { env: envFor(emulator.graphqlUrl) },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { failed: string[]; formatVersion: number };
    expect(report.formatVersion).toBe(1);
    expect(report.failed).toEqual([]);
    expect(result.stdout).not.toContain(apiKey);
  });

  it('exits 1 naming the assumption that fails: updatedAt that does not move', async () => {
    const scratch = await createProject('scratch behind a frozen clock');
    const proxy = await startTestProxy(emulator.graphqlUrl);
    // A server whose updatedAt stays put: incremental plans and stale checks could not see changes.
    proxy.rewrite('assets', (answer) =>
      JSON.parse(
        JSON.stringify(answer).replace(
          /"updatedAt":"[^"]*"/g,
          '"updatedAt":"2020-01-01T00:00:00.000Z"',
        ),
      ),
    );
    try {
      const result = await runCli(['doctor', '--write-probe', scratch], {
        env: envFor(proxy.graphqlUrl),
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /✗ probe-updated-at\s+error\[KS0601\]: updatedAt did not move forward on update/,
      );
      expect(result.stdout).toContain('1 assumption failed: probe-updated-at.');
      expect(result.stdout).toMatch(/✓ probe-cleanup/);
      expect(`${result.stdout}${result.stderr}`).not.toContain(apiKey);
    } finally {
      await proxy.close();
    }
  });
});

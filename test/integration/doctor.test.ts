import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDoctorJson, renderDoctorText } from '../../src/render/render-doctor.js';
import { DOCTOR_SCHEMA, type DoctorReport } from '../../src/schema/doctor-schema.js';
import { runDoctor } from '../../src/workflows/doctor.js';
import { captureRuntime } from '../helpers/capture-runtime.js';
import { startTestProxy } from '../helpers/test-proxy.js';
import { API_KEY, type KiliFixture, startKiliFixture } from './kili-fixture.js';

const validateReport = new Ajv({ allErrors: true }).compile(DOCTOR_SCHEMA);

/** `doctor` against the emulator, in process: the checks, the probe, and what it leaves. */
describe('doctor', () => {
  let kili: KiliFixture;

  beforeAll(async () => {
    kili = await startKiliFixture();
  });
  afterAll(async () => {
    await kili?.close();
  });

  const doctor = (
    options: { projectId?: string; writeProbeProjectId?: string },
    endpoint?: string,
  ) =>
    runDoctor({
      runtime: captureRuntime(),
      connection: { endpoint: endpoint ?? kili.emulator.graphqlUrl, apiKey: API_KEY },
      ...options,
    });
  const statusOf = (report: DoctorReport) =>
    Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
  const countOf = async (projectId: string) =>
    (
      await kili.admin.request<{ data: number }>(
        'query countAssets($where: AssetWhere!) { data: countAssets(where: $where) }',
        { where: { project: { id: projectId } } },
      )
    ).data;

  it('passes every check on the emulator, probe included, and leaves the scratch project empty', async () => {
    const used = await kili.createProject('in use', 'IMAGE');
    await kili.appendAssets(used, [
      { externalId: 'a', content: 'https://example.com/a.jpg', jsonMetadata: '{"split":"train"}' },
      { externalId: 'b', content: 'https://example.com/b.jpg' },
    ]);
    const scratch = await kili.createProject('scratch', 'TEXT');
    await kili.resetStats();

    const report = await doctor({ projectId: used, writeProbeProjectId: scratch });

    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.failed).toEqual([]);
    expect(statusOf(report)).toEqual({
      endpoint: 'pass',
      'api-key': 'pass',
      project: 'pass',
      'asset-page': 'pass',
      'probe-scratch': 'pass',
      'probe-append': 'pass',
      'probe-ids': 'pass',
      'probe-content': 'pass',
      'probe-metadata-types': 'pass',
      'probe-text-upload': 'pass',
      'probe-repeated-id': 'pass',
      'probe-update': 'pass',
      'probe-rename': 'pass',
      'probe-updated-at': 'pass',
      'probe-delete': 'pass',
      'probe-cleanup': 'pass',
      'rate-limit': 'pass',
    });
    expect(report.checks.find((check) => check.id === 'project')?.facts).toMatchObject({
      inputType: 'IMAGE',
      assetCount: 2,
    });
    // The probe wrote what it says: two appends (one refused), an upload, and nothing is left.
    const stats = await kili.stats();
    expect(stats.requests.appendManyAssets).toBe(3);
    expect(stats.requests.createUploadBucketSignedUrls).toBe(1);
    expect(await countOf(scratch)).toBe(0);
    expect(await countOf(used)).toBe(2);

    for (const output of [renderDoctorJson(report), renderDoctorText(report, { color: false })]) {
      expect(output).not.toContain(API_KEY);
      expect(output).not.toMatch(/signature=(?!\[hidden\])/);
    }
    expect(renderDoctorText(report, { color: false })).toContain('No problem found');
  });

  it('on a VIDEO scratch project, runs one asynchronous import round trip and leaves nothing', async () => {
    const scratch = await kili.createProject('video scratch', 'VIDEO');
    await kili.resetStats();

    const report = await doctor({ writeProbeProjectId: scratch });

    expect(report.failed).toEqual([]);
    const probe = report.checks.find((check) => check.id === 'probe-async-import');
    expect(probe?.status).toBe('pass');
    expect(probe?.reason).toContain('importing its id again was refused');
    expect(report.checks.map((check) => check.id)).not.toContain('probe-text-upload');
    // The import is sent twice (the second refused: its id exists) and waited on by polling.
    const stats = await kili.stats();
    expect(stats.requests.appendManyFramesToDatasetAsynchronously).toBe(2);
    expect(stats.requests.notifications).toBeGreaterThanOrEqual(1);
    expect(await countOf(scratch)).toBe(0);
  });

  it('refuses to probe a project that holds other assets, and changes nothing', async () => {
    const project = await kili.createProject('not scratch', 'IMAGE');
    await kili.appendAssets(project, [
      { externalId: 'someone-elses', content: 'https://example.com/x.jpg' },
    ]);
    await kili.resetStats();

    const report = await doctor({ writeProbeProjectId: project });

    expect(report.failed).toEqual(['probe-scratch']);
    expect(statusOf(report)['probe-append']).toBe('skip');
    const stats = await kili.stats();
    expect(stats.requests.appendManyAssets).toBeUndefined();
    expect(stats.requests.deleteManyFromDataset).toBeUndefined();
    expect(await countOf(project)).toBe(1);
  });

  it('removes probe assets an interrupted earlier run left, and only those', async () => {
    const project = await kili.createProject('scratch with leftovers', 'IMAGE');
    await kili.appendAssets(project, [
      { externalId: 'kili-sync-doctor-0000', content: 'https://example.com/x.jpg' },
    ]);

    const report = await doctor({ writeProbeProjectId: project });

    expect(report.failed).toEqual([]);
    expect(report.checks.find((check) => check.id === 'probe-scratch')?.facts).toMatchObject({
      leftoversRemoved: 1,
    });
    expect(await countOf(project)).toBe(0);
  });

  it('names a failed assumption (whole floats read back as ints) and still cleans up', async () => {
    const project = await kili.createProject('scratch behind a proxy', 'IMAGE');
    const proxy = await startTestProxy(kili.emulator.graphqlUrl);
    // A server that stores metadata as parsed JSON would give `3` back for `3.0`. Only the
    // metadata is rewritten: timestamps such as `…:03.012Z` must reach the probe untouched.
    proxy.rewrite('assets', (answer) =>
      JSON.parse(JSON.stringify(answer), (key, value) =>
        key === 'jsonMetadata' && typeof value === 'string'
          ? value.replace(/(\d)\.0(?!\d)/g, '$1')
          : value,
      ),
    );
    try {
      const report = await doctor({ writeProbeProjectId: project }, proxy.graphqlUrl);
      expect(report.failed).toEqual(['probe-metadata-types']);
      const check = report.checks.find((item) => item.id === 'probe-metadata-types');
      expect(check?.reason).toMatch(/whole floats lost their decimal point/);
      expect(statusOf(report)['probe-cleanup']).toBe('pass');
    } finally {
      await proxy.close();
    }
    expect(await countOf(project)).toBe(0);
  });

  it('reports a refused key as a failed check, without the key', async () => {
    const report = await runDoctor({
      runtime: captureRuntime(),
      connection: { endpoint: kili.emulator.graphqlUrl, apiKey: 'wrong-Secret-key-71' },
      projectId: 'whatever',
    });
    expect(report.failed).toEqual(['api-key']);
    expect(statusOf(report).project).toBe('skip');
    expect(renderDoctorJson(report)).not.toContain('wrong-Secret-key-71');
  });
});

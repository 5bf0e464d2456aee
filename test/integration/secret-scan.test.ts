import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppendManyAssetsDocument } from '../../src/graphql/generated.js';
import {
  API_KEY,
  type ApplyFixture,
  manifest,
  runApply,
  startApplyFixture,
} from './apply-support.js';

/** Signed URL shapes of the clouds Kili stores files in; each secret is the part to hide. */
const SIGNED = {
  s3: {
    secret: 'S3sig0123456789abcdef0123456789abcdef',
    url: 'https://bucket.s3.eu-west-1.amazonaws.com/a.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261201%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20261201T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=S3sig0123456789abcdef0123456789abcdef',
  },
  gcs: {
    secret: 'GCSsig9876543210fedcba',
    url: 'https://storage.googleapis.com/bucket/b.jpg?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=svc%40p.iam.gserviceaccount.com&X-Goog-Expires=900&X-Goog-Signature=GCSsig9876543210fedcba',
  },
  azure: {
    secret: 'AZsig%2Bq1w2e3r4t5y6%3D',
    url: 'https://account.blob.core.windows.net/container/c.jpg?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-02T00%3A00%3A00Z&sig=AZsig%2Bq1w2e3r4t5y6%3D',
  },
  token: {
    secret: 'tok_live_abcdef123456',
    url: 'https://cdn.example.com/d.jpg?access_token=tok_live_abcdef123456',
  },
};

/**
 * Remote content held as signed URLs (from the emulator's own uploads and from S3/GCS/Azure
 * shapes) must appear in no output: text, JSON, Markdown, the step summary, export, errors.
 */
describe('no signed URL or token in any output', () => {
  let fixture: ApplyFixture;
  let projectId: string;
  let manifestPath: string;
  let secrets: string[];

  beforeAll(async () => {
    fixture = await startApplyFixture();
    projectId = await fixture.createProject('signed');
    const ids = Object.keys(SIGNED);
    await fixture.client.request(AppendManyAssetsDocument, {
      where: { id: projectId },
      data: {
        contentArray: Object.values(SIGNED).map((shape) => shape.url),
        externalIDArray: ids,
        jsonContentArray: ids.map(() => ''),
        jsonMetadataArray: ids.map(() => '{}'),
      },
    });
    // One asset uploaded by kili-sync itself: its content is the emulator's signed URL.
    await writeFile(join(fixture.folder, 'upload.png'), 'first version');
    manifestPath = await fixture.writeManifest(
      'signed.yaml',
      manifest(projectId, '\n  - externalId: uploaded\n    file: ./upload.png'),
    );
    const applied = await runApply(fixture, ['apply', manifestPath, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const uploaded = (await fixture.listAssets(projectId)).find((a) => a.externalId === 'uploaded');
    const emulatorSignature = new URL(uploaded!.content).searchParams.get('signature');
    expect(emulatorSignature).toBeTruthy();
    secrets = [...Object.values(SIGNED).map((shape) => shape.secret), emulatorSignature!];

    // Every asset's content changes: each signed URL becomes a `before` value.
    await writeFile(join(fixture.folder, 'upload.png'), 'second version');
    await writeFile(
      manifestPath,
      manifest(
        projectId,
        `${ids.map((id) => `\n  - externalId: ${id}\n    content: https://cdn.example.com/new/${id}.jpg`).join('')}\n  - externalId: uploaded\n    file: ./upload.png`,
      ),
    );
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const expectNoSecret = (text: string) => {
    for (const secret of [...secrets, API_KEY]) expect(text).not.toContain(secret);
    expect(text).not.toContain(decodeURIComponent(SIGNED.azure.secret));
  };

  it('plan as text, JSON (stdout and --out), Markdown and the step summary', async () => {
    const summary = join(fixture.folder, 'summary.md');
    const out = join(fixture.folder, 'signed-plan.json');
    const github = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const text = await runApply(fixture, ['plan', manifestPath], {
      env: { ...fixture.env(), ...github },
    });
    expect(text.stdout).toContain('uploaded file sha256:');
    expect(text.stdout).toContain('X-Goog-Signature=[hidden]');
    const json = await runApply(fixture, ['plan', manifestPath, '--format', 'json', '--out', out]);
    const markdown = await runApply(fixture, ['plan', manifestPath, '--format', 'markdown']);
    for (const result of [text, json, markdown]) {
      expect(result.code, result.stderr).toBe(0);
      expectNoSecret(result.stdout + result.stderr);
    }
    expectNoSecret(await readFile(summary, 'utf8'));
    expectNoSecret(await readFile(out, 'utf8'));
    // The saved plan still applies: apply never needs a `before` value.
    const applied = await runApply(fixture, ['apply', '--plan', out]);
    expect(applied.code, applied.stderr).toBe(0);
    expectNoSecret(applied.stdout + applied.stderr);
  });

  it('export leaves hosted content out instead of writing its signed URL', async () => {
    const exported = await runApply(fixture, ['export', '--project', projectId]);
    expect(exported.code, exported.stderr).toBe(0);
    expectNoSecret(exported.stdout + exported.stderr);
    expect(exported.stderr).toContain('Kili-hosted files');
    const path = await fixture.writeManifest('exported.yaml', exported.stdout);
    const plan = await runApply(fixture, ['plan', path, '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  });
});

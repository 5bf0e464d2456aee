import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AddChange, Plan } from '../../src/plan/types.js';
import { pngBytes, tiffBytes } from '../helpers/media-files.js';
import {
  API_KEY,
  type ApplyFixture,
  listAllAssets,
  manifest,
  runApply,
  startApplyFixture,
} from './apply-support.js';
import { createSequence } from './kili-fixture.js';

/**
 * Images the official SDK has Kili process take its asynchronous path (GEO_SATELLITE) beside
 * the synchronous one; what an import that Kili fails looks like, and how a rerun converges.
 */
describe('asynchronous imports', () => {
  let fixture: ApplyFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('imports a TIFF and an oversized image asynchronously (GEO_SATELLITE), a PNG beside them synchronously', async () => {
    fixture = await startApplyFixture();
    const projectId = await fixture.createProject('images', 'IMAGE');
    await writeFile(join(fixture.folder, 'scan.tif'), tiffBytes());
    await writeFile(join(fixture.folder, 'panorama.png'), pngBytes(12_000, 1));
    await writeFile(join(fixture.folder, 'photo.png'), pngBytes(4, 3));
    await fixture.writeManifest(
      'images.yaml',
      manifest(
        projectId,
        `
  - externalId: scan
    file: scan.tif
  - externalId: panorama
    file: panorama.png
    isHoneypot: true
  - externalId: photo
    file: photo.png`,
      ),
    );
    const plan = await planJson(fixture, 'images.yaml');
    const adds = Object.fromEntries(
      (plan.projects[0]!.changes as AddChange[]).map((change) => [change.externalId, change]),
    );
    expect(adds.scan?.import).toMatchObject({ uploadType: 'GEO_SATELLITE', why: 'processed-type' });
    expect(adds.panorama?.import).toMatchObject({
      uploadType: 'GEO_SATELLITE',
      why: 'large-image',
    });
    expect(adds.photo?.import).toBeUndefined();
    const text = await runApply(fixture, ['plan', 'images.yaml']);
    expect(text.stdout).toContain(
      'scan  image, imported asynchronously (image/tiff needs processing)',
    );

    const applied = await runApply(fixture, ['apply', 'images.yaml', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const { requests, files } = await fixture.stats();
    expect(requests.appendManyAssets).toBe(1);
    expect(requests.appendManyFramesToDatasetAsynchronously).toBe(1);
    expect(requests.notifications).toBeGreaterThanOrEqual(1);
    expect(files.put).toBe(3);
    const stored = Object.fromEntries(
      (await listAllAssets(fixture.client, projectId)).map((asset) => [asset.externalId, asset]),
    );
    expect(Object.keys(stored).sort()).toEqual(['panorama', 'photo', 'scan']);
    // The asynchronous import carries no isHoneypot: the follow-up update sets it.
    expect(stored.panorama?.isHoneypot).toBe(true);
    const tiff = await fetch(stored.scan!.content, {
      headers: { authorization: `X-API-Key: ${API_KEY}` },
    });
    expect(Buffer.from(await tiff.arrayBuffer())).toEqual(tiffBytes());
    expect((await runApply(fixture, ['plan', 'images.yaml', '--detailed-exitcode'])).code).toBe(0);
  });

  it('reports an import Kili failed with what its notification says; a rerun imports what is missing and converges', async () => {
    // Imported in external-ID order: `broken` fails (0.1 < 0.5), `good` processes, and so does
    // every asset after them.
    fixture = await startApplyFixture({
      asyncImportFailRate: 0.5,
      random: createSequence([0.1, 0.9, 0.9, 0.9, 0.9]),
    });
    const projectId = await fixture.createProject('videos', 'VIDEO');
    await fixture.writeManifest(
      'videos.yaml',
      manifest(
        projectId,
        `
  - externalId: good
    content: https://cdn.example.com/good.mp4
  - externalId: broken
    content: https://cdn.example.com/broken.mp4`,
      ),
    );
    const first = await runApply(fixture, ['apply', 'videos.yaml', '--auto-approve']);
    expect(first.code).toBe(3);
    const output = first.stdout + first.stderr;
    expect(output).toContain('Apply incomplete: 1 added');
    expect(output).toMatch(
      /broken.*Kili could not import it: 1 of 2 assets could not be processed/,
    );
    expect((await listAllAssets(fixture.client, projectId)).map((a) => a.externalId)).toEqual([
      'good',
    ]);

    const second = await runApply(fixture, ['apply', 'videos.yaml', '--auto-approve']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout + second.stderr).toContain('Apply complete! 1 added');
    const assets = await listAllAssets(fixture.client, projectId);
    expect(assets.map((asset) => asset.externalId).sort()).toEqual(['broken', 'good']);
    expect((await runApply(fixture, ['plan', 'videos.yaml', '--detailed-exitcode'])).code).toBe(0);
  });
});

async function planJson(fixture: ApplyFixture, file: string): Promise<Plan> {
  const planned = await runApply(fixture, ['plan', file, '--format', 'json', '--no-cache']);
  expect(planned.code, planned.stderr).toBe(0);
  return JSON.parse(planned.stdout) as Plan;
}

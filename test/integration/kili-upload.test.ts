import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createId } from '@paralleldrive/cuid2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadLocalFiles } from '../../src/kili/upload.js';
import { type KiliFixture, startKiliFixture } from './kili-fixture.js';

describe('uploadLocalFiles', () => {
  let fixture: KiliFixture;
  let folder: string;
  beforeAll(async () => {
    fixture = await startKiliFixture();
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-upload-'));
  });
  afterAll(async () => {
    await fixture.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('uploads the bytes and returns the full signed URL to store as content', async () => {
    const projectId = await fixture.createProject('Uploads');
    const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    await writeFile(join(folder, 'cat.png'), image);
    await writeFile(join(folder, 'note.txt'), 'héllo, world\n');
    const items = [
      { assetId: createId(), absolutePath: join(folder, 'cat.png'), mimeType: 'image/png' },
      { assetId: createId(), absolutePath: join(folder, 'note.txt'), mimeType: 'text/plain' },
    ];
    const client = fixture.createClient();
    await fixture.resetStats();

    const { contentByAssetId: urls, failures } = await uploadLocalFiles(client, projectId, items);

    expect(failures.size).toBe(0);
    expect([...urls.keys()].sort()).toEqual(items.map((item) => item.assetId).sort());
    for (const item of items) {
      const url = urls.get(item.assetId)!;
      expect(url).toContain(
        `&id=${encodeURIComponent(`projects/${projectId}/assets/${item.assetId}/content`)}`,
      );
    }
    // The stored URL is enough to read the file back, without the API key.
    const png = await fetch(urls.get(items[0]!.assetId)!);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(image);
    const text = await fetch(urls.get(items[1]!.assetId)!);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toBe('héllo, world\n');

    expect((await fixture.stats()).requests).toEqual({ createUploadBucketSignedUrls: 1 });
    expect(client.stats().byOperation).toEqual({ createUploadBucketSignedUrls: 1, upload: 2 });
  });

  it('asks for at most 30 signed URLs per call', async () => {
    const projectId = await fixture.createProject('Many uploads');
    const path = join(folder, 'tiny.txt');
    await writeFile(path, 'x');
    const items = Array.from({ length: 31 }, () => ({
      assetId: createId(),
      absolutePath: path,
      mimeType: 'text/plain',
    }));
    const client = fixture.createClient();
    await fixture.resetStats();
    const { contentByAssetId: urls } = await uploadLocalFiles(client, projectId, items);
    expect(new Set(urls.values()).size).toBe(31);
    expect((await fixture.stats()).requests).toEqual({ createUploadBucketSignedUrls: 2 });
    expect(client.stats().byOperation.upload).toBe(31);
  });

  it('fails only the file that cannot be read', async () => {
    const projectId = await fixture.createProject('Missing file');
    const good = {
      assetId: createId(),
      absolutePath: join(folder, 'cat.png'),
      mimeType: 'image/png',
    };
    const gone = {
      assetId: createId(),
      absolutePath: join(folder, 'gone.png'),
      mimeType: 'image/png',
    };
    const outcome = await uploadLocalFiles(fixture.createClient(), projectId, [good, gone]);
    expect([...outcome.contentByAssetId.keys()]).toEqual([good.assetId]);
    expect([...outcome.failures.keys()]).toEqual([gone.assetId]);
    expect(outcome.failures.get(gone.assetId)).toMatchObject({ code: 'USAGE' });
  });

  it('stores each version of a file under its own object, so an update never overwrites the live one', async () => {
    const projectId = await fixture.createProject('Versions');
    const assetId = createId();
    const path = join(folder, 'version.txt');
    const client = fixture.createClient();
    await writeFile(path, 'version 1');
    const first = await uploadLocalFiles(client, projectId, [
      { assetId, absolutePath: path, mimeType: 'text/plain', sha256: sha256('version 1') },
    ]);
    await writeFile(path, 'version 2');
    const second = await uploadLocalFiles(client, projectId, [
      { assetId, absolutePath: path, mimeType: 'text/plain', sha256: sha256('version 2') },
    ]);
    const firstUrl = first.contentByAssetId.get(assetId)!;
    const secondUrl = second.contentByAssetId.get(assetId)!;
    expect(secondUrl).not.toBe(firstUrl);
    expect(await (await fetch(firstUrl)).text()).toBe('version 1');
    expect(await (await fetch(secondUrl)).text()).toBe('version 2');
  });

  it('fails a file whose bytes are not the ones planned, and sends nothing of it', async () => {
    const projectId = await fixture.createProject('Changed after planning');
    const path = join(folder, 'changed.txt');
    await writeFile(path, 'reviewed text');
    const planned = sha256('reviewed text');
    await writeFile(path, 'swapped after the review');
    const assetId = createId();
    const client = fixture.createClient();
    const outcome = await uploadLocalFiles(client, projectId, [
      { assetId, absolutePath: path, mimeType: 'text/plain', sha256: planned },
    ]);
    expect(outcome.contentByAssetId.size).toBe(0);
    expect(outcome.failures.get(assetId)).toMatchObject({
      code: 'USAGE',
      message: `${path} changed since it was planned`,
    });
    expect(client.stats().byOperation.upload ?? 0).toBe(0);
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

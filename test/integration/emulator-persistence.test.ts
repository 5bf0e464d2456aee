import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createKili, makeIds, OPS, startTestEmulator } from './emulator-support.js';
import { sdkDocument } from './sdk-documents.js';

describe('emulator: file database and seed', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kili-sync-emulator-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('keeps projects, assets, labels and files across a restart', async () => {
    const db = join(folder, 'restart.sqlite');
    const first = await startTestEmulator({ db });
    const kili = createKili(createClient(first));
    const projectId = await kili.createProject('Persisted', 'TEXT');
    const ids = makeIds('keep', 3);
    await kili.append(projectId, { externalIDArray: ['k1', 'k2', 'k3'], idArray: ids });
    await kili.label('DEFAULT', [{ assetID: ids[1], jsonResponse: '{}' }], { idIn: [ids[1]] });
    const { urls } = await createClient(first).request<{ urls: string[] }>(OPS.signedUrls, {
      filePaths: ['projects/p/assets/a/content'],
    });
    await fetch(urls[0]!.split('&id=')[0]!, { method: 'PUT', body: 'hello' });
    const before = await kili.assets({ project: { id: projectId } });
    await first.close();

    const second = await startTestEmulator({ db });
    try {
      const again = createKili(createClient(second));
      const after = await again.assets({ project: { id: projectId } });
      expect(after).toEqual(before);
      expect(after.map((asset) => asset.status)).toEqual(['TODO', 'LABELED', 'TODO']);
      const file = await fetch(urls[0]!.replace(first.url, second.url));
      expect(await file.text()).toBe('hello');

      await again.update([{ id: ids[0] }], [{ priority: 1 }]);
      const [updated] = await again.assets({ id: ids[0] });
      expect(updated!.updatedAt > before[2]!.updatedAt).toBe(true);
      await again.append(projectId, { externalIDArray: ['k4'], idArray: ['ckeep-new'] });
      const order = (await again.assets({ project: { id: projectId } })).map((asset) => asset.id);
      expect(order).toEqual([...ids, 'ckeep-new']);
    } finally {
      await second.close();
    }
  });

  it('creates seed projects with fixed ids, once', async () => {
    const db = join(folder, 'seed.sqlite');
    const seedPath = join(folder, 'seed.yaml');
    await writeFile(
      seedPath,
      [
        'projects:',
        '  - id: cseedimages000000000000',
        '    title: Images',
        '    inputType: IMAGE',
        '  - id: cseedtexts0000000000000',
        '    title: Texts',
        '    inputType: TEXT',
        '    description: Some texts',
        '',
      ].join('\n'),
    );
    for (let round = 0; round < 2; round += 1) {
      const running = await startTestEmulator({ db, seed: seedPath });
      try {
        const client = createClient(running);
        const count = await client.request<{ data: number }>(OPS.countProjects, { where: {} });
        expect(count.data).toBe(2);
        const projects = await client.request<{ data: Record<string, unknown>[] }>(OPS.projects, {
          where: {},
          first: 10,
          skip: 0,
        });
        expect(projects.data.map((project) => [project.id, project.inputType])).toEqual([
          ['cseedimages000000000000', 'IMAGE'],
          ['cseedtexts0000000000000', 'TEXT'],
        ]);
        expect(projects.data[1]?.description).toBe('Some texts');
      } finally {
        await running.close();
      }
    }
  });

  it('creates the assets a seed project lists, once, with its project', async () => {
    const seed = {
      projects: [
        {
          id: 'cseedassets000000000000',
          title: 'With assets',
          inputType: 'IMAGE',
          assets: [{ externalId: 'old-name', content: 'https://x/1.jpg', jsonMetadata: { a: 1 } }],
        },
      ],
    };
    const db = join(folder, 'seed-assets.sqlite');
    for (let round = 0; round < 2; round += 1) {
      const running = await startTestEmulator({ db, seed });
      try {
        const kili = createKili(createClient(running));
        const assets = await kili.assets({ project: { id: 'cseedassets000000000000' } });
        expect(
          assets.map((asset) => [asset.externalId, asset.content, asset.jsonMetadata]),
        ).toEqual([['old-name', 'https://x/1.jpg', '{"a":1}']]);
      } finally {
        await running.close();
      }
    }
    const missingId = join(folder, 'seed-asset-without-id.yaml');
    await writeFile(
      missingId,
      'projects:\n  - id: x\n    title: X\n    inputType: TEXT\n    assets:\n      - content: hello\n',
    );
    await expect(startTestEmulator({ seed: missingId })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('projects[0].assets[0].externalId'),
    });
  });

  it('keeps a deleted seed project deleted on the next start with the same seed', async () => {
    const db = join(folder, 'seed-deleted.sqlite');
    const seed = { projects: [{ id: 'cseeddeleted00000000000', title: 'Gone', inputType: 'PDF' }] };
    const first = await startTestEmulator({ db, seed });
    await createClient(first).request(sdkDocument('Kili.delete_project'), {
      where: { id: 'cseeddeleted00000000000' },
    });
    await first.close();
    const second = await startTestEmulator({ db, seed });
    try {
      const count = await createClient(second).request<{ data: number }>(OPS.countProjects, {
        where: {},
      });
      expect(count.data).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('opens a database written before members and project settings were kept', async () => {
    const db = join(folder, 'before-members.sqlite');
    // The two tables as the first emulator wrote them; the others it created are unchanged.
    const old = new Database(db);
    old.exec(`
      CREATE TABLE projects (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', input_type TEXT NOT NULL,
        json_interface TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL);
      CREATE TABLE users (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
        email TEXT NOT NULL UNIQUE, firstname TEXT, lastname TEXT);
      INSERT INTO projects (id, title, input_type, created_at, updated_at)
        VALUES ('coldproject0000000000000', 'Old', 'IMAGE', '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z');
      INSERT INTO users (id, email) VALUES ('cl0emulat0rv1ewer0000000', 'emulator@kili-sync.local');
    `);
    old.close();

    const running = await startTestEmulator({ db });
    try {
      const client = createClient(running);
      const request = async <T>(document: string, variables: Record<string, unknown>) =>
        (await client.request<{ data: T }>(document, variables)).data;
      const where = { deleted: false, project: { id: 'coldproject0000000000000' } };
      const members = await request<{ role: string; status: string }[]>(
        sdkDocument('Kili.project_users, default fields'),
        { where, first: 10, skip: 0 },
      );
      expect(members.map((member) => [member.role, member.status])).toEqual([
        ['ADMIN', 'ORG_ADMIN'],
      ]);
      const updated = await request<{ title: string; reviewCoverage: number }>(
        sdkDocument('Kili.update_properties_in_project, every property'),
        {
          data: { title: 'Old, updated', reviewCoverage: 20 },
          where: { id: 'coldproject0000000000000' },
        },
      );
      expect(updated).toMatchObject({ title: 'Old, updated', reviewCoverage: 20 });
    } finally {
      await running.close();
    }
  });

  it('accepts a seed object and refuses an invalid seed with a usage error', async () => {
    const running = await startTestEmulator({
      seed: { projects: [{ id: 'cinline', title: 'Inline', inputType: 'PDF' }] },
    });
    const kili = createKili(createClient(running));
    expect(await kili.count({ project: { id: 'cinline' } })).toBe(0);
    await running.close();

    const badPath = join(folder, 'bad-seed.yaml');
    await writeFile(badPath, 'projects:\n  - id: x\n    title: X\n    inputType: PICTURE\n');
    await expect(startTestEmulator({ seed: badPath })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('inputType'),
    });
    await expect(startTestEmulator({ seed: join(folder, 'missing.yaml') })).rejects.toMatchObject({
      code: 'USAGE',
    });
  });
});

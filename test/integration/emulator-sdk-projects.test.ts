import type { RunningEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  captureErrorCode,
  createClient,
  createKili,
  OPS,
  startTestEmulator,
} from './emulator-support.js';
import { sdkDocument } from './sdk-documents.js';

/**
 * A project's own life as the official SDK drives it: `update_properties_in_project`,
 * `archive_project`, `delete_project`, with the documents it sends (sdk-documents.ts) and the
 * variables it builds (its `None` values removed, as its GraphQL client does before sending).
 */
const UPDATE_PROJECT = sdkDocument('Kili.update_properties_in_project, every property');
const ARCHIVE_PROJECT = sdkDocument('Kili.archive_project');
const DELETE_PROJECT = sdkDocument('Kili.delete_project');
const PROJECTS = sdkDocument('projects, default fields');
const COUNT_PROJECTS = sdkDocument('GQL_COUNT_PROJECTS');

describe('emulator: projects as the SDK updates, archives and deletes them', () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof createClient>;
  let kili: ReturnType<typeof createKili>;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = createClient(emulator);
    kili = createKili(client);
  });
  afterAll(() => emulator.close());

  const data = async <T>(document: string, variables: Record<string, unknown>) =>
    (await client.request<{ data: T }>(document, variables)).data;
  const readProject = async (projectId: string, where: Record<string, unknown> = {}) =>
    (
      await data<Record<string, unknown>[]>(PROJECTS, {
        where: { id: projectId, ...where },
        first: 1,
        skip: 0,
      })
    )[0];

  it('writes every property update_properties_in_project sends and answers with them', async () => {
    const projectId = await kili.createProject('Before');
    const properties = {
      canNavigateBetweenAssets: false,
      canSkipAsset: true,
      complianceTags: ['PHI'],
      consensusMark: 0.1,
      consensusTotCoverage: 10,
      description: 'After, described',
      honeypotMark: 0.2,
      instructions: 'https://example.com/guidelines',
      jsonInterface: '{"jobs": {"JOB_0": {"mlTask": "CLASSIFICATION"}}}',
      minConsensusSize: 2,
      reviewCoverage: 5,
      shouldAutoAssign: false,
      shouldRelaunchKpiComputation: true,
      title: 'After',
      useHoneyPot: true,
      metadataProperties: {
        score: {
          type: 'number',
          filterable: true,
          visibleByLabeler: false,
          visibleByReviewer: true,
        },
      },
    };
    const answer = await data<Record<string, unknown>>(UPDATE_PROJECT, {
      data: properties,
      where: { id: projectId },
    });
    expect(answer).toEqual({ id: projectId, ...properties });

    expect(await readProject(projectId)).toMatchObject({
      title: 'After',
      consensusTotCoverage: 10,
      minConsensusSize: 2,
      reviewCoverage: 5,
      jsonInterface: properties.jsonInterface,
    });
  });

  it('keeps what a later update leaves out, and refuses values Kili refuses, changing nothing', async () => {
    const projectId = await kili.createProject('Kept');
    await data(UPDATE_PROJECT, { data: { reviewCoverage: 30 }, where: { id: projectId } });
    const answer = await data<Record<string, unknown>>(UPDATE_PROJECT, {
      data: { description: 'second' },
      where: { id: projectId },
    });
    expect(answer).toMatchObject({ description: 'second', reviewCoverage: 30 });

    const refused = [
      { reviewCoverage: 101 },
      { minConsensusSize: 0 },
      { jsonInterface: '{"jobs": ' },
      { jsonInterface: '[]' },
      { title: ' ' },
      { title: 'Never written', consensusTotCoverage: -1 },
    ];
    for (const properties of refused) {
      const code = await captureErrorCode(
        data(UPDATE_PROJECT, { data: properties, where: { id: projectId } }),
      );
      expect(code, JSON.stringify(properties)).toBe('invalidInput');
    }
    expect(await readProject(projectId)).toMatchObject({ title: 'Kept', reviewCoverage: 30 });
  });

  it('archives and unarchives with archive_project, and filters on archived', async () => {
    const projectId = await kili.createProject('Archived');
    const other = await kili.createProject('Active');
    const answer = await data<{ id: string }>(ARCHIVE_PROJECT, {
      projectID: projectId,
      archived: true,
    });
    expect(answer).toEqual({ id: projectId });
    const ids = async (where: Record<string, unknown>) =>
      (await data<{ id: string }[]>(PROJECTS, { where, first: 100, skip: 0 })).map(
        (project) => project.id,
      );
    expect(await ids({ archived: true })).toEqual([projectId]);
    expect(await ids({ archived: false })).toContain(other);
    expect(await ids({ archived: false })).not.toContain(projectId);

    await data(ARCHIVE_PROJECT, { projectID: projectId, archived: false });
    expect(await ids({ archived: true })).toEqual([]);
  });

  it('deletes with delete_project: the id back, then gone from every read but deleted: true', async () => {
    const projectId = await kili.createProject('Deleted', 'TEXT');
    await kili.append(projectId, { externalIDArray: ['a', 'b'], contentArray: ['x', 'y'] });
    const path = `projects/${projectId}/assets/a/content`;
    const { urls } = await client.request<{ urls: string[] }>(OPS.signedUrls, {
      filePaths: [path],
    });
    await fetch(urls[0]!.split('&id=')[0]!, { method: 'PUT', body: 'text' });
    const countBefore = await data<number>(COUNT_PROJECTS, { where: {} });

    expect(await data<string>(DELETE_PROJECT, { where: { id: projectId } })).toBe(projectId);

    expect(await readProject(projectId)).toBeUndefined();
    expect(await data<number>(COUNT_PROJECTS, { where: {} })).toBe(countBefore - 1);
    expect(await readProject(projectId, { deleted: true })).toMatchObject({ id: projectId });
    expect(await captureErrorCode(kili.assets({ project: { id: projectId } }))).toBe(
      'noAccessRights',
    );
    expect(await captureErrorCode(kili.count({ project: { id: projectId } }))).toBe(
      'noAccessRights',
    );
    const file = await fetch(`${emulator.url}/api/label/v2/files?id=${encodeURIComponent(path)}`, {
      headers: { authorization: `X-API-Key: ${API_KEY}` },
    });
    expect(file.status).toBe(404);
  });

  it('refuses to delete twice, and any project write on a deleted or unknown project', async () => {
    const projectId = await kili.createProject('Twice');
    await data(DELETE_PROJECT, { where: { id: projectId } });
    for (const id of [projectId, 'clnosuchproject0000000000']) {
      expect(await captureErrorCode(data(DELETE_PROJECT, { where: { id } }))).toBe(
        'noAccessRights',
      );
      expect(
        await captureErrorCode(data(UPDATE_PROJECT, { data: { title: 'x' }, where: { id } })),
      ).toBe('noAccessRights');
      expect(await captureErrorCode(data(ARCHIVE_PROJECT, { projectID: id, archived: true }))).toBe(
        'noAccessRights',
      );
      expect(await captureErrorCode(kili.append(id, { externalIDArray: ['late'] }))).toBe(
        'noAccessRights',
      );
    }
  });
});

import type { RunningEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_OPS, type WorkflowAsset } from './emulator-sdk-ops.js';
import {
  createClient,
  createKili,
  makeIds,
  OPS,
  postGraphql,
  startTestEmulator,
} from './emulator-support.js';

interface ErrorBody {
  data: unknown;
  errors: { message: string; extensions?: { code?: string } }[];
}

describe('emulator: what the SDK reads besides assets (organizations, project defaults)', () => {
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

  it("answers the SDK's licence pre-check: the viewer's organization allows local uploads", async () => {
    const viewer = await data<{ email: string }>(OPS.viewer, {});
    const page = { first: 1, skip: 0 };
    const organizations = await data<{ id: string; license: { uploadLocalData: boolean } }[]>(
      SDK_OPS.organizations,
      { where: { user: { email: viewer.email } }, ...page },
    );
    expect(organizations).toHaveLength(1);
    expect(organizations[0]?.license.uploadLocalData).toBe(true);
    const count = (where: Record<string, unknown>) =>
      data<number>(SDK_OPS.countOrganizations, { where });
    expect(await count({ user: { email: viewer.email } })).toBe(1);
    expect(await count({})).toBe(1);
    expect(await count({ id: organizations[0]?.id })).toBe(1);
    expect(await count({ id: 'cl-another-organization' })).toBe(0);
    expect(await count({ user: { email: 'stranger@example.com' } })).toBe(0);
  });

  it("serves projects() with the SDK's default fields and no data connection", async () => {
    const projectId = await kili.createProject('Defaults');
    const [project] = await data<Record<string, unknown>[]>(SDK_OPS.projectDefaults, {
      where: { id: projectId },
      first: 1,
      skip: 0,
    });
    const viewer = await data<{ id: string; email: string }>(OPS.viewer, {});
    expect(project).toMatchObject({
      id: projectId,
      title: 'Defaults',
      consensusTotCoverage: 0,
      minConsensusSize: 1,
      reviewCoverage: 0,
      dataConnections: [],
      roles: [{ role: 'ADMIN', user: { id: viewer.id, email: viewer.email } }],
    });
  });
});

describe('emulator: asset filters the SDK sends', () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof createClient>;
  let kili: ReturnType<typeof createKili>;
  let projectId: string;
  let ids: string[];

  const read = async (where: Record<string, unknown>) =>
    (
      await client.request<{ data: WorkflowAsset[] }>(SDK_OPS.assetsV2, {
        where: { project: { id: projectId }, ...where },
        first: 100,
        skip: 0,
      })
    ).data;
  const externalIds = async (where: Record<string, unknown>) =>
    (await read(where)).map((asset) => asset.externalId);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = createClient(emulator);
    kili = createKili(client);
    projectId = await kili.createProject();
    ids = makeIds('filt', 6);
    await kili.append(projectId, {
      idArray: ids,
      externalIDArray: ['n1', 'n2', 'n3', 'n4', 's3', 'none'],
      jsonMetadataArray: [
        '{"n":1,"s":"a"}',
        '{"n":2,"s":"b"}',
        '{"n":3.5,"s":"c"}',
        '{"n":4}',
        '{"n":"3"}',
        '{}',
      ],
    });
    await kili.update(
      [{ id: ids[0] }, { id: ids[1] }],
      [
        { toBeLabeledBy: ['alice@example.com', 'bob@example.com'] },
        { toBeLabeledBy: ['carol@example.com'] },
      ],
    );
  });
  afterAll(() => emulator.close());

  it('reads metadata {key: [low, high]} as a numeric range, other lists as "one of"', async () => {
    expect(await externalIds({ metadata: { n: [2, 4] } })).toEqual(['n2', 'n3', 'n4']);
    expect(await externalIds({ metadata: { n: [4, 2] } })).toEqual(['n2', 'n3', 'n4']);
    expect(await externalIds({ metadata: { n: [1, 2, 4] } })).toEqual(['n1', 'n2', 'n4']);
    expect(await externalIds({ metadata: { s: ['a', 'c'] } })).toEqual(['n1', 'n3']);
    expect(await externalIds({ metadata: { n: ['3', 4] } })).toEqual(['n4', 's3']);
    expect(await kili.count({ project: { id: projectId }, metadata: { n: [3, 3.5] } })).toBe(1);
  });

  it('filters by assignee, by email or by user id, in or outside a list', async () => {
    const [first] = await read({ id: ids[0] });
    const bobId = first?.toBeLabeledBy.find((entry) => entry.user.email === 'bob@example.com')?.user
      .id;
    expect(first?.toBeLabeledBy.map((entry) => entry.role)).toEqual(['LABELER', 'LABELER']);
    expect(await externalIds({ assigneeIn: ['carol@example.com'] })).toEqual(['n2']);
    expect(await externalIds({ assigneeIn: [bobId] })).toEqual(['n1']);
    expect(await externalIds({ assigneeIn: ['carol@example.com', bobId] })).toEqual(['n1', 'n2']);
    expect(await externalIds({ assigneeIn: ['nobody@example.com'] })).toEqual([]);
    // An assigned user outside the list: n1 has bob besides alice; unassigned assets have none.
    expect(await externalIds({ assigneeNotIn: ['alice@example.com'] })).toEqual(['n1', 'n2']);
    expect(await externalIds({ assigneeNotIn: ['alice@example.com', bobId] })).toEqual(['n2']);
  });

  it('has no inference marks nor workflow steps, so those filters match nothing', async () => {
    const assets = await read({});
    expect(assets).toHaveLength(6);
    expect(
      assets.every((asset) => asset.currentStep === null && asset.inferenceMark === null),
    ).toBe(true);
    for (const where of [
      { inferenceMarkGte: 0 },
      { inferenceMarkLte: 1 },
      { stepIdIn: ['step-1'] },
      { stepIdNotIn: ['step-1'] },
      { stepStatusIn: ['TO_DO'] },
      { stepStatusNotIn: ['DONE'] },
    ]) {
      expect(await kili.count({ project: { id: projectId }, ...where })).toBe(0);
    }
  });
});

describe('emulator: requests the schema refuses', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());

  it('answers with errors that carry extensions.code, which the SDK reads on every error', async () => {
    const unknownField = await postGraphql(emulator, OPS.countAssets, {
      where: { project: { id: 'p' }, assigneeIn: ['x'], noSuchFilter: true },
    });
    const missingVariable = await postGraphql(emulator, OPS.countAssets, {});
    for (const response of [unknownField, missingVariable]) {
      const body = (await response.json()) as ErrorBody;
      expect(body.data).toBeNull();
      expect(body.errors[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    }
    const refused = (await (
      await postGraphql(emulator, OPS.countAssets, { where: { nope: 1 } })
    ).json()) as ErrorBody;
    // The SDK does not retry messages of this form (its graphql_client matches them).
    expect(refused.errors[0]?.message).toMatch(
      /^Variable "\$where" got invalid value .*Field "nope" is not defined by type "AssetWhere"/,
    );
    for (const document of ['{ viewer { id ', '{ viewer { nope } }']) {
      const body = (await (await postGraphql(emulator, document)).json()) as ErrorBody;
      expect(body.errors[0]?.extensions?.code).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/);
    }
  });
});

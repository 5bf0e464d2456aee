import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../bench/emulator-harness.js';
import {
  AppendManyAssetsDocument,
  DeleteManyFromDatasetDocument,
  UpdatePropertiesInAssetsDocument,
} from '../../src/graphql/generated.js';
import type { Plan } from '../../src/plan/types.js';
import { readAndPlan, type SnapshotCache } from '../../src/workflows/plan.js';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy.js';
import {
  type ApplyFixture,
  createPatientClient,
  labelAsset,
  listAllAssets,
  manifest,
  startApplyFixture,
  workflowOptions,
} from './apply-support.js';

/**
 * Incremental plans must equal full reads, byte for byte (`createdAt` and the read method
 * aside). Rounds of seeded random changes by another client; after each, a plan from the
 * snapshot is compared with a plan that reads everything. Every few rounds a change lands in
 * the middle of the incremental read (before its deletion count). More rounds:
 * KILI_SYNC_EQUIVALENCE_ROUNDS=500 (and KILI_SYNC_EQUIVALENCE_SEED to replay one).
 */
const ROUNDS = Number(process.env.KILI_SYNC_EQUIVALENCE_ROUNDS ?? 50);
const SEED = Number(process.env.KILI_SYNC_EQUIVALENCE_SEED ?? 20_261_130);
const IDS = 60;

function withoutReadFacts(plan: Plan): unknown {
  return {
    ...plan,
    createdAt: undefined,
    projects: plan.projects.map((project) => ({ ...project, read: undefined })),
  };
}

describe('incremental plans', () => {
  let fixture: ApplyFixture;
  let proxy: TestProxy;
  let cacheFolder: string;

  beforeAll(async () => {
    fixture = await startApplyFixture();
    proxy = await startTestProxy(fixture.emulator.graphqlUrl);
    cacheFolder = await mkdtemp(join(tmpdir(), 'kili-sync-cache-'));
  });

  afterAll(async () => {
    await proxy?.close();
    await fixture?.close();
    await rm(cacheFolder, { recursive: true, force: true });
  });

  it(
    `equal full reads after ${ROUNDS} rounds of random remote changes (seed ${SEED})`,
    async () => {
      const next = createSeededRandom(SEED);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
      const externalId = () => `a-${String(Math.floor(next() * IDS)).padStart(3, '0')}`;
      const projectId = await fixture.createProject('equivalence');
      const client = fixture.client;

      const append = async (count: number) => {
        const ids = Array.from({ length: count }, externalId);
        await client.request(AppendManyAssetsDocument, {
          data: {
            contentArray: ids.map((id) => `https://cdn.example.com/${id}.jpg`),
            externalIDArray: ids,
            jsonMetadataArray: ids.map(() => JSON.stringify({ n: Math.floor(next() * 3) })),
          },
          where: { id: projectId },
        });
      };
      const changes: Array<() => Promise<void>> = [
        () => append(1 + Math.floor(next() * 3)),
        // Now and then more than a page: several pages of changes, ties of createdAt.
        () => append(next() < 0.2 ? 120 : 2),
        async () => {
          const asset = pick(await listAllAssets(client, projectId));
          if (asset === undefined) return;
          const data = pick([
            { externalId: externalId() },
            { content: `https://cdn.example.com/v${Math.floor(next() * 3)}.jpg` },
            { jsonMetadata: JSON.stringify({ n: Math.floor(next() * 3) }) },
            { priority: Math.floor(next() * 3) },
            { isHoneypot: next() < 0.5 },
            { toBeLabeledBy: next() < 0.5 ? [] : ['labeler@example.com'] },
          ]);
          await client.request(UpdatePropertiesInAssetsDocument, {
            whereArray: [{ id: asset.id }],
            dataArray: [data],
          });
        },
        async () => {
          const assets = await listAllAssets(client, projectId);
          const doomed = Array.from({ length: 1 + Math.floor(next() * 2) }, () => pick(assets));
          const idIn = doomed.flatMap((asset) => (asset === undefined ? [] : [asset.id]));
          if (idIn.length > 0)
            await client.request(DeleteManyFromDatasetDocument, { where: { idIn } });
        },
        async () => {
          const asset = pick(await listAllAssets(client, projectId));
          if (asset !== undefined) await labelAsset(client, asset.id);
        },
      ];

      // Declares half of the IDs, some with other fields and renames; prune on.
      const declared = Array.from({ length: IDS / 2 }, (_, i) => {
        const id = `a-${String(i * 2).padStart(3, '0')}`;
        const rename =
          i % 7 === 3 ? `\n    renamedFrom: a-${String(i * 2 + 1).padStart(3, '0')}` : '';
        return `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg\n    jsonMetadata: { n: ${i % 3} }${rename}`;
      });
      const path = join(fixture.folder, 'equivalence.yaml');
      await writeFile(path, manifest(projectId, declared.join(''), true));
      await append(350);

      const cache: SnapshotCache = { dir: cacheFolder, refresh: false, marginMs: 0 };
      const plan = (endpoint: string, withCache: SnapshotCache | undefined) =>
        readAndPlan(
          workflowOptions(fixture, [path], {
            client: createPatientClient(endpoint),
            cache: withCache,
          }),
        ).then((result) => result.plan);

      await plan(proxy.graphqlUrl, cache);
      const methods: Record<string, number> = {};
      const located = { count: 0 };
      for (let round = 0; round < ROUNDS; round += 1) {
        const count = 1 + Math.floor(next() * 4);
        for (let i = 0; i < count; i += 1) await pick(changes)();
        // Every fifth round, another change lands after the changed assets were read.
        if (round % 5 === 4) proxy.before('countAssets', () => pick(changes)());
        const incremental = await plan(proxy.graphqlUrl, cache);
        const full = await plan(proxy.graphqlUrl, undefined);
        const read = incremental.projects[0]!.read!;
        methods[read.method] = (methods[read.method] ?? 0) + 1;
        if (read.deletions === 'located') located.count += 1;
        if (round % 5 !== 4) {
          expect(withoutReadFacts(incremental), `round ${round}`).toEqual(withoutReadFacts(full));
          expect(incremental.planHash).toBe(full.planHash);
        }
      }
      // Most rounds are read from the snapshot (the others fall back to a full read).
      expect(methods.incremental ?? 0).toBeGreaterThan(ROUNDS / 2);
      expect(located.count).toBeGreaterThan(0);
    },
    Math.max(600_000, ROUNDS * 10_000),
  );
});

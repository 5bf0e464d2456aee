import { join } from 'node:path';
import type { BenchSizes } from './config.js';
import { startBenchEmulator } from './emulator-harness.js';
import {
  type DriftCounts,
  type GeneratedAsset,
  generateAsset,
  generateAssets,
  generateDriftedAssets,
  generateSparseAssets,
  writeJsonl,
  writeManifest,
} from './generate-data.js';
import { seedProject } from './seed-project.js';

export const SCENARIO_NAMES = [
  'plan-small',
  'plan-large',
  'plan-sparse',
  'pure-diff',
  'apply',
  'validate',
  'jsonl',
  'plan-json',
  'startup',
  'plan-html',
  'soak',
  'reliability',
  'local-files',
  'media',
  'incremental',
  'equivalence',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const SEEDED_AGO_MS = 60 * 60 * 1000;

/** The projects of the measured database: ids, generated-data prefixes and asset counts. */
export const PROJECTS = {
  planSmall: { id: 'bench-plan-small', prefix: 'ps' },
  planLarge: { id: 'bench-plan-large', prefix: 'pl' },
  appendOurs: { id: 'bench-append-ours', prefix: 'ap' },
  appendTheirs: { id: 'bench-append-theirs', prefix: 'ap' },
  updateOurs: { id: 'bench-update-ours', prefix: 'up' },
  updateTheirs: { id: 'bench-update-theirs', prefix: 'up' },
} as const;

/** Every generated file and seeded project the scenarios use. */
export interface Fixtures {
  db: string;
  manifests: Record<string, string>;
  /** Data files the manifests read, by scenario (the references parse them too). */
  dataFiles: Record<string, string>;
  drift: { small: DriftCounts; large: DriftCounts; pureDiff: DriftCounts };
}

/**
 * Writes the manifests and data files, then seeds the projects the selected scenarios read
 * through an unthrottled, fault-free emulator on a SQLite file, closed before measuring.
 */
export async function prepareFixtures(
  workDir: string,
  sizes: BenchSizes,
  apiKey: string,
  selected: ReadonlySet<ScenarioName>,
  log: (message: string) => void,
): Promise<Fixtures> {
  const manifests: Record<string, string> = {};
  const dataFiles: Record<string, string> = {};
  const path = (name: string) => join(workDir, name);
  const write = async (name: string, project: string, assets: GeneratedAsset[], prune = false) => {
    manifests[name] = path(`${name}.yaml`);
    await writeManifest(manifests[name], { project, prune, assets });
  };
  const small = generateDriftedAssets(PROJECTS.planSmall.prefix, sizes.planSmall);
  const large = generateDriftedAssets(PROJECTS.planLarge.prefix, sizes.planLarge);
  const pureDiff = generateDriftedAssets('diff', sizes.pureDiff).drift;

  log('writing manifests and data files');
  if (selected.has('plan-small')) await write('plan-small', PROJECTS.planSmall.id, small.assets);
  if (selected.has('plan-large') || selected.has('incremental')) {
    await write('plan-large', PROJECTS.planLarge.id, large.assets);
  }
  if (selected.has('plan-sparse')) {
    const sparse = generateSparseAssets(
      PROJECTS.planLarge.prefix,
      sizes.declaredPruneOff,
      sizes.planLarge,
    );
    await write('plan-sparse', PROJECTS.planLarge.id, sparse);
  }
  if (selected.has('apply')) {
    const appends = generateAssets(PROJECTS.appendOurs.prefix, sizes.appends);
    await write('append-ours', PROJECTS.appendOurs.id, appends);
    await write('append-theirs', PROJECTS.appendTheirs.id, appends);
    const updated = Array.from({ length: sizes.updates }, (_, index) => {
      const asset = generateAsset(PROJECTS.updateOurs.prefix, index);
      return { ...asset, jsonMetadata: { ...asset.jsonMetadata, split: 'updated' } };
    });
    await write('update-ours', PROJECTS.updateOurs.id, updated);
    await write('update-theirs', PROJECTS.updateTheirs.id, updated);
    // Only external IDs: field ownership leaves every other field alone, so only deletes remain.
    const kept = Array.from({ length: sizes.updates - sizes.deletes }, (_, index) => ({
      externalId: generateAsset(PROJECTS.updateOurs.prefix, index).externalId,
    }));
    await write('delete-ours', PROJECTS.updateOurs.id, kept, true);
    await write('delete-theirs', PROJECTS.updateTheirs.id, kept, true);
  }
  if (selected.has('validate')) {
    await write('validate', 'bench-validate', generateAssets('val', sizes.validateAssets));
  }
  if (selected.has('jsonl')) {
    dataFiles.jsonl = path('assets.jsonl');
    await writeJsonl(dataFiles.jsonl, 'jl', sizes.jsonlLines);
    manifests.jsonl = path('jsonl.yaml');
    await writeManifest(manifests.jsonl, {
      project: 'bench-jsonl',
      sources: [{ jsonl: 'assets.jsonl' }],
    });
  }

  const db = path('bench.sqlite');
  const seeds: [string, string, number][] = [
    [PROJECTS.planSmall.id, PROJECTS.planSmall.prefix, sizes.planSmall],
    [PROJECTS.planLarge.id, PROJECTS.planLarge.prefix, sizes.planLarge],
    [PROJECTS.appendOurs.id, PROJECTS.appendOurs.prefix, 0],
    [PROJECTS.appendTheirs.id, PROJECTS.appendTheirs.prefix, 0],
    [PROJECTS.updateOurs.id, PROJECTS.updateOurs.prefix, sizes.updates],
    [PROJECTS.updateTheirs.id, PROJECTS.updateTheirs.prefix, sizes.updates],
  ];
  const needed = seeds.filter(([id]) => isSeedNeeded(id, selected));
  const drift = { small: small.drift, large: large.drift, pureDiff };
  if (needed.length === 0) return { db, manifests, dataFiles, drift };
  const seeding = await startBenchEmulator({
    db,
    apiKey,
    projectIds: needed.map(([id]) => id),
    // Seeded an hour back, as a project's assets were written long before anyone plans it:
    // otherwise every asset would fall within an incremental plan's safety margin.
    now: () => Date.now() - SEEDED_AGO_MS,
  });
  try {
    for (const [id, prefix, count] of needed) {
      if (count === 0) continue;
      log(`seeding ${id} with ${count.toLocaleString('en-US')} assets`);
      await seedProject(seeding.graphqlUrl, apiKey, id, prefix, count);
    }
  } finally {
    await seeding.close();
  }
  return { db, manifests, dataFiles, drift };
}

function isSeedNeeded(projectId: string, selected: ReadonlySet<ScenarioName>): boolean {
  if (projectId === PROJECTS.planSmall.id) return selected.has('plan-small');
  if (projectId === PROJECTS.planLarge.id) {
    return selected.has('plan-large') || selected.has('plan-sparse') || selected.has('incremental');
  }
  return selected.has('apply');
}

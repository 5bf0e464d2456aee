import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { KiliSyncError } from './errors.js';
import type { EmulatorStore } from './store.js';

export interface SeedProject {
  id: string;
  title: string;
  inputType: string;
  description?: string;
  /** Assets the project starts with, e.g. the old name of an asset a manifest renames. */
  assets?: SeedAsset[];
}

export interface SeedAsset {
  externalId: string;
  content?: string;
  jsonMetadata?: Record<string, unknown>;
}

/** `--seed FILE`: projects created with fixed ids, so manifests can name a known project. */
export interface SeedFile {
  projects: SeedProject[];
}

const INPUT_TYPES = new Set([
  'IMAGE',
  'GEOSPATIAL',
  'PDF',
  'TEXT',
  'VIDEO',
  'VIDEO_LEGACY',
  'AUDIO',
  'TIME_SERIES',
  'LLM_RLHF',
  'LLM_INSTR_FOLLOWING',
  'LLM_STATIC',
  'URL',
  'NA',
]);

const SEED_HINT = 'a seed file looks like: projects: [{id: p1, title: Cats, inputType: IMAGE}]';

/** Reads and checks a seed YAML file. */
export function loadSeedFile(path: string): SeedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KiliSyncError('USAGE', `cannot read the seed file ${path}`, {
      hint: 'check the path given to --seed',
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new KiliSyncError('USAGE', `the seed file ${path} is not valid YAML: ${reason}`, {
      hint: SEED_HINT,
      cause: error,
    });
  }
  return checkSeed(data, path);
}

/** Validates seed data (from YAML or given directly), naming the first problem found. */
export function checkSeed(data: unknown, source = 'seed'): SeedFile {
  const fail = (problem: string): never => {
    throw new KiliSyncError('USAGE', `invalid seed (${source}): ${problem}`, { hint: SEED_HINT });
  };
  if (typeof data !== 'object' || data === null || !Array.isArray((data as SeedFile).projects)) {
    return fail('expected a top-level "projects" list');
  }
  const projects = (data as { projects: unknown[] }).projects.map((item, index) => {
    const where = `projects[${index}]`;
    if (typeof item !== 'object' || item === null) return fail(`${where} must be a mapping`);
    const project = item as Record<string, unknown>;
    for (const key of ['id', 'title', 'inputType']) {
      if (typeof project[key] !== 'string' || project[key] === '') {
        fail(`${where}.${key} must be a non-empty string`);
      }
    }
    if (!INPUT_TYPES.has(project.inputType as string)) {
      fail(`${where}.inputType must be one of ${[...INPUT_TYPES].join(', ')}`);
    }
    if (project.description !== undefined && typeof project.description !== 'string') {
      fail(`${where}.description must be a string`);
    }
    if (project.assets !== undefined) checkSeedAssets(project.assets, `${where}.assets`, fail);
    return project as unknown as SeedProject;
  });
  return { projects };
}

function checkSeedAssets(assets: unknown, where: string, fail: (problem: string) => never): void {
  if (!Array.isArray(assets)) fail(`${where} must be a list`);
  (assets as unknown[]).forEach((item, index) => {
    const asset = (typeof item === 'object' && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    if (typeof asset.externalId !== 'string' || asset.externalId === '') {
      fail(`${where}[${index}].externalId must be a non-empty string`);
    }
    if (asset.content !== undefined && typeof asset.content !== 'string') {
      fail(`${where}[${index}].content must be a string`);
    }
    const metadata = asset.jsonMetadata;
    if (
      metadata !== undefined &&
      (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    ) {
      fail(`${where}[${index}].jsonMetadata must be a mapping`);
    }
  });
}

/**
 * Creates the seed's projects that do not exist yet, with their assets; existing ids (deleted
 * projects' included) are left alone, so seeding twice (e.g. on every start with a file database)
 * changes nothing.
 */
export function applySeed(store: EmulatorStore, seed: SeedFile): { created: string[] } {
  const created: string[] = [];
  for (const project of seed.projects) {
    // A seed project deleted since keeps its id (ids are never reused) and stays deleted.
    if (store.projects.exists(project.id)) continue;
    store.createProject(project);
    if (project.assets && project.assets.length > 0) {
      store.assets.append(
        project.id,
        project.assets.map((asset) => ({
          externalId: asset.externalId,
          content: asset.content ?? null,
          jsonMetadata: asset.jsonMetadata ? JSON.stringify(asset.jsonMetadata) : null,
        })),
      );
    }
    created.push(project.id);
  }
  return { created };
}

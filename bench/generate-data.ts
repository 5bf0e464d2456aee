import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** One asset as a manifest declares it (the subset of fields the benchmarks use). */
export interface GeneratedAsset {
  externalId: string;
  content?: string;
  jsonMetadata?: Record<string, unknown>;
  priority?: number;
}

/** The expected outcome of planning a drifted manifest against its seeded project. */
export interface DriftCounts {
  updates: number;
  adds: number;
}

/** One changed asset in this many (0.5 %), and as many new ones: 1 % drift in all. */
const DRIFT_PERIOD = 200;

/** The asset at `index` of a generated set, exactly as it is seeded remotely. */
export function generateAsset(
  prefix: string,
  index: number,
): Required<Pick<GeneratedAsset, 'externalId' | 'content' | 'jsonMetadata'>> {
  const id = String(index).padStart(7, '0');
  return {
    externalId: `${prefix}-${id}`,
    content: `https://cdn.example.com/${prefix}/${id}.jpg`,
    jsonMetadata: { split: index % 10 === 0 ? 'val' : 'train', shard: index % 50 },
  };
}

/** `count` generated assets, in index order. */
export function generateAssets(prefix: string, count: number, start = 0): GeneratedAsset[] {
  return Array.from({ length: count }, (_, offset) => generateAsset(prefix, start + offset));
}

/**
 * The manifest side of a project seeded with `count` assets, drifted by 1 %: 0.5 % of the assets
 * change (half their priority, half their metadata) and 0.5 % are new.
 */
export function generateDriftedAssets(
  prefix: string,
  count: number,
): { assets: GeneratedAsset[]; drift: DriftCounts } {
  const assets: GeneratedAsset[] = [];
  let updates = 0;
  for (let index = 0; index < count; index += 1) {
    const asset: GeneratedAsset = generateAsset(prefix, index);
    if (index % DRIFT_PERIOD === DRIFT_PERIOD / 2) {
      updates += 1;
      if (updates % 2 === 0) asset.priority = 5;
      else asset.jsonMetadata = { ...asset.jsonMetadata, split: 'test' };
    }
    assets.push(asset);
  }
  const adds = Math.max(1, Math.round(count / DRIFT_PERIOD));
  assets.push(...generateAssets(prefix, adds, count));
  return { assets, drift: { updates, adds } };
}

/** Every `step`-th asset of a seeded project, unchanged: a small slice of a large project. */
export function generateSparseAssets(prefix: string, declared: number, total: number) {
  const step = Math.max(1, Math.floor(total / declared));
  return Array.from({ length: declared }, (_, n) => generateAsset(prefix, n * step));
}

export interface ManifestSpec {
  project: string;
  prune?: boolean;
  assets?: GeneratedAsset[];
  sources?: Record<string, unknown>[];
}

/** Writes a `kili-sync/v1` manifest with the `yaml` library. */
export async function writeManifest(path: string, spec: ManifestSpec): Promise<void> {
  const document: Record<string, unknown> = {
    apiVersion: 'kili-sync/v1',
    kind: 'AssetSet',
    project: spec.project,
    prune: spec.prune ?? false,
  };
  if (spec.assets) document.assets = spec.assets;
  if (spec.sources) document.sources = spec.sources;
  await writeFile(path, stringify(document, { lineWidth: 0 }));
}

/** Streams `lines` generated assets as JSONL, one asset object per line. */
export async function writeJsonl(path: string, prefix: string, lines: number): Promise<void> {
  const stream = createWriteStream(path);
  for (let index = 0; index < lines; index += 1) {
    if (!stream.write(`${JSON.stringify(generateAsset(prefix, index))}\n`)) {
      await once(stream, 'drain');
    }
  }
  stream.end();
  await once(stream, 'finish');
}

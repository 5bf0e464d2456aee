import type { DesiredAsset } from '../../src/plan/desired-state.js';
import type { RemoteAsset } from '../../src/plan/remote-state.js';
import type { MapJoinJob, PureDiffFigures } from '../jobs.js';
import { timeSection } from '../measure.js';
import { buildPureDiffInputs } from './pure-diff-inputs.js';

/** What the Map join finds: the least any diff of these records must work out. */
export interface JoinCounts {
  add: number;
  update: number;
  unchanged: number;
}

/**
 * The floor for any diff: remote assets in a Map by external ID, each desired asset looked up
 * and the fields the generated drift touches compared (content, priority, metadata as JSON
 * text), a field left out of the manifest being left alone. No normalisation, no change records.
 */
export function joinByExternalId(desired: DesiredAsset[], remote: RemoteAsset[]): JoinCounts {
  const byExternalId = new Map<string, RemoteAsset>();
  for (const asset of remote) byExternalId.set(asset.externalId, asset);
  const counts: JoinCounts = { add: 0, update: 0, unchanged: 0 };
  for (const asset of desired) {
    const current = byExternalId.get(asset.externalId);
    if (!current) counts.add += 1;
    else if (
      (asset.content !== undefined && asset.content !== current.content) ||
      (asset.priority !== undefined && asset.priority !== current.priority) ||
      (asset.jsonMetadata !== undefined &&
        JSON.stringify(asset.jsonMetadata) !== current.jsonMetadata)
    ) {
      counts.update += 1;
    } else counts.unchanged += 1;
  }
  return counts;
}

/** Times the Map join on exactly the records the pure-diff job gives the planner. */
export async function runMapJoinJob(job: MapJoinJob) {
  const { desired, remote } = buildPureDiffInputs(job.size);
  const project = desired.projects[0]!;
  const remoteAssets = remote.get(project.projectId)?.assets ?? [];
  globalThis.gc?.();
  const measured = await timeSection(async () => joinByExternalId(project.assets, remoteAssets));
  const figures: PureDiffFigures = {
    summary: {
      ...measured.value,
      rename: 0,
      delete: 0,
      remoteCount: remoteAssets.length,
      warnings: 0,
    },
  };
  return { wallMs: measured.wallMs, cpuMs: measured.cpuMs, figures };
}

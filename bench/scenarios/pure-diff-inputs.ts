import type { DesiredProject, DesiredState } from '../../src/plan/desired-state.js';
import type { RemoteAsset, RemoteProjectState } from '../../src/plan/remote-state.js';
import { generateAsset, generateDriftedAssets } from '../generate-data.js';

export const PURE_DIFF_PROJECT_ID = 'bench-pure-diff';

/** What the pure diff compares: N declared assets (1 % drift) and the N remote ones. */
export interface PureDiffInputs {
  desired: DesiredState;
  remote: Map<string, RemoteProjectState>;
}

/** The same generated records for the planner and for its reference, the Map join. */
export function buildPureDiffInputs(size: number): PureDiffInputs {
  const prefix = 'diff';
  const { assets } = generateDriftedAssets(prefix, size);
  const project: DesiredProject = {
    projectId: PURE_DIFF_PROJECT_ID,
    prune: false,
    assets: assets.map((asset, index) => ({
      ...asset,
      source: { file: 'assets.yaml', line: index + 6, col: 5 },
    })),
    manifestFiles: ['assets.yaml'],
  };
  const desired: DesiredState = {
    projects: [project],
    manifestFiles: ['assets.yaml'],
    warnings: [],
  };
  const remoteAssets = Array.from({ length: size }, (_, index) =>
    toRemote(generateAsset(prefix, index), index),
  );
  const remote = new Map<string, RemoteProjectState>([
    [
      PURE_DIFF_PROJECT_ID,
      {
        project: { id: PURE_DIFF_PROJECT_ID, title: PURE_DIFF_PROJECT_ID, inputType: 'IMAGE' },
        count: remoteAssets.length,
        assets: remoteAssets,
        partial: false,
        warnings: [],
      },
    ],
  ]);
  return { desired, remote };
}

function toRemote(asset: ReturnType<typeof generateAsset>, index: number): RemoteAsset {
  const createdAt = new Date(Date.UTC(2024, 0, 1) + index).toISOString();
  return {
    id: `c${String(index).padStart(24, '0')}`,
    externalId: asset.externalId,
    content: asset.content,
    jsonContent: '',
    jsonMetadata: JSON.stringify(asset.jsonMetadata),
    priority: 0,
    isHoneypot: false,
    honeypotMark: null,
    consensusMark: null,
    isUsedForConsensus: false,
    toBeLabeledBy: [],
    status: 'TODO',
    labelCount: 0,
    createdAt,
    updatedAt: createdAt,
  };
}

import { createHash } from 'node:crypto';
import type { ProjectPlan } from '../plan/types.js';

/** Distinct base-36 characters after the leading `c`: a cuid is 25 characters long. */
const ID_BODY_LENGTH = 24;
const ID_BODY_SPACE = 36n ** BigInt(ID_BODY_LENGTH);

/**
 * The id a new asset is created with: derived from the project, the external ID and the
 * attempt, never random, so every run that adds the same asset sends the same id. The server
 * refuses an id that exists, so a second append of one asset (a concurrent run, a rerun after a
 * crash) fails instead of creating a copy, and reading that id back tells what happened.
 * Attempt k > 0 is only used when the ids before it are taken by assets this project no longer
 * shows (deleted, or renamed away); every run walks the same sequence.
 *
 * The shape is a cuid, as the official SDK sends: `c` and 24 lower-case base-36 characters.
 */
export function deriveAssetId(projectId: string, externalId: string, attempt = 0): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(['kili-sync asset id', projectId, externalId, attempt]))
    .digest();
  const value = BigInt(`0x${digest.subarray(0, 20).toString('hex')}`) % ID_BODY_SPACE;
  return `c${value.toString(36).padStart(ID_BODY_LENGTH, '0')}`;
}

/** The id each add of the project is first sent with, by external ID. */
export function deriveNewAssetIds(
  project: Pick<ProjectPlan, 'projectId' | 'changes'>,
): Map<string, string> {
  return new Map(
    project.changes
      .filter((change) => change.action === 'add')
      .map((change) => [change.externalId, deriveAssetId(project.projectId, change.externalId)]),
  );
}

import { isInterrupted } from '../errors.js';
import type { KiliClient } from '../kili/client.js';
import { findExistingExternalIds, readAssetsByIds } from '../kili/read-assets.js';
import type { AddChange, ProjectPlan } from '../plan/types.js';
import { describeFailure, type PreparationOutcome } from './apply-result.js';
import { deriveAssetId } from './asset-ids.js';

/** The adds found in the project, and which of them another run had made. */
export interface AddsAlreadyPresent extends PreparationOutcome {
  /**
   * Found under the id this run would have sent (attempt 0 of its derived ids): another
   * kili-sync run made it from the same manifests. Left out, counted as already added.
   */
  alreadyAdded: AddChange[];
}

/**
 * Looks up the external IDs a project's plan adds, right before appending: another run (a
 * second CI job, a colleague's script) may have created some since the plan was read, and
 * adding them again would duplicate them. Costs one call per 1,000 adds, and when some are
 * found, one per 100 of them to tell another kili-sync run's (its derived id) from anyone's.
 */
export async function findAddsAlreadyPresent(
  client: KiliClient,
  project: ProjectPlan,
): Promise<AddsAlreadyPresent> {
  const adds = project.changes.filter((change) => change.action === 'add');
  if (adds.length === 0) return { failed: [], interrupted: false, alreadyAdded: [] };
  let existing: Set<string>;
  try {
    existing = new Set(
      await findExistingExternalIds(
        client,
        project.projectId,
        adds.map((change) => change.externalId),
      ),
    );
  } catch (error) {
    if (isInterrupted(error)) return { failed: [], interrupted: true, alreadyAdded: [] };
    const message = `not added: could not check that it is still absent: ${describeFailure(error)}`;
    return {
      failed: adds.map((change) => ({ change, message })),
      interrupted: false,
      alreadyAdded: [],
    };
  }
  const found = adds.filter((change) => existing.has(change.externalId));
  if (found.length === 0) return { failed: [], interrupted: false, alreadyAdded: [] };
  let derived: Set<string>;
  try {
    const ids = found.map((change) => deriveAssetId(project.projectId, change.externalId));
    const assets = await readAssetsByIds(client, project.projectId, ids);
    derived = new Set(assets.map((asset) => `${asset.id} ${asset.externalId}`));
  } catch (error) {
    if (isInterrupted(error)) return { failed: [], interrupted: true, alreadyAdded: [] };
    // Whose they are is unknown: set aside as anyone's would be.
    derived = new Set();
  }
  const byAnotherRun = (change: AddChange) =>
    derived.has(`${deriveAssetId(project.projectId, change.externalId)} ${change.externalId}`);
  const message = 'not added: it was created since the plan was read; run kili-sync plan again';
  return {
    failed: found.filter((change) => !byAnotherRun(change)).map((change) => ({ change, message })),
    interrupted: false,
    alreadyAdded: found.filter(byAnotherRun),
  };
}

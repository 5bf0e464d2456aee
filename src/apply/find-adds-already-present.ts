import { isInterrupted } from '../errors.js';
import type { KiliClient } from '../kili/client.js';
import { findExistingExternalIds } from '../kili/read-assets.js';
import type { ProjectPlan } from '../plan/types.js';
import { describeFailure, type PreparationOutcome } from './apply-result.js';

/**
 * Looks up the external IDs a project's plan adds, right before appending: another run (a
 * second CI job, a colleague's script) may have created some since the plan was read, and
 * adding them again would duplicate them. Costs one call per 1,000 adds.
 */
export async function findAddsAlreadyPresent(
  client: KiliClient,
  project: ProjectPlan,
): Promise<PreparationOutcome> {
  const adds = project.changes.filter((change) => change.action === 'add');
  if (adds.length === 0) return { failed: [], interrupted: false };
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
    if (isInterrupted(error)) return { failed: [], interrupted: true };
    const message = `not added: could not check that it is still absent: ${describeFailure(error)}`;
    return { failed: adds.map((change) => ({ change, message })), interrupted: false };
  }
  const message = 'not added: it was created since the plan was read; run kili-sync plan again';
  return {
    failed: adds
      .filter((change) => existing.has(change.externalId))
      .map((change) => ({ change, message })),
    interrupted: false,
  };
}

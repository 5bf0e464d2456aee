import { isInterrupted } from '../errors.js';
import type { KiliClient } from '../kili/client.js';
import { findDuplicateExternalIds } from '../kili/find-duplicate-external-ids.js';
import type { ApplyResult } from '../plan/apply-result.js';
import { compareByProjectThenExternalId, describeFailure } from './apply-result.js';

/**
 * Looks the added external IDs up once more: a writer that does not derive ids as kili-sync
 * does (a script, the SDK) may have added the same ones meanwhile, and only a dedupe removes
 * such copies. Costs one call per 1,000 added assets when there are none.
 */
export async function checkAddedDuplicates(
  client: KiliClient,
  result: ApplyResult,
  projectId: string,
  externalIds: string[],
): Promise<void> {
  try {
    const duplicates = await findDuplicateExternalIds(client, projectId, externalIds);
    for (const [externalId, copies] of duplicates) {
      result.duplicates.push({ projectId, externalId, copies });
    }
    result.duplicates.sort(compareByProjectThenExternalId);
  } catch (error) {
    if (isInterrupted(error)) return;
    result.warnings.push(
      `could not check the assets added to ${projectId} for duplicates: ${describeFailure(error)} ` +
        '(kili-sync plan reports any)',
    );
  }
}

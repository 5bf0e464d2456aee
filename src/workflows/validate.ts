import { isKiliSyncError, type KiliSyncError } from '../errors.js';
import { checkDesiredState } from '../manifest/index.js';
import type { CheckedState } from '../plan/desired-state.js';

export type ValidationOutcome =
  | { valid: true; state: CheckedState }
  | { valid: false; error: KiliSyncError };

/**
 * `validate`: load and check the manifests offline (YAML, schema, files, duplicates), every
 * problem at once. Invalid input is an outcome, not an exception, so it can be rendered as data.
 */
export async function validateManifests(
  paths: string[],
  options: { cwd: string; root?: string; verbose: boolean },
): Promise<ValidationOutcome> {
  try {
    return { valid: true, state: await checkDesiredState(paths, options) };
  } catch (error) {
    if (!isKiliSyncError(error)) throw error;
    return { valid: false, error };
  }
}

import { resolve } from 'node:path';
import { KiliSyncError } from '../errors.js';
import { checkLocalFile, describeLocalFileProblem, type LocalRoot } from '../files/local-root.js';
import { localFilesOf } from '../plan/change-files.js';
import { capDetailLines } from '../plan/detail-lines.js';
import type { Plan } from '../plan/types.js';

/**
 * Before anything is read or sent, every local file a saved plan names must be found, and be a
 * regular file inside the root. A saved plan is a file anyone could have edited, so it gets
 * the manifest's confinement; and a plan run from another folder than the one `plan` ran in
 * finds none of its files, which is no reason to call the plan stale.
 */
export function checkPlanFiles(plan: Plan, baseDir: string, root: LocalRoot): void {
  const refused: string[] = [];
  const missing: string[] = [];
  let hint: string | undefined;
  for (const project of plan.projects) {
    for (const change of project.changes) {
      for (const file of localFilesOf(change)) {
        const checked = checkLocalFile(resolve(baseDir, file.path), root);
        if (checked.problem === undefined) continue;
        const label = `${change.externalId} (${project.projectId})`;
        if (checked.problem === 'missing') {
          missing.push(`${label}: ${file.path}`);
          continue;
        }
        const described = describeLocalFileProblem(checked.problem, {
          what: `${label}: file`,
          shown: `'${file.path}'`,
          root,
          rootShown: root.realPath,
        });
        refused.push(described.message);
        hint ??= described.hint;
      }
    }
  }
  if (refused.length > 0) {
    throw new KiliSyncError(
      'plan-tampered',
      'the saved plan names local files that cannot be read',
      {
        details: refused,
        hint: `${hint ?? 'local files must be regular files inside the root'}; nothing was sent to Kili`,
      },
    );
  }
  if (missing.length > 0) {
    throw new KiliSyncError(
      'plan-files-missing',
      `${missing.length === 1 ? '1 local file' : `${missing.length} local files`} of the saved plan ` +
        `cannot be found from ${baseDir}`,
      {
        details: capDetailLines(missing),
        hint:
          "a saved plan's paths are relative to the folder `plan` ran in: run apply --plan from " +
          'there (nothing was sent to Kili)',
      },
    );
  }
}

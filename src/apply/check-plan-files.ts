import { resolve } from 'node:path';
import { KiliSyncError } from '../errors.js';
import { checkLocalFile, describeLocalFileProblem, type LocalRoot } from '../files/local-root.js';
import type { Plan } from '../plan/types.js';

/**
 * A saved plan is a file anyone could have edited: before anything is read or sent, every
 * local path it names must be a regular file inside the root, as a manifest's must be.
 * Missing files are left to the stale check, which names them with the rest.
 */
export function checkPlanFilesInsideRoot(plan: Plan, baseDir: string, root: LocalRoot): void {
  const refused: string[] = [];
  let hint: string | undefined;
  for (const project of plan.projects) {
    for (const change of project.changes) {
      if (change.action === 'delete' || !change.file) continue;
      const checked = checkLocalFile(resolve(baseDir, change.file.path), root);
      if (checked.problem === undefined || checked.problem === 'missing') continue;
      const described = describeLocalFileProblem(checked.problem, {
        what: `${change.externalId} (${project.projectId}): file`,
        shown: `'${change.file.path}'`,
        root,
        rootShown: root.realPath,
      });
      refused.push(described.message);
      hint ??= described.hint;
    }
  }
  if (refused.length === 0) return;
  throw new KiliSyncError('PLAN_INVALID', 'the saved plan names local files that cannot be read', {
    details: refused,
    hint: `${hint ?? 'local files must be regular files inside the root'}; nothing was sent to Kili`,
  });
}

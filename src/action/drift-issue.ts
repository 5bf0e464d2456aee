import {
  findOwnMarkedItem,
  type GithubApi,
  GithubApiError,
  githubApiFromEnv,
  githubRequest,
  hiddenMarker,
} from './github-api.js';
import { formatAnnotation } from './runner-files.js';

/**
 * One issue that says what changed in Kili since the manifests were applied, kept by a
 * scheduled `plan`: opened (or updated) while Kili and the manifests differ, closed once they
 * agree again. Found by a hidden marker on its first line, and only among the issues the
 * token's own account opened: anyone can open an issue that starts with the marker.
 */

export interface DriftReport {
  /** The first line of the body; identifies the issue. */
  marker: string;
  title: string;
  /** The plan that would undo the drift (Markdown), or undefined when there is none. */
  body?: string;
  /** Said on the issue when it is closed. */
  closingNote: string;
}

export type DriftOutcome = 'opened' | 'updated' | 'closed' | 'none';

/** `<!-- kili-sync-drift -->`, or `<!-- kili-sync-drift: KEY -->` for one of several checks. */
export function driftIssueMarker(key: string): string {
  return hiddenMarker('kili-sync-drift', key);
}

/** Opens, updates or closes the drift issue to match the report; says which it did. */
export async function syncDriftIssue(api: GithubApi, report: DriftReport): Promise<DriftOutcome> {
  const issues = `/repos/${api.repository}/issues`;
  // Pull requests are listed among the issues: only an issue is the drift issue.
  const existing = await findOwnMarkedItem<{ number: number; pull_request?: unknown }>(
    api,
    `${issues}?state=open`,
    report.marker,
    (issue) => issue.pull_request === undefined,
  );
  if (report.body !== undefined) {
    const content = { title: report.title, body: `${report.marker}\n${report.body}` };
    if (existing === undefined) {
      await githubRequest(api, 'POST', issues, content);
      return 'opened';
    }
    await githubRequest(api, 'PATCH', `${issues}/${existing.number}`, content);
    return 'updated';
  }
  if (existing === undefined) return 'none';
  await githubRequest(api, 'POST', `${issues}/${existing.number}/comments`, {
    body: report.closingNote,
  });
  await githubRequest(api, 'PATCH', `${issues}/${existing.number}`, { state: 'closed' });
  return 'closed';
}

/**
 * The action's drift step, after a scheduled `plan --detailed-exitcode`: `drift` is the plan's
 * Markdown when it has changes (Kili differs from the manifests), undefined when it has none.
 * Returns false when the issue could not be kept.
 */
export async function reportDrift(
  drift: string | undefined,
  key: string,
  context: { env: NodeJS.ProcessEnv; log(text: string): void },
): Promise<boolean> {
  const { env, log } = context;
  const api = githubApiFromEnv(env, 'issues: write');
  if (api === undefined) {
    log(
      formatAnnotation('error', 'kili-sync: the drift issue needs GITHUB_REPOSITORY and a token'),
    );
    return false;
  }
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = env;
  const runUrl = server && repository && run ? `${server}/${repository}/actions/runs/${run}` : '';
  const checked = runUrl === '' ? 'this run' : `[this run](${runUrl})`;
  try {
    const done = await syncDriftIssue(api, {
      marker: driftIssueMarker(key),
      title: `kili-sync: Kili differs from the manifests${key === '' ? '' : ` (${key})`}`,
      body:
        drift === undefined
          ? undefined
          : 'Kili no longer matches the manifests: applying them would make these changes, ' +
            'which undo what changed in Kili since they were applied. Apply the manifests, or ' +
            `change them to keep what Kili holds now (checked by ${checked}).\n\n${drift.trimEnd()}\n`,
      closingNote: `Kili and the manifests agree again (checked by ${checked}).`,
    });
    log(`kili-sync: drift issue ${done}\n`);
    return true;
  } catch (error) {
    if (!(error instanceof GithubApiError)) throw error;
    log(formatAnnotation('error', `kili-sync: could not keep the drift issue: ${error.message}`));
    return false;
  }
}

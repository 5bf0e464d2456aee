import { findOwnMarkedItem, type GithubApi, githubRequest, hiddenMarker } from './github-api.js';

/**
 * One pull-request comment per plan, found again by a hidden marker on its first line and
 * edited in place, so a pull request never collects a comment per push. Only a comment written
 * by the identity the token acts as is ever edited: anyone can post a comment that starts with
 * the marker, and the plan must not land in theirs.
 */

export interface PlanComment {
  issueNumber: number;
  /** The first line of the body; identifies the comment. */
  marker: string;
  body: string;
}

/** `<!-- kili-sync-plan -->`, or `<!-- kili-sync-plan: KEY -->` for one of several plans. */
export function planCommentMarker(key: string): string {
  return hiddenMarker('kili-sync-plan', key);
}

/** Updates the comment that starts with the marker, or creates it; says which it did. */
export async function upsertPlanComment(
  api: GithubApi,
  comment: PlanComment,
): Promise<'created' | 'updated'> {
  const body = `${comment.marker}\n${comment.body}`;
  const comments = `/repos/${api.repository}/issues/${comment.issueNumber}/comments`;
  const existing = await findOwnMarkedItem<{ id: number }>(api, comments, comment.marker);
  if (existing !== undefined) {
    await githubRequest(api, 'PATCH', `/repos/${api.repository}/issues/comments/${existing.id}`, {
      body,
    });
    return 'updated';
  }
  await githubRequest(api, 'POST', comments, { body });
  return 'created';
}

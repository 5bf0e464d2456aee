import {
  findTokenIdentity,
  type GithubApi,
  githubRequest,
  MAX_PAGES,
  PAGE_SIZE,
} from './github-api.js';

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
  const safeKey = key.replace(/--+/g, '-').replace(/[<>\n\r]/g, '');
  return safeKey === '' ? '<!-- kili-sync-plan -->' : `<!-- kili-sync-plan: ${safeKey} -->`;
}

/** Updates the comment that starts with the marker, or creates it; says which it did. */
export async function upsertPlanComment(
  api: GithubApi,
  comment: PlanComment,
): Promise<'created' | 'updated'> {
  const body = `${comment.marker}\n${comment.body}`;
  const author = await findTokenIdentity(api);
  const existing = await findComment(api, comment.issueNumber, comment.marker, author);
  if (existing !== undefined) {
    await githubRequest(api, 'PATCH', `/repos/${api.repository}/issues/comments/${existing}`, {
      body,
    });
    return 'updated';
  }
  await githubRequest(
    api,
    'POST',
    `/repos/${api.repository}/issues/${comment.issueNumber}/comments`,
    {
      body,
    },
  );
  return 'created';
}

async function findComment(
  api: GithubApi,
  issueNumber: number,
  marker: string,
  authorId: number,
): Promise<number | undefined> {
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const comments = (await githubRequest(
      api,
      'GET',
      `/repos/${api.repository}/issues/${issueNumber}/comments?per_page=${PAGE_SIZE}&page=${page}`,
    )) as { id: number; body?: string | null; user?: { id?: number } | null }[];
    const found = comments.find(
      (comment) =>
        comment.user?.id === authorId && (comment.body ?? '').split('\n', 1)[0] === marker,
    );
    if (found) return found.id;
    if (comments.length < PAGE_SIZE) return undefined;
  }
  return undefined;
}

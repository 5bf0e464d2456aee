/**
 * One pull-request comment per plan, found again by a hidden marker on its first line and
 * edited in place, so a pull request never collects a comment per push. Only a comment written
 * by the identity the token acts as is ever edited: anyone can post a comment that starts with
 * the marker, and the plan must not land in theirs.
 */

export interface GithubApi {
  /** e.g. https://api.github.com (GITHUB_API_URL; GitHub Enterprise has its own). */
  url: string;
  /** e.g. https://api.github.com/graphql (GITHUB_GRAPHQL_URL). */
  graphqlUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
}

export interface PlanComment {
  issueNumber: number;
  /** The first line of the body; identifies the comment. */
  marker: string;
  body: string;
}

export class GithubApiError extends Error {}

const PAGE_SIZE = 100;
/** 100 pages of 100: far beyond any pull request, and a bound on the listing. */
const MAX_PAGES = 100;

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
    await request(api, 'PATCH', `/repos/${api.repository}/issues/comments/${existing}`, { body });
    return 'updated';
  }
  await request(api, 'POST', `/repos/${api.repository}/issues/${comment.issueNumber}/comments`, {
    body,
  });
  return 'created';
}

/**
 * The account the token acts as, by its numeric id (GraphQL `viewer`, which answers for the
 * workflow's GITHUB_TOKEN, whose bot `GET /user` refuses), compared with each comment's
 * `user.id`: ids are never reused, where a login could be confused with another's.
 */
async function findTokenIdentity(api: GithubApi): Promise<number> {
  const answer = (await request(api, 'POST', api.graphqlUrl, {
    query: 'query { viewer { databaseId } }',
  })) as { data?: { viewer?: { databaseId?: unknown } } };
  const id = answer.data?.viewer?.databaseId;
  if (typeof id !== 'number') {
    throw new GithubApiError('POST graphql: the token did not say which account it acts as');
  }
  return id;
}

async function findComment(
  api: GithubApi,
  issueNumber: number,
  marker: string,
  authorId: number,
): Promise<number | undefined> {
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const comments = (await request(
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

async function request(
  api: GithubApi,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  payload?: unknown,
): Promise<unknown> {
  // A path of the REST API, or the whole URL of the GraphQL one.
  const url = /^https?:\/\//.test(path) ? path : `${api.url.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${api.token}`,
        'Content-Type': 'application/json',
        'User-Agent': 'kili-sync-action',
        'X-GitHub-Api-Version': '2022-11-28',
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GithubApiError(`${method} ${path} failed: ${reason}`);
  }
  if (!response.ok) {
    const message = await readErrorMessage(response);
    const hint =
      response.status === 403 || response.status === 404
        ? ' (the job needs `permissions: pull-requests: write`)'
        : '';
    throw new GithubApiError(`${method} ${path}: HTTP ${response.status} ${message}${hint}`);
  }
  return response.json();
}

async function readErrorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : '';
  } catch {
    return '';
  }
}

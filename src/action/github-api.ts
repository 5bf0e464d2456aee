/**
 * The few calls the Action makes to GitHub's API (REST, and GraphQL for who the token is), with
 * the token it is given; failures become GithubApiError with GitHub's message only.
 */

export interface GithubApi {
  /** e.g. https://api.github.com (GITHUB_API_URL; GitHub Enterprise has its own). */
  url: string;
  /** e.g. https://api.github.com/graphql (GITHUB_GRAPHQL_URL). */
  graphqlUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  /** What a refused call says the job needs, e.g. `pull-requests: write`. */
  permission?: string;
}

/**
 * The API of the runner's GitHub (GITHUB_API_URL, GITHUB_GRAPHQL_URL) for this repository, with
 * the token the action was given; undefined when the runner gave no repository or token.
 */
export function githubApiFromEnv(
  env: NodeJS.ProcessEnv,
  permission: string,
): GithubApi | undefined {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const token = env.GITHUB_TOKEN ?? '';
  if (repository === '' || token === '') return undefined;
  const url = env.GITHUB_API_URL || 'https://api.github.com';
  return {
    url,
    graphqlUrl: env.GITHUB_GRAPHQL_URL || `${url}/graphql`,
    token,
    repository,
    permission,
  };
}

/** A failed call to GitHub: the method, the path and GitHub's own message. */
export class GithubApiError extends Error {}

const PAGE_SIZE = 100;
/** 100 pages of 100: far beyond any pull request or issue list, and a bound on a listing. */
const MAX_PAGES = 100;

/** `<!-- NAME -->`, or `<!-- NAME: KEY -->` for one of several (the key made safe in a comment). */
export function hiddenMarker(name: string, key: string): string {
  const safeKey = key.replace(/--+/g, '-').replace(/[<>\n\r]/g, '');
  return safeKey === '' ? `<!-- ${name} -->` : `<!-- ${name}: ${safeKey} -->`;
}

/** An issue or a comment as GitHub lists it. */
interface MarkedItem {
  body?: string | null;
  user?: { id?: number } | null;
}

/**
 * The first item of a listing (`listPath`, read page by page) that the token's own account wrote
 * and whose body's first line is `marker`: anyone can write a body that starts with the marker.
 */
export async function findOwnMarkedItem<T extends object>(
  api: GithubApi,
  listPath: string,
  marker: string,
  accept: (item: T) => boolean = () => true,
): Promise<T | undefined> {
  const authorId = await findTokenIdentity(api);
  const separator = listPath.includes('?') ? '&' : '?';
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const path = `${listPath}${separator}per_page=${PAGE_SIZE}&page=${page}`;
    const items = (await githubRequest(api, 'GET', path)) as (T & MarkedItem)[];
    const found = items.find(
      (item) =>
        accept(item) &&
        item.user?.id === authorId &&
        (item.body ?? '').split('\n', 1)[0] === marker,
    );
    if (found) return found;
    if (items.length < PAGE_SIZE) return undefined;
  }
  return undefined;
}

/**
 * The account the token acts as, by its numeric id (GraphQL `viewer`, which answers for the
 * workflow's GITHUB_TOKEN, whose bot `GET /user` refuses), compared with each comment's
 * `user.id`: ids are never reused, where a login could be confused with another's.
 */
async function findTokenIdentity(api: GithubApi): Promise<number> {
  const answer = (await githubRequest(api, 'POST', api.graphqlUrl, {
    query: 'query { viewer { databaseId } }',
  })) as { data?: { viewer?: { databaseId?: unknown } } };
  const id = answer.data?.viewer?.databaseId;
  if (typeof id !== 'number') {
    throw new GithubApiError('POST graphql: the token did not say which account it acts as');
  }
  return id;
}

export async function githubRequest(
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
        ? ` (the job needs \`permissions: ${api.permission ?? 'pull-requests: write'}\`)`
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

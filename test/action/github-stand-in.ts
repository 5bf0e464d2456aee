import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An account that writes comments. */
export interface GithubUser {
  id: number;
  login: string;
}

/** A pull request comment as the stand-in keeps it. */
export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  /** Who wrote it (absent: someone else than any token of the tests). */
  user?: GithubUser;
}

/** Whom every token but READ_ONLY_TOKEN acts as: the workflow's GITHUB_TOKEN bot. */
export const TOKEN_USER: GithubUser = { id: 41898282, login: 'github-actions[bot]' };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

/**
 * The GitHub calls the action makes (GraphQL `viewer`; list, create and update issue comments
 * over REST), on a loopback port: enough of the API to test the comment step without a network.
 */
export interface GithubStandIn {
  url: string;
  comments: StoredComment[];
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Writes with this token are refused with 403, as with a token lacking `pull-requests: write`. */
export const READ_ONLY_TOKEN = 'ghs_read_only';

export async function startGithubStandIn(repository: string): Promise<GithubStandIn> {
  const comments: StoredComment[] = [];
  const requests: RecordedRequest[] = [];
  let nextId = 1000;

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const authorization = request.headers.authorization;
    requests.push({ method: request.method ?? '', path: url.pathname + url.search, authorization });
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (authorization === `Bearer ${READ_ONLY_TOKEN}` && request.method !== 'GET') {
      reply(403, { message: 'Resource not accessible by integration' });
      return;
    }
    if (request.method === 'POST' && url.pathname === '/graphql') {
      const { query } = (await readJson(request)) as unknown as { query: string };
      if (/viewer\s*\{\s*databaseId\s*\}/.test(query)) {
        reply(200, { data: { viewer: { databaseId: TOKEN_USER.id } } });
      } else {
        reply(200, { errors: [{ message: 'the stand-in answers only viewer { databaseId }' }] });
      }
      return;
    }
    const prefix = `/repos/${repository}/issues/`;
    const list = url.pathname.match(/^(.*)\/(\d+)\/comments$/);
    const edit = url.pathname.match(/^(.*)\/comments\/(\d+)$/);
    if (request.method === 'GET' && list && `${list[1]}/` === prefix) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const onIssue = comments.filter((comment) => comment.issue === Number(list[2]));
      reply(200, onIssue.slice((page - 1) * perPage, page * perPage));
    } else if (request.method === 'POST' && list && `${list[1]}/` === prefix) {
      const comment = {
        id: nextId++,
        issue: Number(list[2]),
        body: (await readJson(request)).body,
        user: TOKEN_USER,
      };
      comments.push(comment);
      reply(201, comment);
    } else if (request.method === 'PATCH' && edit && `${edit[1]}/` === prefix) {
      const comment = comments.find((candidate) => candidate.id === Number(edit[2]));
      if (!comment) {
        reply(404, { message: 'Not Found' });
        return;
      }
      comment.body = (await readJson(request)).body;
      reply(200, comment);
    } else {
      reply(404, { message: 'Not Found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    comments,
    requests,
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

async function readJson(request: IncomingMessage): Promise<{ body: string }> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return JSON.parse(text) as { body: string };
}

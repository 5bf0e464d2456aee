import type { IncomingMessage, ServerResponse } from 'node:http';

/** Raised when a request body is larger than the emulator accepts. */
export class BodyTooLargeError extends Error {}

/**
 * Reads the whole request body, refusing more than `limit` bytes. Past the limit the rest of the
 * body is read and discarded rather than left on the socket, so the 413 answer reaches the client
 * and the connection stays usable; nothing beyond the limit is kept in memory.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume();
      chunks.length = 0;
      reject(new BodyTooLargeError(`request body larger than ${limit} bytes`));
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A JSON error body in Kili's style: `{"errors":[{"message":"[code] …"}]}`. */
export function sendApiError(
  res: ServerResponse,
  status: number,
  code: string,
  text: string,
): void {
  sendJson(res, status, { errors: [{ message: `[${code}] ${text}`, extensions: { code } }] });
}

/** Copies a fetch `Response` (from yoga) onto the node response. */
export async function writeFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/** Builds a fetch `Request` from a node request whose body was already read. */
export function toFetchRequest(req: IncomingMessage, url: URL, body: Buffer | null): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
  }
  const hasBody = body !== null && req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method ?? 'GET',
    headers,
    body: hasBody ? new Uint8Array(body) : null,
  });
}

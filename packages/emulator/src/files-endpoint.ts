import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidApiKey, readApiKey } from './auth.js';
import { readBody, sendApiError } from './http-io.js';
import type { RequestStats } from './stats.js';
import type { EmulatorStore } from './store.js';

const MAX_FILE_SIZE = 512 * 1024 * 1024;

/**
 * `/api/label/v2/files`, the upload bucket. The SDK PUTs to the signed URL cut before `&id=`,
 * so an upload is identified by its signature alone. Reading needs the API key, or the full
 * signed URL (signature and id together).
 *
 * The asset keeps that signed URL as its content, so everyone who can read the asset holds it:
 * once a file is there, the URL only reads. Without the key it may write the same bytes again
 * (an upload retried after its answer was lost), never others.
 */
export async function handleFilesRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: { store: EmulatorStore; apiKey: string; stats: RequestStats },
): Promise<void> {
  const signature = url.searchParams.get('signature');
  const signedPath = signature ? deps.store.files.resolveSignature(signature) : undefined;
  const hasKey = isValidApiKey(readApiKey(req), deps.apiKey);

  if (req.method === 'PUT') {
    const path = signedPath ?? (hasKey ? url.searchParams.get('id') : null);
    if (!path) {
      req.resume();
      sendApiError(res, 403, 'forbidden', 'The upload signature is missing or unknown.');
      return;
    }
    const data = await readBody(req, MAX_FILE_SIZE);
    const existing = hasKey ? undefined : deps.store.files.get(path);
    if (existing !== undefined && !existing.data.equals(data)) {
      sendApiError(
        res,
        403,
        'forbidden',
        'This signed URL has been used: it reads, it does not write.',
      );
      return;
    }
    const contentType = req.headers['content-type'] ?? 'application/octet-stream';
    deps.store.files.put(path, contentType, data);
    deps.stats.countFileRequest('put');
    res.writeHead(200, { 'content-length': 0 });
    res.end();
    return;
  }

  if (req.method === 'GET' || req.method === 'HEAD') {
    const id = url.searchParams.get('id');
    const path = id ?? signedPath;
    const allowed = hasKey || (signedPath !== undefined && (id === null || id === signedPath));
    if (!path || !allowed) {
      sendApiError(res, 403, 'forbidden', 'Reading a file needs the API key or its signed URL.');
      return;
    }
    const file = deps.store.files.get(path);
    if (!file) {
      sendApiError(res, 404, 'fileNotFound', `No file at ${path}.`);
      return;
    }
    deps.stats.countFileRequest('get');
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length });
    res.end(req.method === 'HEAD' ? undefined : file.data);
    return;
  }

  req.resume();
  sendApiError(res, 405, 'methodNotAllowed', `${req.method} is not supported on /files.`);
}

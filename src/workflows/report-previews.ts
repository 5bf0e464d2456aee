import { resolve } from 'node:path';
import PQueue from 'p-queue';
import { openRegularFile } from '../files/local-files.js';
import { makeThumbnail } from '../files/thumbnail.js';
import { hasCredentials } from '../plan/hide-credentials.js';
import { isHttpUrl } from '../plan/inline-uploads.js';
import { parseRemoteMetadata } from '../plan/normalize.js';
import { type Provenance, provenanceOf } from '../plan/ownership.js';
import type { RemoteAsset, RemoteProjectState } from '../plan/remote-state.js';
import type { Change, Plan, ProjectPlan } from '../plan/types.js';
import {
  type Preview,
  type RemoteContent,
  type RemoteImages,
  type ReportPreviews,
  TEXT_PREVIEW_CHARS,
} from '../render/html/previews.js';
import type { Connection } from './plan.js';

export interface ReportPreviewOptions {
  /** The folder plan ran in: the plan's file paths are relative to it. */
  cwd: string;
  remoteImages: RemoteImages;
  /** For `embed`: the API key goes only to the Kili server itself, never to another host. */
  connection: Connection;
}

/** Images larger than this are not downloaded for a thumbnail. */
const MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024;
/** Hosted texts larger than this are not downloaded for a line diff. */
const MAX_TEXT_DOWNLOAD_BYTES = 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 20_000;
/** Thumbnails decoded at once: decoding is CPU-bound, two keep the machine responsive. */
const DECODE_CONCURRENCY = 2;
const DOWNLOAD_CONCURRENCY = 6;
/**
 * Thumbnails embedded at most (about 3-5 KB each): a plan uploading 100,000 local images
 * would otherwise make a report of hundreds of megabytes. The rest show a note saying so.
 */
const MAX_EMBEDDED_THUMBNAILS = 2_000;
const OMITTED: Preview = {
  kind: 'omitted',
  reason: `no thumbnail: the report embeds at most ${MAX_EMBEDDED_THUMBNAILS.toLocaleString('en-US')}`,
};

/**
 * Everything the HTML report shows beyond the plan, made at plan time: thumbnails and first
 * lines of the local files to upload, what Kili holds now for the assets a change touches
 * (public URLs, texts), and with `embed` thumbnails of remote images downloaded once each. The
 * report never receives a URL that carries a credential.
 */
export async function makeReportPreviews(
  plan: Plan,
  remote: ReadonlyMap<string, RemoteProjectState>,
  options: ReportPreviewOptions,
): Promise<ReportPreviews> {
  const files = new Map<string, Preview>();
  const urls = new Map<string, Preview>();
  const assets = new Map<string, RemoteContent>();
  const provenance = new Map<string, Provenance>();
  const decode = new PQueue({ concurrency: DECODE_CONCURRENCY });
  const download = new PQueue({ concurrency: DOWNLOAD_CONCURRENCY });
  const { connection } = options;
  const embed = options.remoteImages === 'embed';
  let budget = MAX_EMBEDDED_THUMBNAILS;
  const embedUrl = (url: string): Promise<Preview> =>
    budget-- <= 0
      ? Promise.resolve(OMITTED)
      : download.add(async () => {
          const bytes = await fetchBytes(url, connection, MAX_DOWNLOAD_BYTES);
          return typeof bytes === 'string'
            ? { kind: 'unreadable' as const, reason: bytes }
            : decode.add(() => makeThumbnail(bytes));
        });
  const tasks: Promise<void>[] = [];
  const remoteIds = new Map(
    plan.projects.map((p) => [p.projectId, remoteAssetsById(remote.get(p.projectId))]),
  );

  // Destructive changes first, as the report shows them: the thumbnail limit spares them.
  for (const { project, change } of inReviewOrder(plan)) {
    const byId = remoteIds.get(project.projectId)!;
    const isImages = project.inputType === 'IMAGE';
    // A video of local frames is shown by its first frame.
    const file =
      change.action === 'delete' ? undefined : (change.file ?? change.frames?.files?.[0]);
    if (file !== undefined && !files.has(file.path)) {
      files.set(file.path, { kind: 'unreadable', reason: 'not read yet' });
      const path = resolve(options.cwd, file.path);
      tasks.push(
        previewLocalFile(path, file.mimeType, decode, () => budget-- > 0).then((preview) => {
          if (preview === undefined) files.delete(file.path);
          else files.set(file.path, preview);
        }),
      );
    }
    const content = change.action === 'delete' ? undefined : pictureUrlOf(change);
    const pictures = isImages || (change.action !== 'delete' && change.frames !== undefined);
    if (embed && pictures && content !== undefined && !urls.has(content)) {
      urls.set(content, { kind: 'unreadable', reason: 'not downloaded' });
      tasks.push(embedUrl(content).then((preview) => void urls.set(content, preview)));
    }
    const current = change.action === 'add' ? undefined : byId.get(change.assetId);
    if (current !== undefined && !provenance.has(current.id)) {
      const recorded = provenanceOf(parseRemoteMetadata(current.jsonMetadata).reserved);
      if (recorded !== undefined) provenance.set(current.id, recorded);
    }
    if (current !== undefined && !assets.has(current.id)) {
      assets.set(current.id, describeCurrent(project, current));
      if (isHostedTextChange(project, change, current)) {
        tasks.push(
          download.add(async () => {
            const bytes = await fetchBytes(current.content, connection, MAX_TEXT_DOWNLOAD_BYTES);
            if (typeof bytes === 'string') return;
            const text = new TextDecoder().decode(bytes);
            assets.set(current.id, {
              preview: { kind: 'text', text: text.slice(0, TEXT_PREVIEW_CHARS) },
              text,
            });
          }),
        );
      }
      if (embed && isImages && isHttpUrl(current.content)) {
        tasks.push(
          embedUrl(current.content).then((preview) => void assets.set(current.id, { preview })),
        );
      }
    }
  }
  await Promise.all(tasks);
  return { files, urls, assets, provenance };
}

const REVIEW_RANK = { delete: 1, rename: 2, update: 3, add: 4 } as const;

/** Every change, blocked ones first, then deletes, renames, updates, adds (stable). */
function inReviewOrder(plan: Plan): { project: ProjectPlan; change: Change }[] {
  const all = plan.projects.flatMap((project) =>
    project.changes.map((change) => ({ project, change })),
  );
  const rank = (change: Change) =>
    change.action !== 'add' && change.blocked !== undefined ? 0 : REVIEW_RANK[change.action];
  return all.sort((a, b) => rank(a.change) - rank(b.change));
}

function remoteAssetsById(state: RemoteProjectState | undefined): Map<string, RemoteAsset> {
  return new Map((state?.assets ?? []).map((asset) => [asset.id, asset]));
}

/**
 * A change of a TEXT asset's content whose current text Kili hosts (uploaded by kili-sync or
 * the SDK): the plan holds only its hash, so the report fetches it to show the line diff.
 */
function isHostedTextChange(project: ProjectPlan, change: Change, current: RemoteAsset): boolean {
  return (
    project.inputType === 'TEXT' &&
    change.action !== 'add' &&
    change.action !== 'delete' &&
    change.fields.content !== undefined &&
    isHttpUrl(current.content) &&
    hasCredentials(current.content)
  );
}

/** What Kili holds for an asset, without a credential: a public URL, or a text's first lines. */
function describeCurrent(project: ProjectPlan, asset: RemoteAsset): RemoteContent {
  if (isHttpUrl(asset.content))
    return hasCredentials(asset.content) ? {} : { publicUrl: asset.content };
  if (project.inputType === 'TEXT' && asset.content !== '') {
    return { preview: { kind: 'text', text: asset.content.slice(0, TEXT_PREVIEW_CHARS) } };
  }
  return {};
}

/** The remote picture a change shows: its content URL, or the first of its hosted frames. */
function pictureUrlOf(change: Exclude<Change, { action: 'delete' }>): string | undefined {
  const frames = change.fields.jsonContent?.after;
  const first = Array.isArray(frames) ? frames[0] : undefined;
  const picture = change.frames === undefined ? change.fields.content?.after : first;
  return typeof picture === 'string' && isHttpUrl(picture) ? picture : undefined;
}

/** A thumbnail of a local image, the first lines of a local text, nothing for other files. */
async function previewLocalFile(
  path: string,
  mimeType: string,
  decode: PQueue,
  takeThumbnail: () => boolean,
): Promise<Preview | undefined> {
  const isImage = mimeType.startsWith('image/');
  const isText = mimeType.startsWith('text/');
  if (!isImage && !isText) return undefined;
  if (isImage && !takeThumbnail()) return OMITTED;
  let bytes: Uint8Array;
  try {
    bytes = await readStart(path, isText ? TEXT_PREVIEW_CHARS * 4 : MAX_DOWNLOAD_BYTES);
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
  if (isText) return { kind: 'text', text: new TextDecoder().decode(bytes) };
  return decode.add(() => makeThumbnail(bytes));
}

async function readStart(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await openRegularFile(path);
  try {
    const buffer = Buffer.alloc(Math.min(maxBytes, (await handle.stat()).size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The bytes of a remote file, or why they could not be had (said without the URL). */
async function fetchBytes(
  url: string,
  connection: Connection,
  maxBytes: number,
): Promise<Uint8Array | string> {
  const apiBase = connection.endpoint.replace(/\/graphql\/?$/, '');
  const headers: Record<string, string> = url.startsWith(apiBase)
    ? { Authorization: `X-API-Key: ${connection.apiKey}` }
    : {};
  try {
    const response = await fetch(url, {
      headers,
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!response.ok) return `download failed (HTTP ${response.status})`;
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > maxBytes) return 'file too large to download for the report';
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return name === 'TimeoutError' ? 'download timed out' : 'download failed';
  }
}

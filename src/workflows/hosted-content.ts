import { createHash } from 'node:crypto';
import PQueue from 'p-queue';
import { isInterrupted } from '../errors.js';
import type { KiliClient } from '../kili/client.js';
import { recordedSha256 } from '../plan/diff-content.js';
import { FRAMES_RECORD_KEY } from '../plan/frames.js';
import { hasCredentials, hideCredentials } from '../plan/hide-credentials.js';
import type { HostedFileFacts, HostedFileRecord } from '../plan/hosted-file-facts.js';
import { isHttpUrl, UPLOAD_RECORD_KEYS, type UploadedField } from '../plan/inline-uploads.js';
import { parseRemoteMetadata } from '../plan/normalize.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import type { Plan } from '../plan/types.js';
import type { ProgressListener } from '../runtime.js';
import type { ProjectRead } from './read-remote.js';

/** Larger hosted content is not fetched: the declared text then counts as different. */
export const MAX_HOSTED_BYTES = 64 * 1024 * 1024;

/**
 * Adoption of assets the SDK (or the Kili app) uploaded: their content is a Kili-hosted URL and
 * they carry no `kiliSync` record, so a manifest that declares the same text inline, or the same
 * frames, would plan a content update. For exactly the planned changes that would upload inline
 * text or frames over such a URL, fetches the URL (a few at a time, each once), hashes what it
 * serves, and plans again with those facts. Each fetch is counted in its project's read figures.
 *
 * What a fetch found is remembered with the project's snapshot (HostedFileRecord), so the next
 * plans fetch a file again only once its asset was written to.
 */
export async function planComparingHostedContent(
  planWith: (hostedFiles: ReadonlyMap<string, HostedFileFacts>) => Plan,
  client: KiliClient,
  reads: ReadonlyMap<string, ProjectRead>,
  options: { concurrency: number; onProgress?: ProgressListener },
): Promise<Plan> {
  const facts = new Map<string, HostedFileFacts>();
  const plan = planWith(facts);
  const wanted = findHostedContentToFetch(client, plan, reads);
  if (wanted.size === 0) return plan;
  const remembered = rememberedHostedFiles(reads);
  const queue = new PQueue({ concurrency: options.concurrency });
  await Promise.all(
    [...wanted].map(([url, file]) => {
      const known = remembered.get(recordKey(file));
      if (known !== undefined && known.updatedAt === file.updatedAt) {
        const { sha256, text } = known;
        facts.set(url, text === undefined ? { sha256 } : { sha256, text });
        return undefined;
      }
      return queue.add(async () => {
        const found = await fetchHostedFacts(client, url);
        facts.set(url, found);
        const read = reads.get(file.projectId);
        if ('unreadable' in found) {
          options.onProgress?.({
            kind: 'log',
            level: 'warn',
            message:
              `project ${file.projectId}: the hosted content of ${file.externalId} could not be ` +
              `read to compare it with the manifest (${found.unreadable}); it is planned as changed`,
          });
        } else if (read !== undefined) {
          read.hostedFiles ??= [];
          read.hostedFiles.push(toRecord(file, found));
        }
        if (read?.state.read !== undefined) {
          read.state.read.calls += 1;
          read.state.read.hostedFetches = (read.state.read.hostedFetches ?? 0) + 1;
        }
      });
    }),
  );
  return planWith(facts);
}

/** A hosted field of a remote asset that a planned change would upload over. */
interface HostedField {
  projectId: string;
  externalId: string;
  assetId: string;
  field: UploadedField;
  updatedAt: string;
}

/**
 * The URLs to fetch, each with its project and asset: the remote value of every field a planned
 * update uploads, when that value is a Kili-hosted URL (Kili's own files, or any signed URL) and
 * the asset has no upload record for the field.
 */
function findHostedContentToFetch(
  client: KiliClient,
  plan: Plan,
  reads: ReadonlyMap<string, ProjectRead>,
): Map<string, HostedField> {
  const wanted = new Map<string, HostedField>();
  for (const project of plan.projects) {
    let byId: Map<string, RemoteAsset> | undefined;
    for (const change of project.changes) {
      if (change.action === 'add' || change.action === 'delete') continue;
      if (!change.uploads && !change.frames) continue;
      byId ??= new Map(reads.get(project.projectId)?.state.assets.map((a) => [a.id, a]));
      const remote = byId.get(change.assetId);
      if (remote === undefined) continue;
      const { reserved } = parseRemoteMetadata(remote.jsonMetadata);
      const fields = Object.keys(change.uploads ?? {}) as UploadedField[];
      // Frames without a record are compared with the index file the asset holds (SDK-made).
      if (change.frames && recordedSha256(reserved, FRAMES_RECORD_KEY) === undefined) {
        fields.push('jsonContent');
      }
      for (const field of fields) {
        if (recordedSha256(reserved, UPLOAD_RECORD_KEYS[field]) !== undefined) continue;
        const url = remote[field];
        if (isHttpUrl(url) && (client.isKiliUrl(url) || hasCredentials(url))) {
          wanted.set(url, {
            projectId: project.projectId,
            externalId: change.externalId,
            assetId: remote.id,
            field,
            updatedAt: remote.updatedAt,
          });
        }
      }
    }
  }
  return wanted;
}

/** The records the reads start from (their snapshots'), by asset and field. */
function rememberedHostedFiles(
  reads: ReadonlyMap<string, ProjectRead>,
): Map<string, HostedFileRecord> {
  const records = [...reads.values()].flatMap((read) => read.hostedFiles ?? []);
  return new Map(records.map((record) => [recordKey(record), record]));
}

/** What the snapshot keeps of a fetch: a `content` file's text is compared by its sha256 only. */
function toRecord(file: HostedField, found: { sha256: string; text?: string }): HostedFileRecord {
  const { assetId, field, updatedAt } = file;
  return field === 'jsonContent'
    ? { assetId, field, updatedAt, sha256: found.sha256, text: found.text }
    : { assetId, field, updatedAt, sha256: found.sha256 };
}

function recordKey(file: { assetId: string; field: UploadedField }): string {
  return `${file.assetId}\n${file.field}`;
}

async function fetchHostedFacts(client: KiliClient, url: string): Promise<HostedFileFacts> {
  try {
    const bytes = await client.downloadFile(url, MAX_HOSTED_BYTES);
    if (bytes === undefined) return { unreadable: `larger than ${MAX_HOSTED_BYTES} bytes` };
    return {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      text: Buffer.from(bytes).toString('utf8'),
    };
  } catch (error) {
    if (isInterrupted(error)) throw error;
    return { unreadable: hideCredentials(error instanceof Error ? error.message : String(error)) };
  }
}

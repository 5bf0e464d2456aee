import { resolve } from 'node:path';
import { isInterrupted } from '../errors.js';
import type { KiliClient } from '../kili/client.js';
import { uploadLocalFiles } from '../kili/upload.js';
import { type TextUpload, textUploadKey, uploadTexts } from '../kili/upload-text.js';
import type { Change, ProjectPlan } from '../plan/types.js';
import { describeFailure, type PreparationOutcome } from './apply-result.js';
import { describeContentWrites } from './content-writes.js';
import { type FramesToUpload, uploadFrames } from './upload-frames.js';

export interface UploadedFiles extends PreparationOutcome {
  /** URL of each uploaded local file or raw text, by asset id: the asset's new `content`. */
  contentByAssetId: Map<string, string>;
  /** URL of each uploaded rich text or frame index, by asset id: the asset's new `jsonContent`. */
  jsonContentByAssetId: Map<string, string>;
}

/**
 * Uploads the local files, inline texts and frames of one project's adds and updates before any
 * mutation, so that an asset never points at content that is not there yet. A change whose
 * upload failed is set aside whole.
 */
export async function uploadProjectFiles(
  client: KiliClient,
  project: ProjectPlan,
  newAssetIds: ReadonlyMap<string, string>,
  baseDir: string,
): Promise<UploadedFiles> {
  const files: {
    change: Change;
    assetId: string;
    absolutePath: string;
    mimeType: string;
    sha256: string;
  }[] = [];
  const texts: (TextUpload & { change: Change })[] = [];
  const frames: FramesToUpload[] = [];
  for (const change of project.changes) {
    if (change.action === 'delete') continue;
    const assetId = change.action === 'add' ? newAssetIds.get(change.externalId) : change.assetId;
    if (assetId === undefined) continue;
    // What compile will send decides what is uploaded (see content-writes.ts).
    const { writes } = describeContentWrites(change);
    for (const field of ['content', 'jsonContent'] as const) {
      const source = writes[field];
      if (source?.kind === 'file') {
        files.push({
          change,
          assetId,
          absolutePath: resolve(baseDir, source.file.path),
          mimeType: source.file.mimeType,
          sha256: source.file.sha256,
        });
      } else if (source?.kind === 'text') {
        texts.push({ change, assetId, field, text: source.text, sha256: source.sha256 });
      } else if (source?.kind === 'frames') {
        frames.push({ change, assetId, frames: source });
      }
    }
  }
  const result: UploadedFiles = {
    contentByAssetId: new Map(),
    jsonContentByAssetId: new Map(),
    failed: [],
    interrupted: false,
  };
  if (files.length === 0 && texts.length === 0 && frames.length === 0) return result;

  const [fileOutcome, textOutcome, framesOutcome] = await Promise.all([
    uploadLocalFiles(client, project.projectId, files),
    uploadTexts(client, project.projectId, texts),
    uploadFrames(client, project.projectId, frames, baseDir),
  ]);
  const failures = new Map<Change, unknown>();
  for (const [assetId, url] of framesOutcome.indexUrlByAssetId) {
    result.jsonContentByAssetId.set(assetId, url);
  }
  for (const [change, failure] of framesOutcome.failures) failures.set(change, failure);
  for (const file of files) {
    const url = fileOutcome.contentByAssetId.get(file.assetId);
    if (url !== undefined) result.contentByAssetId.set(file.assetId, url);
    const failure = fileOutcome.failures.get(file.assetId);
    if (failure !== undefined) failures.set(file.change, failure);
  }
  for (const text of texts) {
    const key = textUploadKey(text.assetId, text.field);
    const url = textOutcome.urlByKey.get(key);
    const target = text.field === 'content' ? result.contentByAssetId : result.jsonContentByAssetId;
    if (url !== undefined) target.set(text.assetId, url);
    const failure = textOutcome.failures.get(key);
    if (failure !== undefined && !failures.has(text.change)) failures.set(text.change, failure);
  }
  for (const [change, failure] of failures) {
    if (isInterrupted(failure)) result.interrupted = true;
    else result.failed.push({ change, message: `upload failed: ${describeFailure(failure)}` });
  }
  return result;
}

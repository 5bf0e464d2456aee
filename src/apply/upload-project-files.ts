import { resolve } from 'node:path';
import { isInterrupted } from '../errors.js';
import type { KiliClient } from '../kili/client.js';
import { uploadLocalFiles } from '../kili/upload.js';
import type { Change, ProjectPlan } from '../plan/types.js';
import { describeFailure, type PreparationOutcome } from './apply-result.js';

export interface UploadedFiles extends PreparationOutcome {
  /** URL of each uploaded file, by asset id. */
  contentByAssetId: Map<string, string>;
}

/**
 * Uploads the local files of one project's adds and updates before any mutation, so that an
 * asset never points at content that is not there yet.
 */
export async function uploadProjectFiles(
  client: KiliClient,
  project: ProjectPlan,
  newAssetIds: ReadonlyMap<string, string>,
  baseDir: string,
): Promise<UploadedFiles> {
  const uploads: {
    change: Change;
    assetId: string;
    absolutePath: string;
    mimeType: string;
    sha256: string;
  }[] = [];
  for (const change of project.changes) {
    if (change.action === 'delete' || !change.file) continue;
    const assetId = change.action === 'add' ? newAssetIds.get(change.externalId) : change.assetId;
    if (assetId === undefined) continue;
    uploads.push({
      change,
      assetId,
      absolutePath: resolve(baseDir, change.file.path),
      mimeType: change.file.mimeType,
      sha256: change.file.sha256,
    });
  }
  const result: UploadedFiles = { contentByAssetId: new Map(), failed: [], interrupted: false };
  if (uploads.length === 0) return result;

  const outcome = await uploadLocalFiles(
    client,
    project.projectId,
    uploads.map(({ assetId, absolutePath, mimeType, sha256 }) => ({
      assetId,
      absolutePath,
      mimeType,
      sha256,
    })),
  );
  result.contentByAssetId = outcome.contentByAssetId;
  for (const upload of uploads) {
    const failure = outcome.failures.get(upload.assetId);
    if (failure === undefined) continue;
    if (isInterrupted(failure)) result.interrupted = true;
    else
      result.failed.push({
        change: upload.change,
        message: `upload failed: ${describeFailure(failure)}`,
      });
  }
  return result;
}

import type { Diagnostic } from '../errors.js';
import { aProjectOfType } from './describe-input-type.js';
import type { DesiredAsset } from './desired-state.js';
import { isVideoProject } from './frames.js';
import type { LocalFileFactsByPath } from './local-file-facts.js';

/**
 * The diagnostic for an asset whose `frames` cannot be imported: frames outside a VIDEO project,
 * a local frame that is missing or is not an image (the SDK uploads each frame as a picture).
 */
export function checkFrames(
  asset: DesiredAsset,
  inputType: string,
  localFiles: LocalFileFactsByPath,
): Diagnostic | undefined {
  const { frames } = asset;
  if (frames === undefined) return undefined;
  if (!isVideoProject(inputType)) {
    return {
      severity: 'error',
      message: `${asset.externalId}: frames make a video, and ${aProjectOfType(inputType)} takes no video`,
      hint: 'frames are for VIDEO (and VIDEO_LEGACY) projects; use `content` or `file` here',
      where: asset.source,
    };
  }
  if ('urls' in frames) return undefined;
  for (const file of frames.files) {
    const facts = localFiles.get(file.absolutePath);
    if (facts === undefined) {
      return {
        severity: 'error',
        message: `${asset.externalId}: frame ${file.displayPath} was not found`,
        where: asset.source,
      };
    }
    if (!facts.mimeType.startsWith('image/')) {
      return {
        severity: 'error',
        message: `${asset.externalId}: frame ${file.displayPath} has type ${facts.mimeType}, which is not a picture`,
        hint: 'each frame of a video is an image file (JPEG, PNG…)',
        where: asset.source,
      };
    }
  }
  return undefined;
}

import { PROCESSING_PARAMETERS_KEY } from '../schema/asset-field-roles.js';
import { isVideoProject } from './frames.js';

/**
 * `processingParameters` in a VIDEO project's metadata: the official SDK adds it to every video
 * it imports (`{}` when none is given; `video.py`, `add_video_processing_parameters`), so an
 * SDK-made video holds it although its user never wrote it. A manifest owns it only when it
 * declares it: otherwise it is left out of comparisons and kept as it is on writes, and a new
 * video gets the SDK's `{}`.
 */

function ownsParameters(desired: Record<string, unknown>): boolean {
  return Object.hasOwn(desired, PROCESSING_PARAMETERS_KEY);
}

/** The remote user metadata as the manifest's is compared with. */
export function comparableRemoteMetadata(
  remote: Record<string, unknown>,
  desired: Record<string, unknown>,
  inputType: string,
): Record<string, unknown> {
  if (!isVideoProject(inputType) || ownsParameters(desired) || !ownsParameters(remote)) {
    return remote;
  }
  const { [PROCESSING_PARAMETERS_KEY]: _kept, ...compared } = remote;
  return compared;
}

/**
 * The user metadata to write: the desired keys, plus the `processingParameters` the manifest
 * leaves to Kili (the remote value; `{}` for a new video, as the SDK sends).
 */
export function metadataWithParameters(
  desired: Record<string, unknown>,
  remote: Record<string, unknown> | undefined,
  inputType: string,
): Record<string, unknown> {
  if (!isVideoProject(inputType) || ownsParameters(desired)) return desired;
  if (remote === undefined) return { ...desired, [PROCESSING_PARAMETERS_KEY]: {} };
  if (!ownsParameters(remote)) return desired;
  return { ...desired, [PROCESSING_PARAMETERS_KEY]: remote[PROCESSING_PARAMETERS_KEY] };
}

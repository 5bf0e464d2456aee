import type { ContentContext } from './diff-content.js';
import { recordedSha256 } from './diff-content.js';
import {
  type DeclaredFrames,
  describeFrames,
  FRAMES_RECORD_KEY,
  framesRecord,
  planFrameFiles,
  readFrameUrls,
} from './frames.js';
import { hasCredentials, hideCredentials, hideCredentialsDeep } from './hide-credentials.js';
import { isSameJson } from './normalize.js';
import type { RemoteAsset } from './remote-state.js';
import type { FieldChange, PlannedFrames } from './types.js';

/** Declared frames compared with what an asset's `jsonContent` holds. */
export interface FramesDiff {
  /** The `jsonContent` change, when the frames differ. */
  change?: FieldChange;
  /** What apply uploads and records, when the frames differ. */
  frames?: PlannedFrames;
}

/**
 * Compares declared frames with a remote asset (none for an add). Frames kili-sync stored carry
 * their record (`kiliSync.framesSha256`), compared alone. Without one (frames the SDK or the app
 * stored, or stored inline), hosted frames are compared with the URLs the stored index (or list)
 * holds, read inline or from the file the workflow fetched; local frames then count as different,
 * since telling that files equal hosted frames would mean downloading every frame.
 * Undefined `frames` in the result with a change means a local frame file is unknown (reported
 * by the file checks).
 */
export function diffFrames(
  declared: DeclaredFrames,
  remote: RemoteAsset | undefined,
  reserved: unknown,
  context: ContentContext,
): FramesDiff {
  const files = planFrameFiles(declared, context.localFiles);
  const count = declared.kind === 'hosted' ? declared.urls.length : declared.files.length;
  const sha256 =
    declared.kind === 'hosted'
      ? framesRecord({ kind: 'hosted', urls: declared.urls })
      : files && framesRecord({ kind: 'local', files });
  const planned: PlannedFrames | undefined =
    sha256 === undefined ? undefined : { sha256, count, ...(files ? { files } : {}) };
  const after = describeFrames(declared);
  if (remote === undefined) return { change: { before: null, after }, frames: planned };

  const recorded = recordedSha256(reserved, FRAMES_RECORD_KEY);
  const stored = storedFrameUrls(remote, context);
  const same =
    recorded !== undefined
      ? recorded === sha256
      : declared.kind === 'hosted' && stored !== undefined && isSameJson(stored, declared.urls);
  if (same) return {};
  return {
    change: { before: describeStoredFrames(remote, stored, recorded), after },
    frames: planned,
  };
}

/** The frame URLs an asset's `jsonContent` holds, inline or behind its fetched hosted file. */
function storedFrameUrls(remote: RemoteAsset, context: ContentContext): string[] | undefined {
  const inline = readFrameUrls(remote.jsonContent);
  if (inline !== undefined) return inline;
  const hosted = context.hostedFiles.get(remote.jsonContent);
  return hosted !== undefined && 'text' in hosted && hosted.text !== undefined
    ? readFrameUrls(hosted.text)
    : undefined;
}

/** How the stored frames are shown: their URLs when known, never a credential. */
function describeStoredFrames(
  remote: RemoteAsset,
  stored: string[] | undefined,
  recorded: string | undefined,
): unknown {
  if (stored !== undefined) return hideCredentialsDeep(stored);
  if (recorded !== undefined && hasCredentials(remote.jsonContent)) {
    return `uploaded frames sha256:${recorded.slice(0, 12)}…`;
  }
  return hideCredentials(remote.jsonContent);
}

import type { Diagnostic } from '../errors.js';
import { aProjectOfType } from './describe-input-type.js';
import type { DesiredAsset } from './desired-state.js';
import type { RemoteIndex } from './remote-index.js';
import type { InputType, RemoteAsset } from './remote-state.js';

/** Input types whose content is media Kili fetches: inline `content` must be a URL there. */
const MEDIA_INPUT_TYPES: ReadonlySet<string> = new Set([
  'IMAGE',
  'GEOSPATIAL',
  'PDF',
  'VIDEO',
  'VIDEO_LEGACY',
  'AUDIO',
]);

/** Whether the remote copies of an external ID, the first one given, already hold this content. */
function isHeld(first: RemoteAsset | undefined, remote: RemoteIndex, content: string): boolean {
  if (first === undefined) return false;
  if (first.content === content) return true;
  const copies = remote.duplicated.get(first.externalId);
  return copies?.some((copy) => copy.content === content) ?? false;
}

/** Whether a project of this input type takes only URLs as inline `content`. */
export function takesOnlyUrls(inputType: InputType | string): boolean {
  return MEDIA_INPUT_TYPES.has(inputType);
}

/**
 * The diagnostic for an asset of a media project whose `content` is not a URL — usually a local
 * path that was meant to be written as `file:`. Only TEXT-like projects take inline content.
 * Content a remote copy of the same external ID already holds is not checked: it would not be
 * sent. `ownFirstCopy` is the first remote copy under the asset's own external ID.
 */
export function checkContentUrl(
  asset: DesiredAsset,
  inputType: InputType | string,
  ownFirstCopy: RemoteAsset | undefined,
  remote: RemoteIndex,
): Diagnostic | undefined {
  const { content } = asset;
  // The cheap comparison first: most declared content is already held remotely. `canParse` is
  // the URL parser without building a URL object.
  if (content === undefined || isHeld(ownFirstCopy, remote, content)) return undefined;
  if (URL.canParse(content)) return undefined;
  return {
    severity: 'error',
    message: `${asset.externalId}: content is not a URL, and ${aProjectOfType(inputType)} takes only URLs as content`,
    hint: 'for a local file write `file: <path>` (relative to the manifest); otherwise give the full https:// URL',
    where: asset.source,
  };
}

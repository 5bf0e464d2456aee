import type { Diagnostic } from '../errors.js';
import type { DesiredAsset } from '../manifest/types.js';
import { aProjectOfType } from './describe-input-type.js';
import type { RemoteIndex } from './remote-index.js';
import type { InputType } from './remote-state.js';

/** Input types whose content is media Kili fetches: inline `content` must be a URL there. */
const MEDIA_INPUT_TYPES: ReadonlySet<string> = new Set([
  'IMAGE',
  'GEOSPATIAL',
  'PDF',
  'VIDEO',
  'VIDEO_LEGACY',
  'AUDIO',
]);

/** Whether the remote copies of an external ID already hold this content. */
function isHeld(remote: RemoteIndex, externalId: string, content: string): boolean {
  const first = remote.firstCopies.get(externalId);
  if (first === undefined) return false;
  if (first.content === content) return true;
  const copies = remote.duplicated.get(externalId);
  return copies?.some((copy) => copy.content === content) ?? false;
}

/**
 * One diagnostic per asset of a media project whose `content` is not a URL — usually a local
 * path that was meant to be written as `file:`. Only TEXT-like projects take inline content.
 * Content a remote copy of the same external ID already holds is not checked: it would not be
 * sent.
 */
export function checkContentUrls(
  assets: readonly DesiredAsset[],
  inputType: InputType | string,
  remote: RemoteIndex,
): Diagnostic[] {
  if (!MEDIA_INPUT_TYPES.has(inputType)) return [];
  // The cheap lookup first: most declared content is already held remotely. `canParse` is the
  // URL parser without building a URL object.
  return assets
    .filter(
      (asset) =>
        asset.content !== undefined &&
        !isHeld(remote, asset.externalId, asset.content) &&
        !URL.canParse(asset.content),
    )
    .map((asset) => ({
      severity: 'error' as const,
      message: `${asset.externalId}: content is not a URL, and ${aProjectOfType(inputType)} takes only URLs as content`,
      hint: 'for a local file write `file: <path>` (relative to the manifest); otherwise give the full https:// URL',
      where: asset.source,
    }));
}

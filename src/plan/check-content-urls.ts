import type { Diagnostic } from '../errors.js';
import type { DesiredAsset } from '../manifest/types.js';
import { aProjectOfType } from './describe-input-type.js';
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

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * One diagnostic per asset of a media project whose `content` is not a URL — usually a local
 * path that was meant to be written as `file:`. Only TEXT-like projects take inline content.
 * Content the remote asset already holds is not checked: it would not be sent.
 */
export function checkContentUrls(
  assets: readonly DesiredAsset[],
  inputType: InputType | string,
  remoteAssets: readonly RemoteAsset[],
): Diagnostic[] {
  if (!MEDIA_INPUT_TYPES.has(inputType)) return [];
  const held = new Set(remoteAssets.map((asset) => `${asset.externalId}\n${asset.content}`));
  return assets
    .filter(
      (asset) =>
        asset.content !== undefined &&
        !isUrl(asset.content) &&
        !held.has(`${asset.externalId}\n${asset.content}`),
    )
    .map((asset) => ({
      severity: 'error' as const,
      message: `${asset.externalId}: content is not a URL, and ${aProjectOfType(inputType)} takes only URLs as content`,
      hint: 'for a local file write `file: <path>` (relative to the manifest); otherwise give the full https:// URL',
      where: asset.source,
    }));
}

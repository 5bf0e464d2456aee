import { stringify } from 'yaml';
import { losslessNumberTag } from '../manifest/yaml-exact-numbers.js';
import { hasCredentials } from '../plan/hide-credentials.js';
import { normalizeLabelers, parseRemoteMetadata } from '../plan/normalize.js';
import type { RemoteAsset } from '../plan/remote-state.js';
import { parseJsonExact } from '../util/json-number.js';

/** An asset entry of a `kili-sync/v1` manifest, as export writes it. */
export type ManifestAsset = Record<string, unknown>;

/** Lossless numbers are written as their JSON text: a whole float stays `3.0`. */
const YAML_OPTIONS = {
  lineWidth: 0,
  aliasDuplicateObjects: false,
  customTags: [losslessNumberTag],
};

/**
 * The manifest entry that reproduces a remote asset. Fields at Kili's default (empty content,
 * priority 0, false, null, no labelers, no metadata) are left out: an omitted field is never
 * compared, so the file stays short and planning it shows no change. Everything written
 * compares equal after the planner's normalisation (metadata and JSON content as parsed JSON,
 * without the reserved `kiliSync` key).
 */
export function toManifestAsset(asset: RemoteAsset): ManifestAsset {
  const entry: ManifestAsset = { externalId: asset.externalId };
  // A signed URL is a credential: left out, the field is simply not managed (and converges).
  if (asset.content !== '' && !hasCredentials(asset.content)) entry.content = asset.content;
  if (asset.jsonContent !== '' && !hasCredentials(asset.jsonContent)) {
    entry.jsonContent = readJsonContent(asset.jsonContent);
  }
  const metadata = parseRemoteMetadata(asset.jsonMetadata).user;
  if (Object.keys(metadata).length > 0) entry.jsonMetadata = metadata;
  if (asset.priority !== 0) entry.priority = asset.priority;
  if (asset.isHoneypot) entry.isHoneypot = true;
  if (asset.honeypotMark !== null) entry.honeypotMark = asset.honeypotMark;
  if (asset.consensusMark !== null) entry.consensusMark = asset.consensusMark;
  if (asset.isUsedForConsensus) entry.isUsedForConsensus = true;
  if (asset.toBeLabeledBy.length > 0) entry.toBeLabeledBy = normalizeLabelers(asset.toBeLabeledBy);
  return entry;
}

/** Whether export leaves a field of this asset out because it is a signed (Kili-hosted) URL. */
export function holdsSignedUrl(asset: Pick<RemoteAsset, 'content' | 'jsonContent'>): boolean {
  return hasCredentials(asset.content) || hasCredentials(asset.jsonContent);
}

/** JSON text holding an object or a list is written as YAML; anything else stays a string. */
function readJsonContent(raw: string): unknown {
  try {
    const parsed: unknown = parseJsonExact(raw);
    return typeof parsed === 'object' && parsed !== null ? parsed : raw;
  } catch {
    return raw;
  }
}

/**
 * The top of an exported manifest, up to (not including) `assets:`; with the owner every asset
 * is marked with, when there is one.
 */
export function renderManifestHeader(projectId: string, title: string, owner?: string): string {
  const name = title.replace(/[\r\n]+/g, ' ').trim();
  const comment = `# Exported by kili-sync from Kili project ${projectId}${name ? ` (${name})` : ''}.\n`;
  const header = stringify(
    {
      apiVersion: 'kili-sync/v1',
      kind: 'AssetSet',
      project: projectId,
      ...(owner === undefined ? {} : { owner }),
      prune: false,
    },
    YAML_OPTIONS,
  );
  return comment + header;
}

/**
 * YAML list items (`  - externalId: …`) for the `assets:` key, rendered item by item so a large
 * export never builds one huge document. Indented exactly as a whole document would be.
 */
export function renderManifestAssets(entries: ManifestAsset[]): string {
  if (entries.length === 0) return '';
  const text = stringify({ assets: entries }, YAML_OPTIONS);
  return text.slice(text.indexOf('\n') + 1);
}

import { formatLocation } from '../errors.js';
import type { DesiredAsset, ProjectManifests } from '../plan/desired-state.js';
import type { KeptAssets } from './asset-collectors.js';
import { checkProjectSettings } from './check-project-settings.js';
import type { DiagnosticCollector } from './diagnostic-collector.js';
import type { ExpandedManifest } from './expand-manifest.js';

/**
 * Groups the expanded manifests by project and checks what they say together: agreeing `prune`,
 * `owner` and `jsonMetadataMode` (check-project-settings.ts). Projects come back sorted by ID. The assets are checked by checkKeptAssets.
 */
export function groupByProject(
  manifests: ExpandedManifest[],
  diagnostics: DiagnosticCollector,
): ProjectManifests[] {
  const groups = new Map<string, ExpandedManifest[]>();
  for (const manifest of manifests) {
    const group = groups.get(manifest.projectId) ?? [];
    group.push(manifest);
    groups.set(manifest.projectId, group);
  }
  return [...groups.keys()].sort().map((projectId) => {
    const group = groups.get(projectId)!;
    return {
      projectId,
      ...checkProjectSettings(projectId, group, diagnostics),
      manifestFiles: [...new Set(group.map((manifest) => manifest.manifest.file.displayPath))],
      declaredAt: group[0]!.manifest.locate(['project']),
      rootDir: group[0]!.manifest.file.root.realPath,
    };
  });
}

/** The checks across one project's assets: unique external IDs, renames that make sense. */
export function checkKeptAssets(
  projectId: string,
  kept: KeptAssets,
  diagnostics: DiagnosticCollector,
): void {
  checkDuplicates(projectId, kept.assets, kept.origins, diagnostics);
  checkRenames(kept.assets, diagnostics);
}

function checkDuplicates(
  projectId: string,
  assets: DesiredAsset[],
  origins: Map<DesiredAsset, string>,
  diagnostics: DiagnosticCollector,
): void {
  // One hash operation per asset (a million in a large JSONL file): a Set that did not grow
  // has seen the ID before. The copies of the rare repeated IDs are gathered in a second pass.
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const asset of assets) {
    const before = seen.size;
    seen.add(asset.externalId);
    if (seen.size === before) repeated.add(asset.externalId);
  }
  if (repeated.size === 0) return;
  const duplicates = new Map<string, DesiredAsset[]>();
  for (const asset of assets) {
    if (!repeated.has(asset.externalId)) continue;
    const copies = duplicates.get(asset.externalId);
    if (copies === undefined) duplicates.set(asset.externalId, [asset]);
    else copies.push(asset);
  }
  for (const [externalId, copies] of duplicates) {
    const generated = copies.map((copy) => origins.get(copy)).filter((origin) => origin);
    const fromOneGenerator =
      generated.length === copies.length &&
      new Set(copies.map((copy) => formatLocation(copy.source))).size === 1;
    const second = copies[1]!;
    diagnostics.add({
      severity: 'error',
      message:
        `duplicate external ID '${externalId}' in project ${projectId}: declared ${copies.length} times` +
        (generated.length > 0 ? ` (from ${generated.join(', ')})` : ''),
      hint: fromOneGenerator
        ? "the externalId template gives the same ID to several files; make it more specific, e.g. '{dir}/{name}'"
        : 'an external ID may be declared only once per project, across all manifests',
      where: second.source,
      related: copies.filter((copy) => copy !== second).map((copy) => copy.source),
    });
  }
}

/**
 * Renames that make sense. `validate` gives it only the assets that rename (CountedAssets), once
 * it knows that no old ID is among the declared ones: the only finding that needs the others.
 */
export function checkRenames(assets: DesiredAsset[], diagnostics: DiagnosticCollector): void {
  if (!assets.some((asset) => asset.renamedFrom !== undefined)) return;
  // The first declaration of each external ID, which a rename's error points at.
  const byId = new Map<string, DesiredAsset>();
  for (const asset of assets) if (!byId.has(asset.externalId)) byId.set(asset.externalId, asset);
  const renamedBy = new Map<string, DesiredAsset>();
  for (const asset of assets) {
    const old = asset.renamedFrom;
    if (old === undefined) continue;
    if (old === asset.externalId) {
      diagnostics.error(
        `'renamedFrom' of '${old}' is its own externalId`,
        asset.source,
        'remove `renamedFrom`, or set it to the external ID the asset had before',
      );
      continue;
    }
    const declared = byId.get(old);
    if (declared) {
      diagnostics.add({
        severity: 'error',
        message: `'${asset.externalId}' is renamed from '${old}', which is still declared`,
        hint: 'a rename replaces the old external ID: remove the old entry, or drop `renamedFrom`',
        where: asset.source,
        related: [declared.source],
      });
      continue;
    }
    const other = renamedBy.get(old);
    if (other) {
      diagnostics.add({
        severity: 'error',
        message: `'${asset.externalId}' and '${other.externalId}' are both renamed from '${old}'`,
        hint: 'one remote asset can only get one new external ID',
        where: asset.source,
        related: [other.source],
      });
      continue;
    }
    renamedBy.set(old, asset);
  }
}

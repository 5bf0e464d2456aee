import { type Diagnostic, KiliSyncError } from '../errors.js';
import type { DesiredAsset, DesiredProject } from '../manifest/types.js';
import { checkContentUrl, takesOnlyUrls } from './check-content-urls.js';
import {
  type AssetDiff,
  type ContentContext,
  describeNewAsset,
  diffAsset,
  hasChanges,
} from './diff-asset.js';
import type { HostedFileFactsByUrl } from './hosted-file-facts.js';
import { findDeleteBlock, findUpdateBlock } from './labeled-work.js';
import type { LocalFileFactsByPath } from './local-file-facts.js';
import { compareStrings } from './normalize.js';
import { planDuplicates, rankCopies } from './remote-duplicates.js';
import { indexByExternalId, listCopies, type RemoteIndex } from './remote-index.js';
import type { RemoteAsset, RemoteProjectState } from './remote-state.js';
import { resolveTarget } from './resolve-renames.js';
import { compareChanges, summarizeChanges } from './sort-changes.js';
import type {
  AddChange,
  Change,
  PlanWarning,
  ProjectPlan,
  RenameChange,
  UpdateChange,
} from './types.js';

export interface ProjectPlanOptions {
  localFiles: LocalFileFactsByPath;
  /** What Kili-hosted URLs of assets without an upload record served (default: none). */
  hostedFiles?: HostedFileFactsByUrl;
  dedupe: boolean;
}

const NO_HOSTED_FILES: HostedFileFactsByUrl = new Map();

function sourceOf(asset: DesiredAsset): { file: string; line: number } {
  return { file: asset.source.file, line: asset.source.line };
}

function planExisting(
  asset: DesiredAsset,
  managed: RemoteAsset,
  from: string | undefined,
  options: ProjectPlanOptions,
  context: ContentContext,
): UpdateChange | RenameChange | undefined {
  const facts =
    asset.file === undefined ? undefined : options.localFiles.get(asset.file.absolutePath);
  const diff = diffAsset(asset, managed, facts, context);
  if (from === undefined && !hasChanges(diff)) return undefined;
  const common = {
    externalId: asset.externalId,
    assetId: managed.id,
    updatedAt: managed.updatedAt,
    labels: managed.labelCount,
    source: sourceOf(asset),
  };
  const change: UpdateChange | RenameChange =
    from === undefined
      ? { action: 'update', ...common, fields: diff.fields }
      : {
          action: 'rename',
          from,
          ...common,
          fields: { externalId: { before: from, after: asset.externalId }, ...diff.fields },
        };
  if (diff.file !== undefined) change.file = diff.file;
  if (diff.uploads !== undefined) change.uploads = diff.uploads;
  if (diff.metadataToWrite !== undefined) change.metadataToWrite = diff.metadataToWrite;
  const blocked = findUpdateBlock(managed, diff.fields);
  if (blocked !== undefined) change.blocked = blocked;
  return change;
}

/** Key order as in the plan document; no spread, which costs dearly at a million adds. */
function planAdd(asset: DesiredAsset, diff: AssetDiff): AddChange {
  const { externalId } = asset;
  const metadataToWrite = diff.metadataToWrite ?? {};
  const source = sourceOf(asset);
  const add: AddChange =
    diff.file === undefined
      ? { action: 'add', externalId, fields: diff.fields, metadataToWrite, source }
      : {
          action: 'add',
          externalId,
          fields: diff.fields,
          file: diff.file,
          metadataToWrite,
          source,
        };
  if (diff.uploads !== undefined) add.uploads = diff.uploads;
  return add;
}

/** Appends the deletes of undeclared remote assets (one by one: a spread would overflow). */
function planPrune(remote: RemoteIndex, claimed: ReadonlySet<string>, deletes: Change[]): void {
  for (const externalId of remote.firstCopies.keys()) {
    if (claimed.has(externalId)) continue;
    for (const asset of listCopies(remote, externalId)) {
      const change: Change = {
        action: 'delete',
        externalId,
        assetId: asset.id,
        updatedAt: asset.updatedAt,
        labels: asset.labelCount,
        reason: 'prune',
      };
      const blocked = findDeleteBlock(asset);
      if (blocked !== undefined) change.blocked = blocked;
      deletes.push(change);
    }
  }
}

function compareWarnings(a: PlanWarning, b: PlanWarning): number {
  return compareStrings(a.externalId ?? '', b.externalId ?? '') || compareStrings(a.code, b.code);
}

/** A project's plan, and the declared content it cannot take (the plan is then not to be used). */
export interface PlannedProject {
  plan: ProjectPlan;
  /** One per asset of a media project whose content is not a URL (see check-content-urls.ts). */
  contentProblems: Diagnostic[];
}

/**
 * Plans one project: the desired assets against the remote state (see docs/architecture.md,
 * "Planning rules"). Pure. The content check runs here, where each asset's remote copies are at
 * hand, rather than in a pass of its own that would look every asset up a second time.
 */
export function planProject(
  desired: DesiredProject,
  remote: RemoteProjectState,
  options: ProjectPlanOptions,
): PlannedProject {
  if (desired.prune && remote.partial) {
    throw new KiliSyncError(
      'INTERNAL',
      `Cannot prune project ${desired.projectId} from a partial read of its assets`,
    );
  }
  const index = indexByExternalId(remote.assets);
  const checkUrls = takesOnlyUrls(remote.project.inputType);
  const contentProblems: Diagnostic[] = [];
  const claimed = new Set<string>();
  const changes: Change[] = [];
  const warnings: PlanWarning[] = [];
  const deleteExtras = desired.prune || options.dedupe;
  let unchanged = 0;
  // One context for the whole project: built per asset, it would be garbage a hundred thousand times.
  const context: ContentContext = {
    inputType: remote.project.inputType,
    hostedFiles: options.hostedFiles ?? NO_HOSTED_FILES,
  };

  for (const asset of desired.assets) {
    const ownFirstCopy = index.firstCopies.get(asset.externalId);
    if (checkUrls) {
      const problem = checkContentUrl(asset, remote.project.inputType, ownFirstCopy, index);
      if (problem !== undefined) contentProblems.push(problem);
    }
    const target = resolveTarget(asset, ownFirstCopy, index);
    if (target.warning !== undefined) warnings.push(target.warning);
    if (target.kind === 'new') {
      const facts =
        asset.file === undefined ? undefined : options.localFiles.get(asset.file.absolutePath);
      changes.push(planAdd(asset, describeNewAsset(asset, facts, remote.project)));
      continue;
    }
    // The external ID the remote copies are under: the asset's own, or the one it is renamed from.
    const groupId = target.firstCopy.externalId;
    // Only prune asks which remote IDs are declared.
    if (desired.prune) claimed.add(groupId);
    let managed = target.firstCopy;
    const copies = index.duplicated.get(groupId);
    if (copies !== undefined) {
      const ranked = rankCopies(copies);
      managed = ranked.managed;
      const duplicates = planDuplicates(groupId, ranked, deleteExtras);
      if (duplicates.warning !== undefined) warnings.push(duplicates.warning);
      changes.push(...duplicates.deletes);
    }
    const from = target.kind === 'rename' ? target.from : undefined;
    const change = planExisting(asset, managed, from, options, context);
    if (change === undefined) unchanged += 1;
    else changes.push(change);
  }

  if (desired.prune) planPrune(index, claimed, changes);
  changes.sort(compareChanges);
  warnings.sort(compareWarnings);

  const plan: ProjectPlan = {
    projectId: desired.projectId,
    title: remote.project.title,
    inputType: remote.project.inputType,
    prune: desired.prune,
    remote: { count: remote.count },
    ...(remote.read === undefined ? {} : { read: remote.read }),
    summary: summarizeChanges(changes, unchanged),
    changes,
    warnings: [
      ...remote.warnings.map((message): PlanWarning => ({ code: 'count-changed', message })),
      ...warnings,
    ],
  };
  return { plan, contentProblems };
}

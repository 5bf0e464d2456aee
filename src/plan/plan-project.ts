import { type Diagnostic, KiliSyncError } from '../errors.js';
import { RESERVED_METADATA_KEY } from '../schema/asset-field-roles.js';
import { checkContentUrl, takesOnlyUrls } from './check-content-urls.js';
import { checkFileType } from './check-file-types.js';
import { checkFrames } from './check-frames.js';
import type { DesiredAsset, DesiredProject, PruneMode } from './desired-state.js';
import {
  type AssetContext,
  type AssetDiff,
  describeNewAsset,
  diffAsset,
  hasChanges,
} from './diff-asset.js';
import type { HostedFileFactsByUrl } from './hosted-file-facts.js';
import { findDeleteBlock, findUpdateBlock } from './labeled-work.js';
import type { LocalFileFacts, LocalFileFactsByPath } from './local-file-facts.js';
import { compareStrings, parseRemoteMetadata } from './normalize.js';
import { ownerMark } from './ownership.js';
import { planDuplicates, rankCopies } from './remote-duplicates.js';
import { indexByExternalId, listCopies, type RemoteIndex } from './remote-index.js';
import type { RemoteAsset, RemoteProjectState } from './remote-state.js';
import { checkRenameSources, resolveTarget } from './resolve-renames.js';
import { compareChanges, summarizeChanges } from './sort-changes.js';
import type {
  AddChange,
  Change,
  DeleteChange,
  PlanWarning,
  ProjectPlan,
  RenameChange,
  UndeclaredAssets,
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
  facts: LocalFileFacts | undefined,
  context: AssetContext,
): UpdateChange | RenameChange | undefined {
  const diff = diffAsset(asset, managed, facts, context);
  // An asset to adopt (or take over) is an update even when its fields match.
  if (from === undefined && !hasChanges(diff) && diff.owner === undefined) return undefined;
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
  if (diff.frames !== undefined) change.frames = diff.frames;
  if (diff.metadataToWrite !== undefined) change.metadataToWrite = diff.metadataToWrite;
  const blocked = findUpdateBlock(managed, diff.fields);
  if (blocked !== undefined) change.blocked = blocked;
  if (diff.owner !== undefined) change.owner = diff.owner;
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
  if (diff.frames !== undefined) add.frames = diff.frames;
  if (diff.import !== undefined) add.import = diff.import;
  return add;
}

/** The owner an asset is marked with (its metadata parsed only when it may hold a mark). */
function markOf(asset: RemoteAsset): string | undefined {
  if (!asset.jsonMetadata.includes(RESERVED_METADATA_KEY)) return undefined;
  return ownerMark(parseRemoteMetadata(asset.jsonMetadata).reserved);
}

/**
 * Appends the deletes of undeclared remote assets (one by one: a spread would overflow): every
 * one with `prune: true`, only those marked with `owner` with `prune: owned`. Returns how many.
 */
function planPrune(
  remote: RemoteIndex,
  claimed: ReadonlySet<string>,
  deletes: Change[],
  mode: PruneMode,
  owner: string | undefined,
): number {
  let planned = 0;
  for (const externalId of remote.firstCopies.keys()) {
    if (claimed.has(externalId)) continue;
    for (const asset of listCopies(remote, externalId)) {
      const mark = markOf(asset);
      if (mode === 'owned' && (mark === undefined || mark !== owner)) continue;
      const change: DeleteChange = {
        action: 'delete',
        externalId,
        assetId: asset.id,
        updatedAt: asset.updatedAt,
        labels: asset.labelCount,
        reason: 'prune',
      };
      if (mark !== undefined) change.owner = mark;
      const blocked = findDeleteBlock(asset);
      if (blocked !== undefined) change.blocked = blocked;
      deletes.push(change);
      planned += 1;
    }
  }
  return planned;
}

/** How many of the project's assets carry the owner's mark: what `prune: owned` may delete. */
function countOwned(assets: readonly RemoteAsset[], owner: string): number {
  let owned = 0;
  for (const asset of assets) if (markOf(asset) === owner) owned += 1;
  return owned;
}

function compareWarnings(a: PlanWarning, b: PlanWarning): number {
  return compareStrings(a.externalId ?? '', b.externalId ?? '') || compareStrings(a.code, b.code);
}

/** A project's plan, and what it cannot plan: with any problem, the plan is not to be used. */
export interface PlannedProject {
  plan: ProjectPlan;
  /**
   * The declared assets that cannot be planned: local files of a type the project does not take
   * and frames it cannot take, content that is not a URL in a media project, then impossible
   * renames.
   */
  problems: Diagnostic[];
}

/**
 * Plans one project: the desired assets against the remote state (see docs/architecture.md,
 * "Planning rules"). Pure. The checks of the declared assets run in the same pass, where each
 * asset's file facts and remote copies are at hand, rather than in passes of their own.
 */
export function planProject(
  desired: DesiredProject,
  remote: RemoteProjectState,
  options: ProjectPlanOptions,
): PlannedProject {
  if (desired.prune && remote.partial) {
    throw new KiliSyncError(
      'internal',
      `Cannot prune project ${desired.projectId} from a partial read of its assets`,
    );
  }
  const { inputType } = remote.project;
  const index = indexByExternalId(remote.assets);
  const checkUrls = takesOnlyUrls(inputType);
  const fileProblems: Diagnostic[] = [];
  const contentProblems: Diagnostic[] = [];
  let declaresRenames = false;
  const claimed = new Set<string>();
  const changes: Change[] = [];
  const warnings: PlanWarning[] = [];
  const deleteExtras = desired.prune !== false || options.dedupe;
  let unchanged = 0;
  /** Remote assets under a declared external ID (every copy): the rest are undeclared. */
  let declaredRemote = 0;
  const { owner } = desired;
  // One context for the whole project: built per asset, it would be garbage a hundred thousand times.
  const context: AssetContext = {
    inputType,
    hostedFiles: options.hostedFiles ?? NO_HOSTED_FILES,
    localFiles: options.localFiles,
    metadataMode: desired.metadataMode ?? (owner === undefined ? 'replace' : 'keys'),
    owner,
  };

  for (const asset of desired.assets) {
    const { file } = asset;
    const facts = file === undefined ? undefined : options.localFiles.get(file.absolutePath);
    if (file !== undefined) {
      const problem = checkFileType(asset, file, facts, inputType);
      if (problem !== undefined) fileProblems.push(problem);
    }
    if (asset.frames !== undefined) {
      const problem = checkFrames(asset, inputType, options.localFiles);
      if (problem !== undefined) fileProblems.push(problem);
    }
    const ownFirstCopy = index.firstCopies.get(asset.externalId);
    if (checkUrls) {
      const problem = checkContentUrl(asset, inputType, ownFirstCopy, index);
      if (problem !== undefined) contentProblems.push(problem);
    }
    if (asset.renamedFrom !== undefined) declaresRenames = true;
    const target = resolveTarget(asset, ownFirstCopy, index);
    if (target.warning !== undefined) warnings.push(target.warning);
    if (target.kind === 'new') {
      changes.push(planAdd(asset, describeNewAsset(asset, facts, context)));
      continue;
    }
    // The external ID the remote copies are under: the asset's own, or the one it is renamed from.
    const groupId = target.firstCopy.externalId;
    // Only prune asks which remote IDs are declared.
    if (desired.prune) claimed.add(groupId);
    let managed = target.firstCopy;
    const copies = index.duplicated.get(groupId);
    declaredRemote += copies?.length ?? 1;
    if (copies !== undefined) {
      const ranked = rankCopies(copies);
      managed = ranked.managed;
      const duplicates = planDuplicates(groupId, ranked, deleteExtras);
      if (duplicates.warning !== undefined) warnings.push(duplicates.warning);
      changes.push(...duplicates.deletes);
    }
    const from = target.kind === 'rename' ? target.from : undefined;
    const change = planExisting(asset, managed, from, facts, context);
    if (change === undefined) unchanged += 1;
    else changes.push(change);
  }

  const pruned = desired.prune ? planPrune(index, claimed, changes, desired.prune, owner) : 0;
  changes.sort(compareChanges);
  warnings.sort(compareWarnings);

  const plan: ProjectPlan = {
    projectId: desired.projectId,
    title: remote.project.title,
    inputType: remote.project.inputType,
    prune: desired.prune,
    ...(owner === undefined ? {} : { owner }),
    remote:
      owner === undefined || desired.prune !== 'owned'
        ? { count: remote.count }
        : { count: remote.count, owned: countOwned(remote.assets, owner) },
    ...(remote.read === undefined ? {} : { read: remote.read }),
    ...(desired.prune === true ? {} : describeUndeclared(desired, remote, declaredRemote, pruned)),
    summary: summarizeChanges(changes, unchanged),
    changes,
    warnings: [
      ...remote.warnings.map((message): PlanWarning => ({ code: 'count-changed', message })),
      ...warnings,
    ],
  };
  // Renames are checked across all the assets, and only when some are declared.
  const renameProblems = declaresRenames ? checkRenameSources(desired.assets) : [];
  return { plan, problems: [...fileProblems, ...contentProblems, ...renameProblems] };
}

/** Undeclared external IDs listed in a plan at most. */
const MAX_UNDECLARED_LISTED = 100;

/**
 * With prune off (or `owned`), the remote assets no manifest declares that apply keeps: said,
 * since a manifest that stopped declaring them would otherwise make them vanish from the plan
 * without a word. Listed (the first ones) only when the whole project was read.
 */
function describeUndeclared(
  desired: DesiredProject,
  remote: RemoteProjectState,
  declaredRemote: number,
  pruned: number,
): { undeclared?: UndeclaredAssets } {
  const count = remote.count - declaredRemote - pruned;
  if (count <= 0) return {};
  if (remote.partial) return { undeclared: { count } };
  const declared = new Set<string>();
  for (const asset of desired.assets) {
    declared.add(asset.externalId);
    if (asset.renamedFrom !== undefined) declared.add(asset.renamedFrom);
  }
  // With `prune: owned`, the owner's undeclared assets are deleted, not kept.
  const owner = desired.prune === 'owned' ? desired.owner : undefined;
  const kept = (asset: RemoteAsset) =>
    !declared.has(asset.externalId) && (owner === undefined || markOf(asset) !== owner);
  const externalIds = [...new Set(remote.assets.filter(kept).map((a) => a.externalId))]
    .sort(compareStrings)
    .slice(0, MAX_UNDECLARED_LISTED);
  return { undeclared: { count, externalIds } };
}

import { ERROR_CATALOGUE } from '../error-catalogue.js';
import type { Diagnostic } from '../errors.js';
import { KiliSyncError } from '../errors.js';
import { checkLocalFile, describeLocalFileProblem } from '../files/local-root.js';
import type { CheckedState, DesiredState, ProjectManifests } from '../plan/desired-state.js';
import { groupDigits } from '../util/group-digits.js';
import {
  type AssetCollector,
  CountedAssets,
  countInputTypeDependent,
  KeptAssets,
} from './asset-collectors.js';
import { checkKeptAssets, checkRenames, groupByProject } from './check-projects.js';
import {
  type DocumentPath,
  describeSchemaErrors,
  formatDocumentPath,
} from './describe-schema-error.js';
import { DiagnosticCollector, sortDiagnostics } from './diagnostic-collector.js';
import {
  type DiscoveredPath,
  discoverManifestFiles,
  toDisplayPath,
} from './discover-manifest-files.js';
import { type ExpandedManifest, expandManifest, projectOf } from './expand-manifest.js';
import { DEPTH_HINT, findTooDeepFields, MAX_JSON_DEPTH } from './json-depth.js';
import type { ManifestFile, ParsedManifest } from './manifest-file.js';
import { collectSchemaErrors, manifestValidators } from './manifest-schema.js';
import { type ParseOptions, parseManifestFile } from './parse-manifest-file.js';

/** `largeFileChars` and `cacheDir`: how large manifests are parsed (see parse-manifest-file.ts). */
export interface LoadDesiredStateOptions extends ParseOptions {
  /** Paths are resolved against it, and shown relative to it. */
  cwd: string;
  /** Called for each warning, once loading has succeeded (on failure they travel in the error). */
  onWarning?: (diagnostic: Diagnostic) => void;
  /** Also report skipped YAML files as warnings. */
  verbose?: boolean;
  /**
   * The folder local files must lie in (`--root`). Default: the git work tree around each
   * PATH, or the PATH itself outside git.
   */
  root?: string;
}

/**
 * Discovers, parses, validates and expands the manifests under `paths`, then checks them
 * together. Validation is offline. Throws KiliSyncError `MANIFEST_INVALID` carrying every
 * error (and the warnings) as diagnostics, or `NO_MANIFESTS` when a PATH holds no manifest.
 */
export async function loadDesiredState(
  paths: string[],
  options: LoadDesiredStateOptions,
): Promise<DesiredState> {
  const diagnostics = new DiagnosticCollector();
  const loaded = await expandProjects(paths, options, diagnostics, () => new KeptAssets());
  for (const project of loaded.projects) {
    checkKeptAssets(project.projectId, project.assets, diagnostics);
  }
  const warnings = reportProblems(diagnostics, options);
  return {
    ...loaded,
    projects: loaded.projects.map((project) => ({ ...project, assets: project.assets.assets })),
    warnings,
  };
}

/**
 * The same checks and errors as loadDesiredState, for `validate`: each asset is checked as it
 * is read and then only counted (CountedAssets), so that validating a million-line JSONL file
 * holds none of its records. When the checks across assets need them after all (a possible
 * duplicate, a rename from a declared ID), the manifests are loaded again, keeping them.
 */
export async function checkDesiredState(
  paths: string[],
  options: LoadDesiredStateOptions & { fingerprintBits?: number },
): Promise<CheckedState> {
  const diagnostics = new DiagnosticCollector();
  const counted = await expandProjects(
    paths,
    options,
    diagnostics,
    () => new CountedAssets(options.fingerprintBits),
  );
  if (counted.projects.some((project) => project.assets.needsExactCheck())) {
    const loaded = await loadDesiredState(paths, options);
    return {
      ...loaded,
      projects: loaded.projects.map(({ projectId, assets }) => {
        const dependents = { inlineTexts: 0, localFiles: 0 };
        for (const asset of assets) countInputTypeDependent(dependents, asset);
        return { projectId, assetCount: assets.length, ...dependents };
      }),
    };
  }
  for (const project of counted.projects) checkRenames(project.assets.renamed, diagnostics);
  const warnings = reportProblems(diagnostics, options);
  return {
    ...counted,
    projects: counted.projects.map(({ projectId, assets }) => ({
      projectId,
      assetCount: assets.count,
      ...assets.dependents,
    })),
    warnings,
  };
}

/** Every manifest parsed, schema-checked and expanded, its assets given to its project's collector. */
async function expandProjects<Collector extends AssetCollector>(
  paths: string[],
  options: LoadDesiredStateOptions,
  diagnostics: DiagnosticCollector,
  newCollector: () => Collector,
): Promise<{
  projects: (ProjectManifests & { assets: Collector })[];
  manifestFiles: string[];
  manifestCount: number;
}> {
  const discovered = await discoverManifestFiles(paths, options.cwd, options.root);
  const manifests = await parseDiscovered(discovered, diagnostics, options);

  const expanded: ExpandedManifest[] = [];
  const collectors = new Map<string, Collector>();
  for (const manifest of manifests) {
    const errors = collectSchemaErrors(manifestValidators.manifest, manifest.value);
    if (errors.length > 0) {
      for (const problem of describeSchemaErrors(errors, manifestValidators.schema)) {
        diagnostics.error(
          problem.message,
          manifest.locate(problem.path, problem.target),
          problem.hint,
        );
      }
      continue;
    }
    if (reportTooDeepValues(manifest, diagnostics)) continue;
    // A project's manifests add to one collector, in order: its assets in declaration order.
    const projectId = projectOf(manifest);
    let assets = collectors.get(projectId);
    if (assets === undefined) {
      assets = newCollector();
      collectors.set(projectId, assets);
    }
    expanded.push(await expandManifest(manifest, { cwd: options.cwd, diagnostics, assets }));
  }
  return {
    projects: groupByProject(expanded, diagnostics).map((project) => ({
      ...project,
      assets: collectors.get(project.projectId)!,
    })),
    manifestFiles: [...new Set(manifests.map((manifest) => manifest.file.displayPath))],
    manifestCount: manifests.length,
  };
}

/** Throws MANIFEST_INVALID when an error was found; otherwise hands out and returns the warnings. */
function reportProblems(
  diagnostics: DiagnosticCollector,
  options: LoadDesiredStateOptions,
): Diagnostic[] {
  const warnings = sortDiagnostics(diagnostics.warnings);
  if (diagnostics.errors.length > 0) {
    const errors = sortDiagnostics(diagnostics.errors);
    const files = new Set(errors.map((error) => error.where?.file).filter((file) => file));
    throw new KiliSyncError(
      'manifest-invalid',
      `${plural(errors.length, 'problem')} in ${plural(Math.max(files.size, 1), 'manifest')}`,
      { diagnostics: [...errors, ...warnings] },
    );
  }
  for (const warning of warnings) options.onWarning?.(warning);
  return warnings;
}

async function parseDiscovered(
  discovered: DiscoveredPath[],
  diagnostics: DiagnosticCollector,
  options: LoadDesiredStateOptions,
): Promise<ParsedManifest[]> {
  const manifests: ParsedManifest[] = [];
  const empty: DiscoveredPath[] = [];
  const manifestPaths = new Set<string>();
  for (const entry of discovered) {
    let matched = entry.alreadyMatched.filter((file) => manifestPaths.has(file)).length;
    for (const file of entry.files) {
      const outside = checkManifestLocation(file, options.cwd);
      if (outside) {
        diagnostics.error(outside.message, undefined, outside.hint);
        matched += 1;
        continue;
      }
      const result = await parseManifestFile(file, options);
      for (const diagnostic of result.diagnostics) diagnostics.add(diagnostic);
      if (result.skipped) {
        if (options.verbose) {
          diagnostics.warn(
            `skipped ${file.displayPath}: not a kili-sync manifest (${result.skipped})`,
            undefined,
            undefined,
            'not-a-manifest',
          );
        }
        continue;
      }
      matched += 1;
      manifestPaths.add(file.absolutePath);
      manifests.push(...result.manifests);
    }
    if (matched === 0) empty.push(entry);
  }
  const describe = (entry: DiscoveredPath) =>
    entry.missing
      ? `no such file or folder: '${entry.argument}'`
      : `no kili-sync manifest found in '${entry.argument}'`;
  if (empty.length > 0 && diagnostics.errors.length === 0) {
    throw new KiliSyncError('no-manifests', empty.map(describe).join('; '), {
      diagnostics: diagnostics.warnings,
    });
  }
  const { hint } = ERROR_CATALOGUE['no-manifests'];
  for (const entry of empty) diagnostics.error(describe(entry), undefined, hint, 'no-manifests');
  return manifests;
}

/** Reports JSON fields nested beyond the limit, where they are declared; true if any. */
function reportTooDeepValues(manifest: ParsedManifest, diagnostics: DiagnosticCollector): boolean {
  const document = manifest.value as Record<string, unknown>;
  const entries: [DocumentPath, unknown][] = [[['defaults'], document.defaults]];
  for (const list of ['assets', 'sources'] as const) {
    const items = Array.isArray(document[list]) ? (document[list] as unknown[]) : [];
    items.forEach((item, index) => {
      entries.push([[list, index], item]);
    });
  }
  let found = false;
  for (const [path, entry] of entries) {
    for (const field of findTooDeepFields(entry)) {
      found = true;
      diagnostics.error(
        `'${formatDocumentPath([...path, field])}' nests deeper than ${MAX_JSON_DEPTH} levels`,
        manifest.locate([...path, field]),
        DEPTH_HINT,
      );
    }
  }
  return found;
}

/** A manifest reached through a link to outside the root is refused like any local file. */
function checkManifestLocation(file: ManifestFile, cwd: string) {
  const checked = checkLocalFile(file.absolutePath, file.root);
  if (checked.problem !== 'outside-root' && checked.problem !== 'special') return undefined;
  return describeLocalFileProblem(checked.problem, {
    what: 'manifest',
    shown: `'${file.displayPath}'`,
    root: file.root,
    rootShown: toDisplayPath(file.root.realPath, cwd),
  });
}

function plural(count: number, noun: string): string {
  return `${groupDigits(count)} ${noun}${count === 1 ? '' : 's'}`;
}

import type { Diagnostic } from '../errors.js';
import { KiliSyncError } from '../errors.js';
import { checkProjects } from './check-projects.js';
import { describeSchemaErrors } from './describe-schema-error.js';
import { DiagnosticCollector, sortDiagnostics } from './diagnostic-collector.js';
import { type DiscoveredPath, discoverManifestFiles } from './discover-manifest-files.js';
import { type ExpandedManifest, expandManifest } from './expand-manifest.js';
import type { ParsedManifest } from './manifest-file.js';
import { collectSchemaErrors, getManifestValidators } from './manifest-schema.js';
import { parseManifestFile } from './parse-manifest-file.js';
import type { DesiredState } from './types.js';

export interface LoadDesiredStateOptions {
  /** Paths are resolved against it, and shown relative to it. */
  cwd: string;
  /** Called for each warning, once loading has succeeded (on failure they travel in the error). */
  onWarning?: (diagnostic: Diagnostic) => void;
  /** Also report skipped YAML files as warnings. */
  verbose?: boolean;
  /** Files at least this long (in characters) are parsed in parallel chunks. */
  largeFileChars?: number;
}

const NO_MANIFESTS_HINT =
  'manifests are .yaml/.yml files with `apiVersion: kili-sync/v1`; run with --verbose to see skipped files';

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
  const discovered = await discoverManifestFiles(paths, options.cwd);
  const manifests = await parseDiscovered(discovered, diagnostics, options);

  const expanded: ExpandedManifest[] = [];
  const validators = getManifestValidators();
  for (const manifest of manifests) {
    const errors = collectSchemaErrors(validators.manifest, manifest.value);
    if (errors.length > 0) {
      for (const problem of describeSchemaErrors(errors, validators.schema)) {
        diagnostics.error(
          problem.message,
          manifest.locate(problem.path, problem.target),
          problem.hint,
        );
      }
      continue;
    }
    expanded.push(await expandManifest(manifest, { cwd: options.cwd, diagnostics }));
  }
  const projects = checkProjects(expanded, diagnostics);

  const warnings = sortDiagnostics(diagnostics.warnings);
  if (diagnostics.errors.length > 0) {
    const errors = sortDiagnostics(diagnostics.errors);
    const files = new Set(errors.map((error) => error.where?.file).filter((file) => file));
    throw new KiliSyncError(
      'MANIFEST_INVALID',
      `${plural(errors.length, 'problem')} in ${plural(Math.max(files.size, 1), 'manifest')}`,
      {
        diagnostics: [...errors, ...warnings],
        hint: 'fix the problems above; nothing was sent to Kili',
      },
    );
  }
  for (const warning of warnings) options.onWarning?.(warning);
  return {
    projects,
    manifestFiles: [...new Set(manifests.map((manifest) => manifest.file.displayPath))],
    manifestCount: manifests.length,
    warnings,
  };
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
      const result = await parseManifestFile(file, { largeFileChars: options.largeFileChars });
      for (const diagnostic of result.diagnostics) diagnostics.add(diagnostic);
      if (result.skipped) {
        if (options.verbose) {
          diagnostics.warn(
            `skipped ${file.displayPath}: not a kili-sync manifest (${result.skipped})`,
            undefined,
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
    throw new KiliSyncError('NO_MANIFESTS', empty.map(describe).join('; '), {
      hint: NO_MANIFESTS_HINT,
      diagnostics: diagnostics.warnings,
    });
  }
  for (const entry of empty) diagnostics.error(describe(entry), undefined, NO_MANIFESTS_HINT);
  return manifests;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

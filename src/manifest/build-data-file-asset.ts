import path from 'node:path';
import type { SourceLocation } from '../errors.js';
import { findInvalidUtf8InFile } from '../files/utf8-check.js';
import type { LocalFileRef } from '../plan/desired-state.js';
import { mergeAssetLayers, resolveDesiredAsset } from './build-desired-asset.js';
import { describeKind, describeSchemaErrors } from './describe-schema-error.js';
import { DEPTH_HINT, findTooDeepFields, MAX_JSON_DEPTH } from './json-depth.js';
import type { RawAsset, RawSource } from './manifest-document.js';
import { INVALID_UTF8, UTF8_HINT } from './manifest-encoding.js';
import { collectSchemaErrors, manifestValidators } from './manifest-schema.js';
import { resolveFrames } from './resolve-frames.js';
import { resolveLocalFile } from './resolve-local-file.js';
import type { SourceContext } from './source-context.js';

/**
 * Finds the data file of a `jsonl` or `csv` source, relative to the manifest, and checks that it
 * is UTF-8 text; a missing one is reported at the source entry, an undecodable one at its first
 * bad byte, and either yields nothing.
 */
export async function resolveDataFile(
  kind: 'jsonl' | 'csv',
  source: RawSource,
  context: SourceContext,
): Promise<LocalFileRef | undefined> {
  const { ref, problem } = resolveLocalFile(source[kind] as string, {
    baseDir: context.manifestDir,
    cwd: context.cwd,
    root: context.root,
    what: `${kind.toUpperCase()} file`,
    relativeHint: "the path is relative to the manifest's folder",
  });
  if (problem) {
    const where = context.manifest.locate(['sources', context.sourceIndex, kind]);
    context.diagnostics.error(problem.message, where, problem.hint);
    return undefined;
  }
  const invalid = await findInvalidUtf8InFile(ref.absolutePath);
  if (invalid === undefined) return ref;
  context.diagnostics.error(INVALID_UTF8, { file: ref.displayPath, ...invalid }, UTF8_HINT);
  return undefined;
}

/**
 * Validates one asset read from a JSONL line or CSV row and adds it to the context's assets.
 * `findColumn` gives the column of a field on that line, so messages point at it.
 */
export function addDataFileAsset(
  row: unknown,
  where: SourceLocation,
  dataFile: string,
  context: SourceContext,
  findColumn: (field: string) => number,
): void {
  const { diagnostics } = context;
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    diagnostics.error(
      `expected an asset object, got ${describeKind(row)}`,
      where,
      'each line holds one asset, e.g. {"externalId": "cat-1", "content": "https://…"}',
    );
    return;
  }
  const tooDeep = findTooDeepFields(row);
  if (tooDeep.length > 0) {
    for (const field of tooDeep) {
      diagnostics.error(
        `'${field}' nests deeper than ${MAX_JSON_DEPTH} levels`,
        { ...where, col: findColumn(field) },
        DEPTH_HINT,
      );
    }
    return;
  }
  const errors = collectSchemaErrors(manifestValidators.asset, row);
  if (errors.length > 0) {
    for (const problem of describeSchemaErrors(errors, manifestValidators.schema, [], {
      redactData: true,
    })) {
      const field = problem.path.find((segment) => typeof segment === 'string');
      const col = typeof field === 'string' ? findColumn(field) : where.col;
      diagnostics.error(problem.message, { ...where, col }, problem.hint);
    }
    return;
  }
  const merged = mergeAssetLayers(context.layers, row as RawAsset);
  const asset = resolveDesiredAsset(merged, where, {
    baseDir: path.dirname(dataFile),
    cwd: context.cwd,
    root: context.root,
    fileHint: `a \`file\` here is relative to the folder of ${where.file}`,
    relativeTo: `the folder of ${where.file}`,
    resolveFrames,
    report: (field, { message, hint }) =>
      diagnostics.error(message, { ...where, col: findColumn(field) }, hint),
  });
  context.assets.add(asset);
}

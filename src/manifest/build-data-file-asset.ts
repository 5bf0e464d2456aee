import path from 'node:path';
import type { SourceLocation } from '../errors.js';
import {
  describeFileProblem,
  mergeAssetLayers,
  resolveLocalFile,
  toDesiredAsset,
} from './build-desired-asset.js';
import { describeSchemaErrors, describeValue } from './describe-schema-error.js';
import type { RawAsset, RawSource } from './manifest-document.js';
import { collectSchemaErrors, getManifestValidators } from './manifest-schema.js';
import type { SourceContext } from './source-context.js';
import type { LocalFileRef } from './types.js';

/**
 * Finds the data file of a `jsonl` or `csv` source, relative to the manifest; a missing one is
 * reported at the source entry and yields nothing.
 */
export function resolveDataFile(
  kind: 'jsonl' | 'csv',
  source: RawSource,
  context: SourceContext,
): LocalFileRef | undefined {
  const reference = source[kind] as string;
  const resolved = resolveLocalFile(reference, context.manifestDir, context.cwd);
  if (!resolved.problem) return resolved.ref;
  context.diagnostics.error(
    `${kind.toUpperCase()} file not found: '${reference}'`,
    context.manifest.locate(['sources', context.sourceIndex, kind]),
    "the path is relative to the manifest's folder",
  );
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
      `expected an asset object, got ${describeValue(row)}`,
      where,
      'each line holds one asset, e.g. {"externalId": "cat-1", "content": "https://…"}',
    );
    return;
  }
  const validators = getManifestValidators();
  const errors = collectSchemaErrors(validators.asset, row);
  if (errors.length > 0) {
    for (const problem of describeSchemaErrors(errors, validators.schema)) {
      const field = problem.path.find((segment) => typeof segment === 'string');
      const col = typeof field === 'string' ? findColumn(field) : where.col;
      diagnostics.error(problem.message, { ...where, col }, problem.hint);
    }
    return;
  }
  const merged = mergeAssetLayers([...context.layers, row as RawAsset]);
  let file: ReturnType<typeof resolveLocalFile>['ref'] | undefined;
  if (merged.file !== undefined) {
    const resolved = resolveLocalFile(merged.file, path.dirname(dataFile), context.cwd);
    if (resolved.problem) {
      diagnostics.error(
        describeFileProblem(merged.file, resolved.ref, resolved.problem),
        { ...where, col: findColumn('file') },
        `a \`file\` here is relative to the folder of ${where.file}`,
      );
    }
    file = resolved.ref;
  }
  context.assets.push(toDesiredAsset(merged, where, file));
}

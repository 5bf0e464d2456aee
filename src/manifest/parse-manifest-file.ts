import { readFile } from 'node:fs/promises';
import { type Document, isAlias, LineCounter, type Node, parseAllDocuments, visit } from 'yaml';
import type { Diagnostic, SourceLocation } from '../errors.js';
import type { DocumentPath, PathTarget } from './describe-schema-error.js';
import { describeYamlError } from './describe-yaml-error.js';
import { locateYamlNode } from './locate-yaml-node.js';
import { SUPPORTED_API_VERSION } from './manifest-document.js';
import type { ManifestFile, ParsedManifest } from './manifest-file.js';
import { parseLargeManifest } from './parse-large-manifest.js';
import { exactNumberTags, keepExactNumbersInJsonFieldsOnly } from './yaml-exact-numbers.js';

export interface ParsedManifestFile {
  manifests: ParsedManifest[];
  diagnostics: Diagnostic[];
  /** Why the file is not a manifest, when it was skipped. */
  skipped?: string;
}

export interface ParseOptions {
  /** Files at least this long (in characters) are parsed in parallel chunks. */
  largeFileChars?: number;
}

const DEFAULT_LARGE_FILE_CHARS = 2_000_000;
/** yaml's own default: beyond it, alias expansion is refused (alias bombs). */
const MAX_ALIAS_COUNT = 100;

type Classification =
  | { kind: 'manifest' }
  | { kind: 'skip'; reason: string }
  | { kind: 'unsupported'; version: string };

/** Decides whether a parsed YAML document is a kili-sync manifest. */
export function classifyDocument(value: unknown): Classification {
  if (value === null || value === undefined)
    return { kind: 'skip', reason: 'the document is empty' };
  if (Array.isArray(value))
    return { kind: 'skip', reason: 'its top level is a list, not a mapping' };
  if (typeof value !== 'object') return { kind: 'skip', reason: 'its top level is not a mapping' };
  const apiVersion = (value as Record<string, unknown>).apiVersion;
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith('kili-sync/')) {
    return { kind: 'skip', reason: 'it has no `apiVersion: kili-sync/…`' };
  }
  if (apiVersion !== SUPPORTED_API_VERSION) return { kind: 'unsupported', version: apiVersion };
  return { kind: 'manifest' };
}

/**
 * Reads one YAML file (BOM, CRLF and several documents allowed) and returns its kili-sync
 * manifests with their source positions, plus every syntax problem. Files found by folder or
 * glob discovery that are not manifests are skipped; files named explicitly must be manifests.
 */
export async function parseManifestFile(
  file: ManifestFile,
  options: ParseOptions = {},
): Promise<ParsedManifestFile> {
  const buffer = await readFile(file.absolutePath);
  const at = (line = 1, col = 1): SourceLocation => ({ file: file.displayPath, line, col });
  if (buffer.subarray(0, 8000).includes(0)) {
    if (!file.explicit) return { manifests: [], diagnostics: [], skipped: 'binary file' };
    const message = 'binary file, not a YAML manifest';
    const hint = 'a manifest is a UTF-8 text file with `apiVersion: kili-sync/v1`';
    return { manifests: [], diagnostics: [{ severity: 'error', message, hint, where: at() }] };
  }
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!file.explicit && !text.includes('kili-sync/')) {
    return { manifests: [], diagnostics: [], skipped: 'no `apiVersion: kili-sync/…`' };
  }
  if (text.length >= (options.largeFileChars ?? DEFAULT_LARGE_FILE_CHARS)) {
    const large = await parseLargeManifest(text, file);
    if (large && classifyDocument(large.value).kind === 'manifest') {
      return { manifests: [large], diagnostics: [] };
    }
  }
  return parseDocuments(text, file);
}

function parseDocuments(text: string, file: ManifestFile): ParsedManifestFile {
  const lineCounter = new LineCounter();
  let exactNumbers = 0;
  const customTags = exactNumberTags(() => {
    exactNumbers += 1;
  });
  const parsed = parseAllDocuments(text, { lineCounter, customTags });
  const docs = Array.isArray(parsed) ? parsed : [];
  const manifests: ParsedManifest[] = [];
  const diagnostics: Diagnostic[] = [];
  const skipReasons: string[] = [];
  for (const doc of docs) {
    for (const problem of [...doc.errors, ...doc.warnings]) {
      diagnostics.push(describeYamlError(problem, file.displayPath, text));
    }
    if (doc.errors.length > 0) continue;
    const locate = (path: DocumentPath, target: PathTarget = 'value'): SourceLocation => ({
      file: file.displayPath,
      ...locateYamlNode(doc, lineCounter, path, target),
    });
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (exactNumbers > 0) keepExactNumbersInJsonFieldsOnly(value);
    } catch (error) {
      diagnostics.push(describeAliasError(error, doc, lineCounter, file));
      continue;
    }
    const classification = classifyDocument(value);
    if (classification.kind === 'manifest') {
      manifests.push({ file, value: value as Record<string, unknown>, locate });
    } else if (classification.kind === 'unsupported') {
      diagnostics.push({
        severity: 'error',
        message: `unsupported apiVersion '${classification.version}'`,
        hint: `this kili-sync reads \`apiVersion: ${SUPPORTED_API_VERSION}\`; fix the version or upgrade kili-sync`,
        where: locate(['apiVersion']),
      });
    } else if (value !== null && value !== undefined) {
      skipReasons.push(classification.reason);
    }
  }
  const hasErrors = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  if (manifests.length > 0 || hasErrors) return { manifests, diagnostics };
  const reason = skipReasons[0] ?? 'the file is empty';
  if (!file.explicit) return { manifests, diagnostics, skipped: reason };
  const first = docs[0];
  const where = first?.contents
    ? { file: file.displayPath, ...lineCounter.linePos(first.contents.range[0]) }
    : { file: file.displayPath, line: 1, col: 1 };
  diagnostics.push({
    severity: 'error',
    message: `not a kili-sync manifest: ${reason}`,
    hint: `a manifest is a mapping that starts with \`apiVersion: ${SUPPORTED_API_VERSION}\` and names a \`project\``,
    where,
  });
  return { manifests, diagnostics };
}

function describeAliasError(
  error: unknown,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  file: ManifestFile,
): Diagnostic {
  let first: Node | undefined;
  visit(doc, {
    Alias: (_key, node) => {
      first = node;
      return visit.BREAK;
    },
  });
  const offset = first && isAlias(first) && first.range ? first.range[0] : 0;
  const isBomb = error instanceof Error && /alias count/i.test(error.message);
  return {
    severity: 'error',
    message: isBomb
      ? `too many YAML alias expansions (over ${MAX_ALIAS_COUNT}): refused as a possible alias bomb`
      : `YAML alias cannot be resolved: ${error instanceof Error ? error.message : String(error)}`,
    hint: 'write the repeated values out, or use `defaults` instead of anchors and aliases',
    where: { file: file.displayPath, ...lineCounter.linePos(offset) },
  };
}

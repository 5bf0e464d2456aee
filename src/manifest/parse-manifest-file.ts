import { readFile } from 'node:fs/promises';
import { type Document, isAlias, LineCounter, type Node, parseAllDocuments, visit } from 'yaml';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { findInvalidUtf8, locateByteOffset } from '../files/utf8-check.js';
import { describeSize, MAX_ASSET_CHARS, OVERSIZED_HINT } from './asset-size-limit.js';
import type { DocumentPath, PathTarget } from './describe-schema-error.js';
import { createYamlErrorDescriber } from './describe-yaml-error.js';
import { locateYamlNode } from './locate-yaml-node.js';
import { SUPPORTED_API_VERSION } from './manifest-document.js';
import {
  decodeUtf16,
  findStrayByteOrderMark,
  INVALID_UTF8,
  isUtf16,
  UTF8_HINT,
} from './manifest-encoding.js';
import type { ManifestFile, ParsedManifest } from './manifest-file.js';
import { suggestName } from './suggest-name.js';
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
  /**
   * Where large manifests keep their parsed chunks between runs (the snapshot cache folder; see
   * yaml-chunk-cache.ts).
   */
  cacheDir?: string;
}

const DEFAULT_LARGE_FILE_CHARS = 2_000_000;
/**
 * Text that may be a manifest with a mistyped apiVersion (`kind: AssetSet`, a top-level
 * `project:`, or a version one slip away): parsed, not skipped unread.
 */
const MANIFEST_SHAPE = /^(kind:\s*AssetSet\b|project:|apiVersion:\s*['"]?k\w*[-_]?s\w*\/)/m;
/** yaml's own default: beyond it, alias expansion is refused (alias bombs). */
const MAX_ALIAS_COUNT = 100;

type Classification =
  | { kind: 'manifest' }
  | { kind: 'skip'; reason: string }
  | { kind: 'unsupported'; version: string }
  /** A manifest by its keys whose `apiVersion` is missing or not kili-sync's (a typo). */
  | { kind: 'mistyped'; version?: unknown };

/** Decides whether a parsed YAML document is a kili-sync manifest. */
export function classifyDocument(value: unknown): Classification {
  if (value === null || value === undefined)
    return { kind: 'skip', reason: 'the document is empty' };
  if (Array.isArray(value))
    return { kind: 'skip', reason: 'its top level is a list, not a mapping' };
  if (typeof value !== 'object') return { kind: 'skip', reason: 'its top level is not a mapping' };
  const record = value as Record<string, unknown>;
  const apiVersion = record.apiVersion;
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith('kili-sync/')) {
    // Skipped silently, a mistyped manifest would leave its assets out of every plan.
    const misspelt =
      typeof apiVersion === 'string' &&
      suggestName(apiVersion, [SUPPORTED_API_VERSION]) !== undefined;
    const shaped =
      record.kind === 'AssetSet' ||
      (apiVersion !== undefined &&
        'project' in record &&
        ('assets' in record || 'sources' in record));
    if (misspelt || shaped) return { kind: 'mistyped', version: apiVersion };
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
  const refuse = (message: string, hint: string, where = at()): ParsedManifestFile => ({
    manifests: [],
    diagnostics: [{ severity: 'error', message, hint, where }],
  });
  const skip = (skipped: string): ParsedManifestFile => ({
    manifests: [],
    diagnostics: [],
    skipped,
  });
  if (isUtf16(buffer) && (file.explicit || decodeUtf16(buffer).includes('kili-sync/'))) {
    return refuse(
      'the file is UTF-16 text (it starts with a UTF-16 byte order mark); manifests are UTF-8',
      'save it as UTF-8 (in Windows Notepad: File > Save as > Encoding: UTF-8)',
    );
  }
  if (buffer.subarray(0, 8000).includes(0)) {
    if (!file.explicit) return skip('binary file');
    return refuse(
      'binary file, not a YAML manifest',
      'a manifest is a UTF-8 text file with `apiVersion: kili-sync/v1`',
    );
  }
  const invalidAt = findInvalidUtf8(buffer);
  if (invalidAt !== -1) {
    if (!file.explicit && !buffer.includes('kili-sync/')) return skip('not UTF-8 text');
    const { line, col } = locateByteOffset(buffer, invalidAt);
    return refuse(INVALID_UTF8, UTF8_HINT, at(line, col));
  }
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!file.explicit && !text.includes('kili-sync/') && !MANIFEST_SHAPE.test(text)) {
    return skip('no `apiVersion: kili-sync/…`');
  }
  const strayBom = findStrayByteOrderMark(text, file.displayPath);
  if (strayBom) return { manifests: [], diagnostics: [strayBom] };
  if (text.length > MAX_ASSET_CHARS) {
    // Before any parse: one huge value would take gigabytes to parse.
    const { findOversizedAsset } = await import('./parse-large-manifest.js');
    const line = findOversizedAsset(text);
    if (line !== undefined) {
      const message = `this asset takes more than ${describeSize(MAX_ASSET_CHARS)} of text`;
      return refuse(message, OVERSIZED_HINT, at(line + 1));
    }
  }
  if (text.length >= (options.largeFileChars ?? DEFAULT_LARGE_FILE_CHARS)) {
    // Loaded here: its worker threads are for large files only.
    const { parseLargeManifest } = await import('./parse-large-manifest.js');
    const large = await parseLargeManifest(text, file, options.cacheDir);
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
  /** Documents that look cut from a manifest by a stray `---`, by index. */
  const headless: number[] = [];
  let sawKiliDocument = false;
  const describeYamlErrors = createYamlErrorDescriber(file.displayPath, text, lineCounter);
  for (const [index, doc] of docs.entries()) {
    diagnostics.push(...describeYamlErrors([...doc.errors, ...doc.warnings], doc));
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
    } else if (classification.kind === 'mistyped') {
      sawKiliDocument = true;
      diagnostics.push(describeMistypedVersion(classification.version, locate));
    } else if (classification.kind === 'unsupported') {
      sawKiliDocument = true;
      diagnostics.push({
        severity: 'error',
        message: `unsupported apiVersion '${classification.version}'`,
        hint: `this kili-sync reads \`apiVersion: ${SUPPORTED_API_VERSION}\`; fix the version or upgrade kili-sync`,
        where: locate(['apiVersion']),
      });
    } else if (value !== null && value !== undefined) {
      skipReasons.push(classification.reason);
      if (looksLikeManifestPart(value)) headless.push(index);
    }
  }
  if (manifests.length > 0 || sawKiliDocument) {
    // A file that holds a kili-sync document: the others are a manifest cut by a stray `---`.
    for (const index of headless) {
      diagnostics.push(describeHeadlessDocument(docs, index, lineCounter, file));
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

const MANIFEST_KEYS = ['project', 'prune', 'owner', 'defaults', 'assets', 'sources'];

/** A document shaped like a manifest whose `apiVersion` is missing or mistyped. */
function describeMistypedVersion(version: unknown, locate: ParsedManifest['locate']): Diagnostic {
  const fix = `write \`apiVersion: ${SUPPORTED_API_VERSION}\``;
  if (version === undefined) {
    return {
      severity: 'error',
      message: 'this looks like a kili-sync manifest (`kind: AssetSet`), but it has no apiVersion',
      hint: `${fix} as its first line`,
      where: locate([]),
    };
  }
  const shown = typeof version === 'string' ? `'${version}'` : JSON.stringify(version);
  return {
    severity: 'error',
    message: `apiVersion ${shown} is not kili-sync's — did you mean '${SUPPORTED_API_VERSION}'?`,
    hint: `${fix}: a file with another apiVersion is not a manifest, and its assets would be left out of every plan`,
    where: locate(['apiVersion']),
  };
}

/**
 * A document without `apiVersion` that holds a list (of assets) or manifest keys. Other YAML
 * documents may share a file with manifests and are skipped.
 */
function looksLikeManifestPart(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null || 'apiVersion' in value) return false;
  const record = value as Record<string, unknown>;
  return record.kind === 'AssetSet' || MANIFEST_KEYS.some((key) => key in record);
}

/** A document with no `apiVersion` next to a manifest: reported at the `---` that cut it off. */
function describeHeadlessDocument(
  docs: Document.Parsed[],
  index: number,
  lineCounter: LineCounter,
  file: ManifestFile,
): Diagnostic {
  const doc = docs[index]!;
  const startsHere = doc.directives.docStart === true;
  const separator = startsHere ? doc.range[0] : docs[index + 1]?.range[0];
  const where = lineCounter.linePos(separator ?? doc.contents?.range[0] ?? 0);
  return {
    severity: 'error',
    message: startsHere
      ? "'---' starts a new YAML document here, so the lines after it are not part of the manifest above it"
      : "'---' starts a new YAML document here, so the lines before it are not part of the manifest below it",
    hint: 'remove this line if those lines belong to the same manifest; a second manifest in one file needs its own `apiVersion`, `project` and `assets`',
    where: { file: file.displayPath, ...where },
  };
}

function describeAliasError(
  error: unknown,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  file: ManifestFile,
): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  // yaml names the alias it could not resolve: point at that one, not the first alias.
  const unresolved = /^Unresolved alias.*: (\S+)$/.exec(reason)?.[1];
  let found: Node | undefined;
  visit(doc, {
    Alias: (_key, node) => {
      if (unresolved !== undefined && node.source !== unresolved) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  const offset = found && isAlias(found) && found.range ? found.range[0] : 0;
  const where = { file: file.displayPath, ...lineCounter.linePos(offset) };
  if (unresolved !== undefined) {
    return {
      severity: 'error',
      message: `alias '*${unresolved}' refers to no anchor: '&${unresolved}' is not defined before it`,
      hint: `mark the value to repeat with '&${unresolved}' earlier in the same document (or fix the name); or write the value out, or use \`defaults\``,
      where,
    };
  }
  const isBomb = /alias count/i.test(reason);
  return {
    severity: 'error',
    message: isBomb
      ? `too many YAML alias expansions (over ${MAX_ALIAS_COUNT}): refused as a possible alias bomb`
      : `YAML alias cannot be resolved: ${reason}`,
    hint: 'write the repeated values out, or use `defaults` instead of anchors and aliases',
    where,
  };
}

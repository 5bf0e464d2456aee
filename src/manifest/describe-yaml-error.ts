import { type Document, isMap, isScalar, type LineCounter, visit, type YAMLError } from 'yaml';
import type { Diagnostic } from '../errors.js';
import { findUnclosedOpeners, type YamlOpener } from './find-unclosed-yaml.js';
import { DEPTH_HINT, MAX_JSON_DEPTH } from './json-depth.js';
import type { ExplainContext, Found, Rule, YamlErrorExplanation } from './yaml-error-rule.js';
import {
  colonInValue,
  lineWithoutColon,
  listItemAmongKeys,
  misalignedItem,
  misalignedKey,
  missingSpaceAfterColon,
  overIndentedKey,
} from './yaml-layout-rules.js';
import { YamlSourceLines } from './yaml-source-lines.js';
import {
  badEscape,
  badScalarStart,
  duplicateKey,
  flowCollection,
  missingComma,
  strayClose,
  tabIndent,
  textAfterValue,
  unclosedQuote,
} from './yaml-token-rules.js';

// Most specific first: a line can match several (a list item can also miss a space).
const RULES: Rule[] = [
  unclosedQuote,
  flowCollection,
  badEscape,
  tabIndent,
  duplicateKey,
  badScalarStart,
  strayClose,
  textAfterValue,
  missingComma,
  missingSpaceAfterColon,
  listItemAmongKeys,
  colonInValue,
  overIndentedKey,
  lineWithoutColon,
  misalignedKey,
  misalignedItem,
];

const SYNTAX_HINT = 'fix the YAML syntax at this spot (an editor with YAML support shows it)';

/** Describes the YAML errors of the documents of one file. */
export type YamlErrorDescriber = (problems: YAMLError[], doc: Document.Parsed) => Diagnostic[];

/**
 * Returns a describer for the syntax errors of one file: each error becomes a Diagnostic at the
 * line where the mistake is (the quote or bracket left open, the key indented one space too
 * far), not where the parser gave up, with a hint that says what to write instead. Errors that
 * follow from an unclosed quote or bracket are left out: they vanish once it is closed.
 */
export function createYamlErrorDescriber(
  file: string,
  source: string,
  lineCounter: LineCounter,
): YamlErrorDescriber {
  const lines = new YamlSourceLines(source);
  let unclosed: YamlOpener[] | undefined;
  return (problems, doc) => {
    const context: ExplainContext = {
      lines,
      source,
      position: (offset) => lineCounter.linePos(offset),
      unclosed: () => {
        unclosed ??= findUnclosedOpeners(source);
        return unclosed;
      },
      firstKeyLine: (offset) => findFirstKeyLine(doc, offset, lineCounter),
    };
    const explained = problems.map((error) => ({ error, ...explain(error, context) }));
    const kept = dropConsequences(explained);
    const diagnostics: Diagnostic[] = [];
    const seenLines = new Set<number>();
    for (const { error, line, col, message, hint } of kept) {
      // Several errors on one line are one mistake seen from several sides; the first says most.
      if (seenLines.has(line)) continue;
      seenLines.add(line);
      diagnostics.push({
        severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
        message: escapeControls(message),
        hint: escapeControls(hint),
        where: { file, line, col },
      });
    }
    return diagnostics;
  };
}

/** Explains one yaml error; in yaml's own words when no rule knows its cause. */
function explain(error: YAMLError, context: ExplainContext): YamlErrorExplanation {
  const start = error.linePos?.[0] ?? { line: 1, col: 1 };
  const own = ownMessage(error);
  if (/call stack/i.test(own)) {
    // The parser ran out of stack inside nested brackets: the YAML is fine, just too deep.
    return {
      ...start,
      message: `values nest deeper than ${MAX_JSON_DEPTH} levels`,
      hint: DEPTH_HINT,
    };
  }
  const found: Found = {
    error,
    own,
    line: start.line,
    col: start.col,
    endLine: error.linePos?.[1]?.line ?? start.line,
    text: context.lines.text(start.line),
  };
  for (const rule of RULES) {
    const explanation = rule(found, context);
    if (explanation) return explanation;
  }
  const message = `YAML syntax error: ${own.charAt(0).toLowerCase()}${own.slice(1)}`;
  return { line: start.line, col: start.col, message, hint: SYNTAX_HINT };
}

/** yaml's message without the position and the source excerpt it appends. */
function ownMessage(error: YAMLError): string {
  return (error.message.split('\n', 1)[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Keeps, of the errors reported after an unclosed quote (then an unclosed bracket), only that
 * one: the parser read everything after it as part of the string or collection.
 */
function dropConsequences<T extends { error: YAMLError } & YamlErrorExplanation>(
  explained: T[],
): T[] {
  let kept = explained;
  for (const isQuote of [true, false]) {
    const cause = kept
      .filter(
        (entry) =>
          entry.opener && (entry.opener.char === '"' || entry.opener.char === "'") === isQuote,
      )
      .sort((a, b) => (a.opener?.offset ?? 0) - (b.opener?.offset ?? 0))[0];
    const from = cause?.opener?.offset;
    if (cause === undefined || from === undefined) continue;
    kept = kept.filter((entry) => entry === cause || entry.error.pos[0] < from);
  }
  return kept;
}

/** The line where the key duplicated at `offset` first appears in its mapping. */
function findFirstKeyLine(
  doc: Document.Parsed,
  offset: number,
  lineCounter: LineCounter,
): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Map: (_key, map) => {
      if (!isMap(map)) return undefined;
      const index = map.items.findIndex(
        (pair) => isScalar(pair.key) && pair.key.range?.[0] === offset,
      );
      if (index < 0) return undefined;
      const duplicate = map.items[index]!.key;
      const first = map.items.find(
        (pair, at) =>
          at < index &&
          isScalar(pair.key) &&
          isScalar(duplicate) &&
          pair.key.value === duplicate.value,
      );
      const start = first && isScalar(first.key) ? first.key.range?.[0] : undefined;
      if (start !== undefined) line = lineCounter.linePos(start).line;
      return visit.BREAK;
    },
  });
  return line;
}

/**
 * Messages quote pieces of the source: control characters and bidi overrides in them are shown
 * escaped, so that a hostile file cannot rewrite the terminal lines of its own error.
 */
function escapeControls(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

import type { YAMLError } from 'yaml';
import { isClosedLater, type YamlOpener } from './find-unclosed-yaml.js';
import {
  indentOf,
  isListItem,
  keyColumn,
  keyOf,
  quoted,
  shown,
  splitKeyValue,
  type YamlSourceLines,
} from './yaml-source-lines.js';

/** A YAML syntax error said the way its author can act on: at the line of the mistake. */
export interface YamlErrorExplanation {
  line: number;
  col: number;
  message: string;
  hint: string;
  /** The mistake is this unclosed quote or bracket: errors after it are its consequences. */
  opener?: YamlOpener;
}

/** What the rules may read about the source around an error. */
export interface ExplainContext {
  lines: YamlSourceLines;
  source: string;
  position(offset: number): { line: number; col: number };
  /** Unclosed quotes and brackets of the file, in source order. */
  unclosed(): YamlOpener[];
  /** The line of the first occurrence of the duplicate key at `offset`. */
  firstKeyLine(offset: number): number | undefined;
}

/** One error as the rules see it. */
interface Found {
  error: YAMLError;
  /** yaml's own message, first line, without its position. */
  own: string;
  line: number;
  col: number;
  /** Last line of the span yaml reports. */
  endLine: number;
  text: string;
}

type Rule = (found: Found, context: ExplainContext) => YamlErrorExplanation | undefined;

/** yaml's codes do not name causes (MISSING_CHAR is a quote, a `-`, a `:`…): rules read more. */
const IMPLICIT_KEY_CODES = new Set([
  'BLOCK_AS_IMPLICIT_KEY',
  'MULTILINE_IMPLICIT_KEY',
  'MISSING_CHAR',
  'UNEXPECTED_TOKEN',
]);

const unclosedQuote: Rule = ({ error, own, line, col }, context) => {
  const quote = /^Missing closing (["'])quote/.exec(own)?.[1];
  if (!quote) return undefined;
  const opener = context
    .unclosed()
    .filter((candidate) => candidate.char === quote && candidate.offset <= error.pos[0])
    .at(-1);
  const quoteEscape = quote === '"' ? '\\"' : "''";
  const at = opener ? context.position(opener.offset) : { line, col };
  return {
    ...at,
    message: `unclosed quote: the string that starts here has no closing ${quote}`,
    hint: `add the closing ${quote} where the value ends; inside ${quote}…${quote} write ${quoteEscape} for a ${quote} character`,
    opener,
  };
};

const flowCollection: Rule = ({ error, own, line, col, text }, context) => {
  const match = /^Flow (map|sequence) in block collection must .* end with an? ([}\]])/.exec(own);
  if (!match) return undefined;
  const close = match[2]!;
  const open = close === '}' ? '{' : '[';
  const what = match[1] === 'map' ? 'mapping' : 'list';
  const opener = context
    .unclosed()
    .filter((candidate) => candidate.char === open && candidate.offset < error.pos[0])
    .at(-1);
  if (opener && !isClosedLater(context.source, opener.offset)) {
    return {
      ...context.position(opener.offset),
      message: `unclosed ${open}: the ${what} that starts here has no closing ${close}`,
      hint: `add the closing ${close} where the ${what} ends`,
      opener,
    };
  }
  const openLine = opener ? context.position(opener.offset).line : undefined;
  const key = openLine ? keyOf(context.lines.text(openLine)) : undefined;
  return {
    line,
    col: Math.max(col, indentOf(text) + 1),
    message: `this line continues the ${open} … ${close}${openLine ? ` of line ${openLine}` : ''} but is not indented enough`,
    hint: `indent it deeper than ${key ? `'${key}'` : 'the key the value belongs to'}, or write the ${what} on one line`,
  };
};

const badEscape: Rule = ({ error, own, line, col }) => {
  if (error.code !== 'BAD_DQ_ESCAPE') return undefined;
  const sequence = /escape sequence (\S+)/.exec(own)?.[1] ?? 'sequence';
  return {
    line,
    col,
    message: `invalid escape ${sequence} in a "…" string`,
    hint: 'in "…" a backslash starts an escape: write \\\\ for a backslash, or use single quotes, where a backslash is an ordinary character',
  };
};

const tabIndent: Rule = ({ error, line, col }) =>
  error.code === 'TAB_AS_INDENT'
    ? {
        line,
        col,
        message: 'tab character used for indentation',
        hint: 'YAML indents with spaces only; replace the tabs with spaces',
      }
    : undefined;

const duplicateKey: Rule = ({ error, line, col, text }, context) => {
  if (error.code !== 'DUPLICATE_KEY') return undefined;
  const key = readKeyAt(context.source, error.pos[0]);
  const first = context.firstKeyLine(error.pos[0]);
  const item = context.lines.previousListItem(line, indentOf(text));
  const inListItem = item !== undefined && keyColumn(context.lines.text(item)) === keyColumn(text);
  return {
    line,
    col,
    message: `duplicate key${key ? ` '${key}'` : ''}${first ? ` (first on line ${first})` : ''}`,
    hint: `a key may appear only once in a mapping: remove or rename one of them${
      inListItem ? ", or write '- ' before this one if it starts a new list item" : ''
    }`,
  };
};

const badScalarStart: Rule = ({ error, own, line, col, text }) => {
  if (error.code !== 'BAD_SCALAR_START') return undefined;
  const char = /character (\S)/.exec(own)?.[1] ?? 'this character';
  const value = text
    .slice(col - 1)
    .replace(/\s+#.*$/, '')
    .trim();
  const key = keyOf(text);
  return {
    line,
    col,
    message: `a value cannot start with ${char} unless it is quoted`,
    hint: `write it in quotes: ${key ? `${key}: ` : ''}${quoted(value)}`,
  };
};

const strayClose: Rule = ({ own, line, col }) => {
  const kind = /^Unexpected (flow-seq-end|flow-map-end) token/.exec(own)?.[1];
  if (!kind) return undefined;
  const [open, close] = kind === 'flow-seq-end' ? ['[', ']'] : ['{', '}'];
  return {
    line,
    col,
    message: `this ${close} closes nothing: no ${open} is open here`,
    hint: `remove it, or add the ${open} it should close`,
  };
};

const textAfterValue: Rule = ({ own, line, col, text }) => {
  if (!/^Unexpected scalar at node end/.test(own)) return undefined;
  const before =
    text
      .slice(0, col - 1)
      .trimEnd()
      .at(-1) ?? '';
  const closer =
    before === '"' || before === "'" ? 'closing quote' : `closing ${before || 'value'}`;
  const apostrophe = before === "'" && /^\w/.test(text.slice(col - 1));
  return {
    line,
    col: apostrophe ? col - 1 : col,
    message: apostrophe
      ? "this ' ends the '…' string, and the text after it is left over"
      : `text after the ${closer}: the value already ended`,
    hint: apostrophe
      ? `inside '…' write '' for an apostrophe (as in 'it''s'), or put the value in "…" instead`
      : `put all of the value inside the ${before === ']' || before === '}' ? 'brackets' : 'quotes'}, or start a comment with ' #'`,
  };
};

const missingComma: Rule = ({ own, line, col }) =>
  /^Block collections are not allowed within flow collections/.test(own)
    ? {
        line,
        col,
        message: "missing ',' between two entries of a { … } or [ … ]",
        hint: "separate the entries with ', ' (as in { split: train, source: web }), or quote a value that contains ': '",
      }
    : undefined;

const missingSpaceAfterColon: Rule = ({ error, line, text }) => {
  if (!IMPLICIT_KEY_CODES.has(error.code) || keyOf(text) !== undefined) return undefined;
  const start = keyColumn(text);
  const match = /^([^\s:#'"{[\]}-][^\s:#]*):(\S.*)$/.exec(text.slice(start - 1).trimEnd());
  if (!match) return undefined;
  return {
    line,
    col: start,
    message: `missing space after ':' in '${shown(match[0])}'`,
    hint: `write '${match[1]}: ${shown(match[2]!)}': the ':' after a key needs a space`,
  };
};

const listItemAmongKeys: Rule = ({ error, line, col, text }, context) => {
  // Only when yaml points at the `-` itself (or before it), not at a value on an item's line.
  if (!IMPLICIT_KEY_CODES.has(error.code) || !isListItem(text) || col > indentOf(text) + 1) {
    return undefined;
  }
  const sibling = context.lines.previousListItem(line, indentOf(text));
  const needsKey = "a list as a value needs its key first ('key:' on the line above)";
  return {
    line,
    col: indentOf(text) + 1,
    message: "a list item ('- ') where the mapping around it expects 'key: value'",
    hint: sibling
      ? `align the '-' with the item on line ${sibling} (column ${indentOf(context.lines.text(sibling)) + 1}); ${needsKey}`
      : `${needsKey}, with its items indented under it`,
  };
};

const colonInValue: Rule = ({ own, line, col, text }) => {
  if (!/^Nested mappings are not allowed in compact mappings/.test(own)) return undefined;
  const pair = splitKeyValue(text);
  if (!pair || !/:(\s|$)/.test(pair.value)) return undefined;
  return {
    line,
    col,
    message: `the value of '${pair.key}' contains ': ', which YAML reads as another key`,
    hint: `write the value in quotes: ${pair.key}: ${quoted(pair.value)}`,
  };
};

const overIndentedKey: Rule = ({ error, line, endLine, text }, context) => {
  if (error.code !== 'BLOCK_AS_IMPLICIT_KEY' && error.code !== 'MULTILINE_IMPLICIT_KEY') {
    return undefined;
  }
  const owner = keyOf(text);
  const column = keyColumn(text);
  if (!owner) return undefined;
  for (let at = line + 1; at <= Math.max(endLine, line + 1); at += 1) {
    const next = context.lines.text(at);
    const key = keyOf(next);
    if (!key || indentOf(next) + 1 <= column) continue;
    return {
      line: at,
      col: indentOf(next) + 1,
      message: `'${key}' is indented deeper than '${owner}' on line ${line}, so it reads as part of the value of '${owner}'`,
      hint: `indent '${key}' to column ${column}, like '${owner}'`,
    };
  }
  return undefined;
};

const lineWithoutColon: Rule = ({ error, own, line, text }, context) => {
  const applies =
    error.code === 'MULTILINE_IMPLICIT_KEY' ||
    /^Implicit map keys need to be followed by map values/.test(own);
  if (!applies || keyOf(text) !== undefined) return undefined;
  const content = shown(text.slice(keyColumn(text) - 1));
  const previous = context.lines.previousContent(line);
  const pair = previous ? splitKeyValue(context.lines.text(previous)) : undefined;
  const asKey = `if it is a key, write '${content.split(/\s/, 1)[0]}: <value>'`;
  return {
    line,
    col: keyColumn(text),
    message: `'${content}' is not a 'key: value' line`,
    hint: pair
      ? `if it continues the value of '${pair.key}' on line ${previous}, indent it deeper than '${pair.key}' (or write '${pair.key}: |' for text over several lines); ${asKey}`
      : `${asKey}, or remove the line`,
  };
};

const misalignedKey: Rule = ({ own, line: errorLine, text }, context) => {
  const applies =
    /^All mapping items must start at the same column/.test(own) ||
    /^Sequence item without - indicator/.test(own);
  if (!applies) return undefined;
  const column = indentOf(text) + 1;
  // yaml reports each line of a misplaced block; the mistake is where the block starts.
  let line = errorLine;
  let reference = context.lines.previousContent(line);
  while (reference && sameBlock(context.lines.text(reference), column)) {
    line = reference;
    reference = context.lines.previousContent(line);
  }
  const referenceText = context.lines.text(reference ?? 0);
  const referenceKey = keyOf(referenceText);
  if (!reference || !referenceKey) return undefined;
  const referenceColumn = keyColumn(referenceText);
  const item = context.lines.previousListItem(line, column);
  const atDash = item !== undefined && indentOf(context.lines.text(item)) + 1 === column;
  return {
    line,
    col: column,
    message: `'${keyOf(text) ?? shown(text)}' (column ${column}) is not aligned with '${referenceKey}' on line ${reference} (column ${referenceColumn})`,
    hint: atDash
      ? `indent it to column ${referenceColumn} to keep it in the list item of line ${item}, or write '- ' before it to start a new item`
      : `align it with the keys of its mapping (column ${referenceColumn}, like '${referenceKey}')`,
  };
};

function sameBlock(text: string, column: number): boolean {
  return indentOf(text) + 1 === column && !isListItem(text);
}

const misalignedItem: Rule = ({ own, line, text }, context) => {
  if (!/^All sequence items must start at the same column/.test(own)) return undefined;
  let sibling = context.lines.previousListItem(line);
  while (sibling && indentOf(context.lines.text(sibling)) === indentOf(text)) {
    sibling = context.lines.previousListItem(sibling);
  }
  const siblingColumn = sibling ? indentOf(context.lines.text(sibling)) + 1 : undefined;
  return {
    line,
    col: indentOf(text) + 1,
    message: `this list item (column ${indentOf(text) + 1}) is not aligned with the other items${sibling ? ` (line ${sibling}, column ${siblingColumn})` : ''}`,
    hint: "align the '-' of every item of one list at the same column",
  };
};

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

/** Explains one yaml error, or undefined when no rule knows its cause. */
export function explainYamlError(error: YAMLError, context: ExplainContext): YamlErrorExplanation {
  const start = error.linePos?.[0] ?? { line: 1, col: 1 };
  const found: Found = {
    error,
    own: ownMessage(error),
    line: start.line,
    col: start.col,
    endLine: error.linePos?.[1]?.line ?? start.line,
    text: context.lines.text(start.line),
  };
  for (const rule of RULES) {
    const explanation = rule(found, context);
    if (explanation) return explanation;
  }
  return {
    line: start.line,
    col: start.col,
    message: `YAML syntax error: ${lowerFirst(found.own)}`,
    hint: SYNTAX_HINT,
  };
}

/** yaml's message without the position and the source excerpt it appends. */
export function ownMessage(error: YAMLError): string {
  return (error.message.split('\n', 1)[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

function readKeyAt(source: string, offset: number): string {
  const match = /^["']?([^"':\n]{1,60})/.exec(source.slice(offset, offset + 80));
  return match?.[1]?.trim() ?? '';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

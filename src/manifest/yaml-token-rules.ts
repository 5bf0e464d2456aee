import { isClosedLater } from './find-unclosed-yaml.js';
import type { Rule } from './yaml-error-rule.js';
import { indentOf, keyColumn, keyOf, quoted } from './yaml-source-lines.js';

// Mistakes in the tokens of a line: quotes, brackets, escapes, tabs, keys, reserved characters.

export const unclosedQuote: Rule = ({ error, own, line, col }, context) => {
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

export const flowCollection: Rule = ({ error, own, line, col, text }, context) => {
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

export const badEscape: Rule = ({ error, own, line, col }) => {
  if (error.code !== 'BAD_DQ_ESCAPE') return undefined;
  const sequence = /escape sequence (\S+)/.exec(own)?.[1] ?? 'sequence';
  return {
    line,
    col,
    message: `invalid escape ${sequence} in a "…" string`,
    hint: 'in "…" a backslash starts an escape: write \\\\ for a backslash, or use single quotes, where a backslash is an ordinary character',
  };
};

export const tabIndent: Rule = ({ error, line, col }) =>
  error.code === 'TAB_AS_INDENT'
    ? {
        line,
        col,
        message: 'tab character used for indentation',
        hint: 'replace the tabs with spaces: YAML indents with spaces only',
      }
    : undefined;

export const duplicateKey: Rule = ({ error, line, col, text }, context) => {
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

export const badScalarStart: Rule = ({ error, own, line, col, text }) => {
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

export const strayClose: Rule = ({ own, line, col }) => {
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

export const textAfterValue: Rule = ({ own, line, col, text }) => {
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

export const missingComma: Rule = ({ own, line, col }) =>
  /^Block collections are not allowed within flow collections/.test(own)
    ? {
        line,
        col,
        message: "missing ',' between two entries of a { … } or [ … ]",
        hint: "separate the entries with ', ' (as in { split: train, source: web }), or quote a value that contains ': '",
      }
    : undefined;

function readKeyAt(source: string, offset: number): string {
  const match = /^["']?([^"':\n]{1,60})/.exec(source.slice(offset, offset + 80));
  return match?.[1]?.trim() ?? '';
}

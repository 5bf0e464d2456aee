import { IMPLICIT_KEY_CODES, type Rule } from './yaml-error-rule.js';
import {
  indentOf,
  isListItem,
  keyColumn,
  keyOf,
  quoted,
  shown,
  splitKeyValue,
} from './yaml-source-lines.js';

// Mistakes in the layout of lines: indentation, `key: value` shape, list items among keys.

export const missingSpaceAfterColon: Rule = ({ error, line, text }) => {
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

export const listItemAmongKeys: Rule = ({ error, line, col, text }, context) => {
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

export const colonInValue: Rule = ({ own, line, col, text }) => {
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

export const overIndentedKey: Rule = ({ error, line, endLine, text }, context) => {
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

export const lineWithoutColon: Rule = ({ error, own, line, text }, context) => {
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

export const misalignedKey: Rule = ({ own, line: errorLine, text }, context) => {
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

export const misalignedItem: Rule = ({ own, line, text }, context) => {
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

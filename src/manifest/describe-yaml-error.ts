import type { YAMLError } from 'yaml';
import type { Diagnostic } from '../errors.js';
import { DEPTH_HINT, MAX_JSON_DEPTH } from './json-depth.js';

const SYNTAX_HINT = 'fix the YAML syntax at this spot (an editor with YAML support shows it)';

const MESSAGES: Record<string, { message: (key: string) => string; hint: string }> = {
  DUPLICATE_KEY: {
    message: (key) => `duplicate key${key ? ` '${key}'` : ''}`,
    hint: 'a key may appear only once in a mapping; remove or rename one of them',
  },
  TAB_AS_INDENT: {
    message: () => 'tab character used for indentation',
    hint: 'YAML indents with spaces only; replace the tabs with spaces',
  },
};

const HINTS: Record<string, string> = {
  BAD_INDENT: 'align the keys of one mapping (or the items of one list) at the same column',
  MISSING_CHAR: 'close the quote, bracket or brace that is still open here',
  MULTILINE_IMPLICIT_KEY: 'check for a missing `:` or an unclosed quote on the line before',
};

/** Turns a `yaml` parse error into a Diagnostic at the error's line and column. */
export function describeYamlError(error: YAMLError, file: string, source: string): Diagnostic {
  const position = error.linePos?.[0] ?? { line: 1, col: 1 };
  const known = MESSAGES[error.code];
  const key = error.code === 'DUPLICATE_KEY' ? readKeyAt(source, error.pos[0]) : '';
  // yaml's own message repeats the position and a source excerpt on further lines.
  const ownMessage = (error.message.split('\n', 1)[0] ?? '').replace(
    / at line \d+, column \d+:?$/,
    '',
  );
  if (/call stack/i.test(ownMessage)) {
    // The parser ran out of stack inside nested brackets: the YAML is fine, just too deep.
    return {
      severity: 'error',
      message: `values nest deeper than ${MAX_JSON_DEPTH} levels`,
      hint: DEPTH_HINT,
      where: { file, line: position.line, col: position.col },
    };
  }
  return {
    severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
    message: known ? known.message(key) : `YAML syntax error: ${lowerFirst(ownMessage)}`,
    hint: known?.hint ?? HINTS[error.code] ?? SYNTAX_HINT,
    where: { file, line: position.line, col: position.col },
  };
}

function readKeyAt(source: string, offset: number): string {
  const match = /^["']?([^"':\n]{1,60})/.exec(source.slice(offset, offset + 80));
  return match?.[1]?.trim() ?? '';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

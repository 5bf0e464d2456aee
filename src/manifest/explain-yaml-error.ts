import type { YAMLError } from 'yaml';
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

export type { ExplainContext, YamlErrorExplanation } from './yaml-error-rule.js';

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

/** Explains one yaml error; in yaml's own words when no rule knows its cause. */
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

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

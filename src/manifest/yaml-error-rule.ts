import type { YAMLError } from 'yaml';
import type { YamlOpener } from './find-unclosed-yaml.js';
import type { YamlSourceLines } from './yaml-source-lines.js';

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
export interface Found {
  error: YAMLError;
  /** yaml's own message, first line, without its position. */
  own: string;
  line: number;
  col: number;
  /** Last line of the span yaml reports. */
  endLine: number;
  /** The text of the error's line. */
  text: string;
}

export type Rule = (found: Found, context: ExplainContext) => YamlErrorExplanation | undefined;

/** yaml's codes do not name causes (MISSING_CHAR is a quote, a `-`, a `:`…): rules read more. */
export const IMPLICIT_KEY_CODES = new Set([
  'BLOCK_AS_IMPLICIT_KEY',
  'MULTILINE_IMPLICIT_KEY',
  'MISSING_CHAR',
  'UNEXPECTED_TOKEN',
]);

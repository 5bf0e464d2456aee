import { CST, Parser } from 'yaml';

/** A quote or flow bracket that opens a value, by offset in the source. */
export interface YamlOpener {
  offset: number;
  char: '"' | "'" | '{' | '[';
}

const CLOSERS: Record<string, string> = { '{': '}', '[': ']' };

/**
 * The quoted strings and `{…}`/`[…]` collections that the parser found no end for, in source
 * order. yaml reports a missing end where it gave up (often the end of the file); these are
 * where the mistake was made.
 */
export function findUnclosedOpeners(source: string): YamlOpener[] {
  const openers: YamlOpener[] = [];
  const inspect = (token: CST.Token | null | undefined) => {
    if (!token) return;
    if (token.type === 'double-quoted-scalar' && !isClosedDoubleQuoted(token.source)) {
      openers.push({ offset: token.offset, char: '"' });
    } else if (token.type === 'single-quoted-scalar' && !isClosedSingleQuoted(token.source)) {
      openers.push({ offset: token.offset, char: "'" });
    } else if (token.type === 'flow-collection') {
      const open = token.start.source;
      if (
        (open === '{' || open === '[') &&
        !token.end.some((end) => end.source === CLOSERS[open])
      ) {
        openers.push({ offset: token.offset, char: open });
      }
    }
  };
  for (const token of new Parser().parse(source)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      inspect(item.key);
      inspect(item.value);
    });
  }
  return openers.sort((a, b) => a.offset - b.offset);
}

function isClosedDoubleQuoted(text: string): boolean {
  if (text.length < 2 || !text.endsWith('"')) return false;
  const backslashes = /\\*$/.exec(text.slice(1, -1))?.[0].length ?? 0;
  return backslashes % 2 === 0;
}

function isClosedSingleQuoted(text: string): boolean {
  // Inside '…' a quote is written twice; what is left after removing the pairs must end it.
  return text.length >= 2 && text.slice(1).replace(/''/g, '').endsWith("'");
}

/**
 * Whether the `{` or `[` at `offset` is balanced somewhere later in the text: then the parser
 * gave up because a continuation line is not indented enough, not because the end is missing.
 * Quoted strings and comments are skipped.
 */
export function isClosedLater(source: string, offset: number): boolean {
  const stack: string[] = [];
  for (let at = offset; at < source.length; at += 1) {
    const char = source[at]!;
    if ((char === '"' || char === "'") && /^[\s{[,:]?$/.test(source[at - 1] ?? '')) {
      // A quote opens a string only at the start of a value (`it's` is plain text).
      at = skipQuoted(source, at);
    } else if (char === '#' && (at === 0 || /\s/.test(source[at - 1]!))) {
      const end = source.indexOf('\n', at);
      at = end === -1 ? source.length : end;
    } else if (char === '{' || char === '[') {
      stack.push(CLOSERS[char]!);
    } else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return false;
      if (stack.length === 0) return true;
    }
  }
  return false;
}

function skipQuoted(source: string, start: number): number {
  const quote = source[start];
  for (let at = start + 1; at < source.length; at += 1) {
    if (quote === '"' && source[at] === '\\') at += 1;
    else if (source[at] === quote) {
      if (quote === "'" && source[at + 1] === "'") at += 1;
      else return at;
    }
  }
  return source.length;
}

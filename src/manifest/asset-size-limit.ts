/**
 * The most text one asset may take: 8 MiB, in a manifest's `assets:` item, a JSONL line or a
 * CSV row. Kili receives an asset's values in one API request, and kili-sync keeps each request
 * under 8 MiB (see docs/architecture.md); more text than that belongs in a local file
 * (`file:`), which is uploaded rather than sent. It is checked on the raw text, before any of it
 * is parsed: parsing one value of 30 MB took 1.26 GB of memory, 100 MB took 3.9 GB.
 */
export const MAX_ASSET_CHARS = 8 * 1024 * 1024;

export const OVERSIZED_HINT =
  'put a large text in a file and use `file:`: an asset may take at most 8 MiB of text (Kili receives its values in one request)';

/** "1.2 MiB": how big a text is, for messages. */
export function describeSize(chars: number): string {
  return `${(chars / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The 0-based index of the first line longer than the limit, if any: in a manifest too oddly
 * shaped to be cut into its assets, a value that large is at least a line that long.
 */
export function findOversizedLine(text: string): number | undefined {
  let line = 0;
  let start = 0;
  for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
    const stop = end === -1 ? text.length : end;
    if (stop - start > MAX_ASSET_CHARS) return line;
    if (end === -1) return undefined;
    start = end + 1;
    line += 1;
  }
}

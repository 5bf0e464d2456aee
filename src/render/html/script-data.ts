/**
 * The part of the report's script that reads the embedded data (see render-html.ts): the
 * summary as JSON, each row's group as one digit in a string, and the rows themselves in chunks,
 * each its own <script> element, parsed (and inflated, when gzipped) only when a page or a
 * search needs it. Opening a report of 100,000 changes parses one chunk.
 */
export const REPORT_DATA_SCRIPT = `
function openReportData() {
  const meta = JSON.parse(document.getElementById('plan-data').textContent);
  const chunkNodes = document.querySelectorAll('script.plan-rows');
  const chunks = new Array(chunkNodes.length);

  async function inflate(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }

  function chunk(index) {
    if (chunks[index] === undefined) {
      const node = chunkNodes[index];
      chunks[index] = node.type === 'application/json'
        ? Promise.resolve(JSON.parse(node.textContent))
        : inflate(node.textContent).then((json) => JSON.parse(json));
    }
    return chunks[index];
  }

  return {
    meta,
    count: meta.groups.length,
    /** The group of row i, without parsing the row. */
    groupOf: (i) => meta.groups.charCodeAt(i) - 48,
    row: async (i) => (await chunk(Math.floor(i / meta.chunkSize)))[i % meta.chunkSize],
    /** Every row, in order (for a text search). */
    all: async () => (await Promise.all(Array.from(chunkNodes, (_, i) => chunk(i)))).flat(),
  };
}
`;

import { gzipSync } from 'node:zlib';
import type { ConsentNeed } from '../plan/consent-rules.js';
import type { Plan } from '../plan/types.js';
import { chunk } from '../util/chunk.js';
import { buildReportData, type ReportData } from './html/model.js';
import { NO_PREVIEWS, type RemoteImages, type ReportPreviews } from './html/previews.js';
import { REPORT_SCRIPT } from './html/script.js';
import { REPORT_CSS } from './html/style.js';
import {
  escapeAttribute,
  formatSummaryLine,
  NO_CHANGES_LINE,
  sumSummaries,
} from './render-values.js';

export interface RenderHtmlOptions {
  /** The consents apply needs for this plan (apply/consent.ts `requiredConsent`). */
  needs: readonly ConsentNeed[];
  /** Thumbnails and text previews made at plan time (none: icons and placeholders only). */
  previews?: ReportPreviews;
  /** How remote images are shown; default `link`. */
  remoteImages?: RemoteImages;
}

/** Rows per chunk: the browser parses one chunk to draw a page (60 cards). */
const CHUNK_ROWS = 1_000;
/**
 * Above this many characters of JSON the chunks are embedded gzipped (base64): rows repeat
 * themselves, so 100,000 changes shrink about twentyfold, and the browser inflates a chunk
 * natively (DecompressionStream) when it needs it. Smaller reports keep plain JSON, readable
 * with any text tool.
 */
const COMPRESS_OVER_CHARS = 1_000_000;

/** JSON inside <script>: no `</script>` can end it early, no line separator can break it. */
function scriptJson(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The data's <script> elements (never run: their types are not JavaScript): the summary with
 * each row's group as one digit, then the rows in chunks.
 */
function embedData(data: ReportData): string {
  const { rows, ...rest } = data;
  const meta = { ...rest, chunkSize: CHUNK_ROWS, groups: rows.map((row) => row.g).join('') };
  const chunks = chunk(rows, CHUNK_ROWS).map((part) => JSON.stringify(part));
  const compress = chunks.reduce((sum, chunk) => sum + chunk.length, 0) > COMPRESS_OVER_CHARS;
  const elements = chunks.map((json) =>
    compress
      ? `<script type="application/gzip-base64" class="plan-rows">${gzipSync(json).toString('base64')}</script>`
      : `<script type="application/json" class="plan-rows">${scriptJson(json)}</script>`,
  );
  return [
    `<script type="application/json" id="plan-data">${scriptJson(JSON.stringify(meta))}</script>`,
    ...elements,
  ].join('\n');
}

/**
 * The Content-Security-Policy of the report: no request at all (no script, style, font or frame
 * from outside, no form, no fetch), except images from public URLs when they are linked.
 */
function contentSecurityPolicy(remoteImages: RemoteImages): string {
  const images = remoteImages === 'link' ? 'data: https: http:' : 'data:';
  return `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src ${images}; form-action 'none'; base-uri 'none'`;
}

/** `<p>Apply needs <code>--allow-delete</code> (3 assets would be deleted), …</p>`, or nothing. */
function describeNeedsHtml(needs: readonly ConsentNeed[]): string {
  if (needs.length === 0) return '';
  const listed = needs.map((need) => `<code>${need.flag}</code> (${escapeAttribute(need.reason)})`);
  return `<p class="minus">Apply needs ${listed.join(', ')}.</p>\n`;
}

/**
 * The plan as one self-contained HTML page for reviewers: a summary per project with the flags
 * apply will need, then every change as a card with its thumbnails or text (before and after
 * side by side), its field changes and its manifest line, destructive changes first, with
 * filters and paging. Inline CSS and script; the data is embedded as JSON and drawn page by page.
 */
export function renderPlanHtml(plan: Plan, options: RenderHtmlOptions): string {
  const remoteImages = options.remoteImages ?? 'link';
  const data = buildReportData(plan, options.previews ?? NO_PREVIEWS, remoteImages, options.needs);
  const total = sumSummaries(plan.projects.map((project) => project.summary));
  const changes = total.add + total.update + total.rename + total.delete;
  const headline = changes === 0 ? NO_CHANGES_LINE : formatSummaryLine(total);
  const blocked =
    total.blocked > 0
      ? ` <strong class="minus">${total.blocked} blocked (labeled work would be lost).</strong>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(remoteImages)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kili-sync plan</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>kili-sync plan</h1>
<p><strong>${escapeAttribute(headline)}</strong>${blocked}</p>
${describeNeedsHtml(options.needs)}<p class="muted">Made ${escapeAttribute(plan.createdAt)} against <code>${escapeAttribute(data.endpoint)}</code> by ${escapeAttribute(plan.generator)}</p>
<table class="summary" id="summary">
<thead><tr><th>Project</th><th>Add</th><th>Change</th><th>Rename</th><th>Delete</th><th>Blocked</th><th>Unchanged</th><th>apply needs</th></tr></thead>
<tbody></tbody>
</table>
</header>
<div class="toolbar">
<input type="search" id="search" placeholder="Filter: external ID, metadata, manifest…" aria-label="Filter changes">
<span id="groups"></span>
<span class="pager"><button id="prev" type="button">‹ Prev</button> <span id="page-info"></span> <button id="next" type="button">Next ›</button></span>
</div>
<main id="changes"></main>
${embedData(data)}
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

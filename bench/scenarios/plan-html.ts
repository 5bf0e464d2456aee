import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderPlanHtml } from '../../src/render/render-html.js';
import {
  type Check,
  formatBytes,
  formatDuration,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';
import { buildHtmlBenchPlan } from './plan-html-input.js';

const CHROMIUM = '/usr/bin/chromium';
const MAX_FILE_BYTES = 20 * 1_000_000;
const MAX_OPEN_MS = 2_000;

/** Time from navigation to the first page drawn (`data-ready`), and the count it shows. */
async function openInChromium(
  file: string,
  profile: string,
  repeats: number,
): Promise<{ openMs: number[]; pageInfo: string }> {
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  try {
    // The browser is running when a reviewer opens a report: warm it up on an empty page.
    const blank = await browser.newPage();
    await blank.goto('about:blank');
    await blank.close();
    const openMs: number[] = [];
    let pageInfo = '';
    for (let run = 0; run < repeats; run++) {
      const page = await browser.newPage();
      // Remote pictures are linked in the report; the benchmark measures the file, not a CDN.
      await page.route('**/*', (route) =>
        route.request().url().startsWith('file:') ? route.continue() : route.abort(),
      );
      const started = performance.now();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' });
      await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
      openMs.push(performance.now() - started);
      pageInfo = (await page.locator('#page-info').textContent()) ?? '';
      await page.close();
    }
    return { openMs, pageInfo };
  } finally {
    await browser.close();
  }
}

/**
 * Renders the HTML report of a plan of `size` changes (as `plan --format html` does, hosted
 * pictures linked), then opens it in headless Chromium `repeats` times: file size and the time
 * until the first page of changes is drawn, against the targets (< 20 MB, < 2 s).
 */
export async function runPlanHtmlScenario(
  context: ScenarioContext,
  size: number,
): Promise<ScenarioOutcome> {
  const name = `HTML report of ${size.toLocaleString('en-US')} changes`;
  context.log(name);
  const plan = buildHtmlBenchPlan(size);
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  // The page's weight and drawing are measured; which flags it names does not change them.
  const html = renderPlanHtml(plan, { needs: [] });
  const renderMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const file = join(context.workDir, 'plan-report-bench.html');
  const bytes = Buffer.byteLength(html);
  await writeFile(file, html);
  try {
    const notes = [`file ${formatBytes(bytes)} (${bytes.toLocaleString('en-US')} bytes)`];
    const checks: Check[] = [
      {
        kind: 'target',
        name: `${name}: file < 20 MB`,
        ok: bytes < MAX_FILE_BYTES,
        measured: `${(bytes / 1_000_000).toFixed(1)} MB`,
        cause: bytes < MAX_FILE_BYTES ? undefined : 'the embedded data is too verbose',
      },
    ];
    if (!existsSync(CHROMIUM)) {
      notes.push(`not opened: ${CHROMIUM} is absent`);
    } else {
      context.log(`${name}: opening in Chromium`);
      const opened = await openInChromium(
        file,
        join(context.workDir, 'chromium-profile'),
        context.config.repeats,
      );
      const slowest = Math.max(...opened.openMs);
      notes.push(
        `opened in ${opened.openMs.map(formatDuration).join(', ')} (first page drawn)`,
        `page shows "${opened.pageInfo}"`,
      );
      const shown = opened.pageInfo.includes(`of ${size} changes`);
      checks.push(
        {
          kind: 'correctness',
          name: `${name}: the page lists every change`,
          ok: shown,
          measured: opened.pageInfo,
          cause: shown ? undefined : 'the report does not count the changes of the plan',
        },
        {
          kind: 'target',
          name: `${name}: opens in < 2 s`,
          ok: slowest < MAX_OPEN_MS,
          measured: `${formatDuration(slowest)} (slowest of ${opened.openMs.length})`,
          cause:
            slowest < MAX_OPEN_MS
              ? undefined
              : 'parsing the data or drawing the first page is slow',
        },
      );
    }
    notes.push(`rendered in ${formatDuration(renderMs)}`);
    return {
      rows: [
        {
          scenario: name,
          side: 'kili-sync (HTML report)',
          wallMs: renderMs,
          cpuMs: (cpu.user + cpu.system) / 1_000,
          notes,
        },
      ],
      checks,
    };
  } finally {
    await rm(file, { force: true });
  }
}

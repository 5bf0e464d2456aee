import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHtmlBenchPlan } from '../../bench/scenarios/plan-html-input.js';
import { renderPlanHtml } from '../../src/render/render-html.js';
import {
  EXTRA_TEXTS,
  MIXED_PLAN_API_KEY,
  type MixedPlan,
  prepareMixedPlan,
} from '../helpers/mixed-plan.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * The HTML report as a reviewer sees it: the plan of a mixed change set made by the built CLI
 * against the emulator, opened in headless Chromium (Debian's `chromium` package; `.ci/run`
 * installs it). The browser tests skip, saying so, where it is absent.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const browserSuite = 'the HTML report in headless Chromium';
if (!hasChromium) {
  // vitest's default output counts skipped tests without naming them: say why, and how to run them.
  console.warn(
    `SKIPPED: the browser tests of the HTML report: ${CHROMIUM} is absent ` +
      "(install Debian's package: sudo apt-get install -y chromium; .ci/run does)",
  );
}

let folder: string;
let mixed: MixedPlan;
/** `--report-images embed`: the thumbnails of what Kili holds are made at plan time. */
let embedded: string;
/** The default (`link`): the same plan, remote content referenced, none here. */
let linked: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kili-sync-html-'));
  mixed = await prepareMixedPlan(folder);
  const html = await runCli(
    ['plan', '.', '--format', 'html', '--report-images', 'embed', '--no-cache'],
    { env: mixed.env, cwd: folder },
  );
  expect(html.stderr).toBe('');
  expect(html.code).toBe(0);
  embedded = html.stdout;
  const text = await runCli(['plan', '.', '--html', 'report.html', '--no-cache'], {
    env: mixed.env,
    cwd: folder,
  });
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('Plan: ');
  linked = await readFile(join(folder, 'report.html'), 'utf8');
}, 180_000);

afterAll(async () => {
  await mixed?.emulator.close();
  if (process.env.KEEP_HTML_REPORT_TEST === undefined)
    await rm(folder, { recursive: true, force: true });
  else process.stdout.write(`report and screenshots kept in ${folder}\n`);
});

describe('the HTML report file', () => {
  it('holds no API key, no signed URL and no credential', async () => {
    for (const html of [embedded, linked]) {
      expect(html).not.toContain(MIXED_PLAN_API_KEY);
      expect(html).not.toMatch(/signature=(?!\[hidden\])/i);
      expect(html).not.toMatch(/X-Amz-Signature|X-Goog-Signature|[?&]sig=(?!\[hidden\])/i);
      expect(html).not.toContain('/api/label/v2/files?');
    }
    // What the emulator signs for the uploaded files: none of its signatures is in the file.
    const stored = await fetchStoredContents(mixed);
    expect(stored.length).toBeGreaterThan(0);
    for (const url of stored) {
      const signature = new URL(url).searchParams.get('signature');
      expect(signature).toBeTruthy();
      expect(embedded).not.toContain(signature!);
      expect(linked).not.toContain(signature!);
    }
  });

  it('references nothing outside the file: inline CSS and script, a policy that allows no request', () => {
    for (const html of [embedded, linked]) {
      expect(html).not.toMatch(/<(script|link|iframe)[^>]+(src|href)=/i);
      expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
      expect(html).toContain("default-src 'none'");
    }
    expect(embedded).toContain('img-src data:;');
  });
});

describe.skipIf(!hasChromium)(browserSuite, () => {
  let browser: BrowserContext;

  beforeAll(async () => {
    // A fresh profile: nothing cached or configured from another run.
    browser = await chromium.launchPersistentContext(join(folder, 'chromium-profile'), {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report; every request the page makes is recorded, and any not to the file fails. */
  async function open(html: string, name: string): Promise<{ page: Page; requests: string[] }> {
    const path = join(folder, `${name}.html`);
    await import('node:fs/promises').then((fs) => fs.writeFile(path, html));
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort(),
    );
    await page.goto(pathToFileURL(path).href);
    await page.waitForSelector('body[data-ready="true"]');
    expect(errors).toEqual([]);
    return { page, requests };
  }

  const cardIds = (page: Page) =>
    page.$$eval('article.card', (cards) =>
      cards.map((card) => card.getAttribute('data-external-id')),
    );

  it('shows thumbnails that decode, destructive changes first, and makes no request', async () => {
    const { page, requests } = await open(embedded, 'embedded');
    await page.screenshot({ path: join(folder, 'report-top.png') });
    expect((await stat(join(folder, 'report-top.png'))).size).toBeGreaterThan(10_000);

    const headings = await page.$$eval('h2', (nodes) => nodes.map((node) => node.textContent));
    expect(headings[0]).toMatch(/^Blocked/);
    expect(headings[1]).toMatch(/^Deletes/);
    expect(headings.findIndex((h) => h?.startsWith('Renames'))).toBeLessThan(
      headings.findIndex((h) => h?.startsWith('Adds')),
    );
    const blocked = page.locator('article.card.g-blocked');
    await expect(blocked.count()).resolves.toBe(2);
    await expect(blocked.first().locator('.why').textContent()).resolves.toContain(
      '--allow-label-loss',
    );

    // Content change: before (from Kili, embedded at plan time) and after, side by side.
    const edited = page.locator('article[data-external-id="street/a"]');
    const sides = await edited
      .locator('img.thumb')
      .evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth));
    expect(sides).toHaveLength(2);
    for (const width of sides) expect(width).toBeGreaterThan(0);
    expect(await edited.locator('.caption').allTextContents()).toEqual(['before', 'after']);

    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const widths = await page.$$eval('img.thumb', (images) =>
      images.map((image) => (image as HTMLImageElement).naturalWidth),
    );
    expect(widths.length).toBeGreaterThanOrEqual(8);
    for (const width of widths) expect(width).toBeGreaterThan(0);
    // The file that is no image: a placeholder that says so, not a broken image.
    await expect(
      page.locator('article[data-external-id="street/not-an-image"] .placeholder').textContent(),
    ).resolves.toContain('cannot show this image');

    // Metadata key by key, the changed text as a line diff, the manifest line, the flags.
    const metadata = await page
      .locator('article[data-external-id="street/c"] ul.fields')
      .textContent();
    expect(metadata).toContain('~ jsonMetadata.split: "train" → "test"');
    expect(metadata).toContain('~ jsonMetadata.weather: "sun" → {"sky":"rain"}');
    expect(await page.locator('article[data-external-id="street/c"] .src').textContent()).toBe(
      'images.yaml:8',
    );
    await page.fill('#search', 'review-1');
    await page.waitForFunction(() =>
      document.querySelector('#page-info')?.textContent?.includes(' 1 of '),
    );
    const diff = await page.locator('article[data-external-id="review-1"] pre.diff').textContent();
    expect(diff).toContain('- They fit well.');
    expect(diff).toContain('+ They fit badly after a week.');
    const summary = await page.locator('#summary').textContent();
    expect(summary).toContain('--allow-label-loss --allow-delete');
    await page.screenshot({ path: join(folder, 'report-filtered.png'), fullPage: true });

    expect(requests).toEqual([pathToFileURL(join(folder, 'embedded.html')).href]);
    await page.close();
  });

  it('filters by action and by text, and pages through many changes', async () => {
    const { page, requests } = await open(linked, 'linked');
    const info = () => page.locator('#page-info').textContent();
    const total = await page.$$eval('article.card', (cards) => cards.length);
    expect(total).toBe(60);
    await expect(info()).resolves.toMatch(/^Page 1 of 2 · (\d+) of \1 changes$/);

    await page.click('#next');
    await expect(info()).resolves.toMatch(/^Page 2 of 2/);
    const secondPage = await cardIds(page);
    expect(secondPage.length).toBeGreaterThan(0);
    // Adds come last, in project order then external ID: the bulk texts, then review-4.
    expect(secondPage.at(-1)).toBe('review-4');
    expect(secondPage.slice(0, -1).every((id) => id?.startsWith('bulk-'))).toBe(true);

    for (const group of ['blocked', 'rename', 'update', 'add']) {
      await page.uncheck(`input[data-group="${group}"]`);
    }
    await expect(info()).resolves.toMatch(/^Page 1 of 1 · 2 of /);
    expect((await cardIds(page)).sort()).toEqual(['review-3', 'street/d']);

    await page.check('input[data-group="add"]');
    await page.fill('#search', 'BULK-06');
    await page.waitForFunction(() =>
      document.querySelector('#page-info')?.textContent?.startsWith('Page 1 of 1 · 10 of'),
    );
    expect(await cardIds(page)).toHaveLength(10);
    await page.fill('#search', 'zzz-nothing');
    await page.waitForSelector('p.empty');
    expect(EXTRA_TEXTS).toBeGreaterThan(60);
    expect(requests).toHaveLength(1);
    await page.close();
  });

  it('pages and searches a large plan whose rows are embedded gzipped', async () => {
    const size = 6_000;
    const html = renderPlanHtml(buildHtmlBenchPlan(size), { needs: [], remoteImages: 'none' });
    expect(html).toContain('type="application/gzip-base64" class="plan-rows"');
    const { page, requests } = await open(html, 'large');
    const info = () => page.locator('#page-info').textContent();
    await expect(info()).resolves.toBe(`Page 1 of 100 · ${size} of ${size} changes`);
    for (let i = 0; i < 3; i++) await page.click('#next');
    await expect(info()).resolves.toMatch(/^Page 4 of 100/);
    expect(await cardIds(page)).toHaveLength(60);
    await page.fill('#search', 'img-005917');
    await page.waitForFunction(() =>
      document.querySelector('#page-info')?.textContent?.startsWith('Page 1 of 1 · 1 of'),
    );
    expect(await cardIds(page)).toEqual(['photos/batch-005/img-005917']);
    expect(requests).toHaveLength(1);
    await page.close();
  });
});

/** The signed URLs the emulator hands out for the uploaded files of the image project. */
async function fetchStoredContents(plan: MixedPlan): Promise<string[]> {
  const response = await fetch(plan.emulator.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `X-API-Key: ${MIXED_PLAN_API_KEY}`,
    },
    body: JSON.stringify({
      query: '{ assets(where: {}, first: 100, skip: 0) { content } }',
    }),
  });
  const body = (await response.json()) as { data: { assets: { content: string }[] } };
  return body.data.assets.map((asset) => asset.content).filter((c) => c.includes('signature='));
}

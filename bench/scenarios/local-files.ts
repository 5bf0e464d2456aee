import { mkdir, open, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { startBenchEmulator } from '../emulator-harness.js';
import { writeManifest } from '../generate-data.js';
import type { PlanFigures, PlanJob } from '../jobs.js';
import { runJobInChild } from '../measure.js';
import { type Check, formatDuration, type ResultRow, type ScenarioContext } from '../outcome.js';

const PROJECT_ID = 'bench-local-files';
const TARGET_SPEEDUP = 10;

/**
 * "plan N local files, second run": the same plan twice with the cache folder, in one bench run.
 * The first run hashes every file (its cache folder is empty), the second finds every file's
 * stat key unchanged and reads none. The project is empty and the emulator has no latency: the
 * row measures the local side, which is what the file hash cache changes.
 *
 * The files are sparse (a distinct first line, then a hole up to `fileBytes`): hashing them
 * costs what hashing real files costs once they are in the page cache, without writing
 * gigabytes to disk. A cold disk would only make the first run slower.
 */
export async function runLocalFilesScenario(
  context: ScenarioContext,
  fileCount: number,
  fileBytes: number,
): Promise<{ rows: ResultRow[]; checks: Check[] }> {
  const folder = join(context.workDir, 'local-files');
  const name = `plan ${fileCount.toLocaleString('en-US')} local files (${Math.round(fileBytes / 1024)} KiB each)`;
  context.log(`${name}: writing the files`);
  await writeSparseFiles(join(folder, 'images'), fileCount, fileBytes);
  const manifest = join(folder, 'manifest.yaml');
  await writeManifest(manifest, {
    project: PROJECT_ID,
    sources: [{ files: 'images/*.png', externalId: '{stem}' }],
  });

  const emulator = await startBenchEmulator({
    db: ':memory:',
    apiKey: context.endpoint.apiKey,
    projectIds: [PROJECT_ID],
  });
  const runs: PlanFigures[] = [];
  const rows: ResultRow[] = [];
  try {
    const job: PlanJob = {
      kind: 'plan',
      side: 'kili-sync',
      endpoint: { ...context.endpoint, graphqlUrl: emulator.graphqlUrl, settleMs: 0 },
      manifest,
      projectId: PROJECT_ID,
      baselineReadsDeclaredOnly: false,
      cacheDir: join(folder, '.kili-sync', 'cache'),
    };
    for (const run of ['first run', 'second run'] as const) {
      context.log(`${name}: ${run}`);
      const report = await runJobInChild<PlanFigures>(job, { inProcess: context.inProcess });
      runs.push(report.figures);
      rows.push({
        scenario: name,
        side: `kili-sync (${run})`,
        wallMs: report.wallMs,
        cpuMs: report.cpuMs,
        maxRssBytes: report.maxRssBytes,
        notes: [
          run === 'first run'
            ? 'empty cache: every file hashed'
            : 'every file unchanged: none read',
          `plan: +${report.figures.summary.add}`,
          'emulator without latency',
        ],
      });
    }
  } finally {
    await emulator.close();
  }

  const [first, second] = runs as [PlanFigures, PlanFigures];
  const [firstRow, secondRow] = rows as [ResultRow, ResultRow];
  const speedup = firstRow.wallMs / secondRow.wallMs;
  secondRow.notes.push(`${speedup.toFixed(2)}× faster than the first run`);
  const samePlan = first.planDigest === second.planDigest && first.summary.add === fileCount;
  return {
    rows,
    checks: [
      {
        kind: 'correctness',
        name: `${name}: the second run's plan is identical to the first's, every file added`,
        ok: samePlan,
        measured: `plan digests ${samePlan ? 'equal' : 'differ'}; +${first.summary.add} then +${second.summary.add} of ${fileCount}`,
        cause: samePlan ? undefined : 'the cached hashes changed the plan',
      },
      {
        kind: 'target',
        name: `${name}: second run ≥ ${TARGET_SPEEDUP}× faster than the first`,
        ok: speedup >= TARGET_SPEEDUP,
        measured: `${speedup.toFixed(2)}× (${formatDuration(firstRow.wallMs)} → ${formatDuration(secondRow.wallMs)})`,
        cause:
          speedup >= TARGET_SPEEDUP
            ? undefined
            : 'what the second run still does for every file: listing, resolving and checking it, stat, and planning its add',
      },
    ],
  };
}

/**
 * `count` sparse files `NNNNNNN.png`, each distinct by its first line, dated an hour back: a
 * file modified moments before a plan is racily clean and hashed again on purpose, while the
 * files of a repository were checked out long before.
 */
async function writeSparseFiles(folder: string, count: number, bytes: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  const anHourAgo = new Date(Date.now() - 3_600_000);
  for (let index = 0; index < count; index += 1) {
    const path = join(folder, `${String(index).padStart(7, '0')}.png`);
    const handle = await open(path, 'w');
    try {
      await handle.write(`file ${index}\n`);
      await handle.truncate(bytes);
    } finally {
      await handle.close();
    }
    await utimes(path, anHourAgo, anHourAgo);
  }
}

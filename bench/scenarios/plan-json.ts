import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanJsonFigures } from '../jobs.js';
import { runJobInChild } from '../measure.js';
import {
  type Check,
  formatBytes,
  formatDuration,
  type ScenarioContext,
  type ScenarioOutcome,
} from '../outcome.js';
import { type PlanJsonScan, scanPlanJsonFile } from '../scan-plan-json.js';

/**
 * What writing may add to the RSS, as a share of the file. A writer that built the text first
 * would add at least the whole file (and fails outright past V8's longest string, ~512 MB);
 * a streaming one adds its buffer and the garbage between collections. The process's peak as a
 * whole cannot be judged against the file: the plan objects it writes from are larger than
 * their JSON.
 */
const MAX_ADDED_RSS_SHARE = 0.5;

/**
 * Plans `size` adds, streams the plan as JSON into a file (as `plan --out` does) in a process of
 * its own, then reads the file back with a streaming parser to check every change is there.
 */
export async function runPlanJsonScenario(
  context: ScenarioContext,
  size: number,
): Promise<ScenarioOutcome> {
  const name = `write the JSON plan of ${size.toLocaleString('en-US')} adds`;
  const outFile = join(context.workDir, 'plan-json-bench.json');
  context.log(name);
  try {
    const report = await runJobInChild<PlanJsonFigures>(
      { kind: 'plan-json', size, outFile },
      { inProcess: context.inProcess },
    );
    context.log(`${name}: reading the file back`);
    const scan = await scanPlanJsonFile(outFile).catch((error: unknown) =>
      error instanceof Error ? error : new Error(String(error)),
    );
    const figures = report.figures;
    return {
      rows: [
        {
          scenario: name,
          side: 'kili-sync (writePlanJson)',
          wallMs: report.wallMs,
          cpuMs: report.cpuMs,
          maxRssBytes: report.maxRssBytes,
          notes: [
            `file ${formatBytes(figures.fileBytes)}`,
            `RSS ${formatBytes(figures.rssBeforeWriteBytes)} with the plan in memory, ${formatBytes(figures.peakRssWhileWritingBytes)} at most while writing`,
            `planned in ${formatDuration(figures.planWallMs)} (not timed)`,
            scan instanceof Error ? 'did not parse back' : `parsed back: ${scan.changes} changes`,
          ],
        },
      ],
      checks: [checkParsedBack(name, size, figures, scan), checkAddedRss(name, figures)],
    };
  } finally {
    await rm(outFile, { force: true });
  }
}

function checkParsedBack(
  name: string,
  size: number,
  figures: PlanJsonFigures,
  scan: PlanJsonScan | Error,
): Check {
  if (scan instanceof Error) {
    return {
      kind: 'correctness',
      name: `${name}: the file parses back with every change`,
      ok: false,
      measured: 'not one complete JSON document',
      cause: scan.message.slice(0, 300),
    };
  }
  const ok =
    figures.changes === size &&
    scan.changes === size &&
    scan.summaryAdds === size &&
    scan.bytes === figures.fileBytes;
  return {
    kind: 'correctness',
    name: `${name}: the file parses back with every change`,
    ok,
    measured: `${scan.changes} changes read back (summary says +${scan.summaryAdds}), ${figures.changes} planned`,
    cause: ok ? undefined : 'the file does not hold the plan that was written',
  };
}

function checkAddedRss(name: string, figures: PlanJsonFigures): Check {
  const added = Math.max(0, figures.peakRssWhileWritingBytes - figures.rssBeforeWriteBytes);
  const share = added / figures.fileBytes;
  const ok = share <= MAX_ADDED_RSS_SHARE;
  return {
    kind: 'target',
    name: `${name}: writing adds ≤ ${MAX_ADDED_RSS_SHARE * 100}% of the file size to the RSS`,
    ok,
    measured: `+${formatBytes(added)} = ${(share * 100).toFixed(1)}% of ${formatBytes(figures.fileBytes)}`,
    cause: ok ? undefined : 'the writer holds a large part of the JSON text at once',
  };
}

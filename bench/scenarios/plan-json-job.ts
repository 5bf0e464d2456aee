import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import type { DesiredState } from '../../src/plan/desired-state.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import type { RemoteProjectState } from '../../src/plan/remote-state.js';
import { writePlanJson } from '../../src/render/write-plan-json.js';
import { GENERATOR } from '../../src/version.js';
import { generateAssets } from '../generate-data.js';
import type { PlanJsonFigures, PlanJsonJob } from '../jobs.js';
import { timeSection } from '../measure.js';

const PROJECT_ID = 'bench-plan-json';

/**
 * Plans `size` adds with the pure planner (not timed), then times `writePlanJson` streaming the
 * plan into a file as `plan --out` does, watching how much the writing adds to the RSS.
 */
export async function runPlanJsonJob(job: PlanJsonJob) {
  const planned = await timeSection(async () => planAdds(job.size));
  const plan = planned.value;
  globalThis.gc?.();
  const rssBeforeWriteBytes = process.memoryUsage.rss();
  const maxRssBeforeBytes = process.resourceUsage().maxRSS * 1_024;
  let sampledPeakBytes = rssBeforeWriteBytes;
  const measured = await timeSection(async () => {
    const fd = openSync(job.outFile, 'w');
    try {
      writePlanJson(plan, (chunk) => {
        writeSync(fd, chunk);
        sampledPeakBytes = Math.max(sampledPeakBytes, process.memoryUsage.rss());
      });
    } finally {
      closeSync(fd);
    }
  });
  // A peak between two samples still shows in the process's own maximum, if it raised it.
  const maxRssAfterBytes = process.resourceUsage().maxRSS * 1_024;
  const peakRssWhileWritingBytes =
    maxRssAfterBytes > maxRssBeforeBytes
      ? Math.max(sampledPeakBytes, maxRssAfterBytes)
      : sampledPeakBytes;
  const figures: PlanJsonFigures = {
    changes: plan.projects[0]?.changes.length ?? 0,
    fileBytes: statSync(job.outFile).size,
    planWallMs: planned.wallMs,
    rssBeforeWriteBytes,
    peakRssWhileWritingBytes,
  };
  return { wallMs: measured.wallMs, cpuMs: measured.cpuMs, figures };
}

function planAdds(size: number) {
  const assets = generateAssets('pj', size).map((asset, index) => ({
    ...asset,
    source: { file: 'assets.yaml', line: index + 6, col: 5 },
  }));
  const desired: DesiredState = {
    projects: [{ projectId: PROJECT_ID, prune: false, assets, manifestFiles: ['assets.yaml'] }],
    manifestFiles: ['assets.yaml'],
    warnings: [],
  };
  const remote = new Map<string, RemoteProjectState>([
    [
      PROJECT_ID,
      {
        project: { id: PROJECT_ID, title: PROJECT_ID, inputType: 'IMAGE' },
        count: 0,
        assets: [],
        partial: false,
        warnings: [],
      },
    ],
  ]);
  return diffToPlan({
    desired,
    remote,
    localFiles: new Map(),
    options: {
      dedupe: false,
      endpoint: 'http://127.0.0.1/api/label/v2/graphql',
      createdAt: '2024-01-01T00:00:00.000Z',
      generator: GENERATOR,
    },
  });
}

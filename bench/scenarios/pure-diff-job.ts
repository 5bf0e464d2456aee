import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { GENERATOR } from '../../src/version.js';
import type { PureDiffFigures, PureDiffJob } from '../jobs.js';
import { timeSection } from '../measure.js';
import { buildPureDiffInputs } from './pure-diff-inputs.js';

/** Times the pure planner alone on generated N × N data with 1 % drift; no I/O inside. */
export async function runPureDiffJob(job: PureDiffJob) {
  const { desired, remote } = buildPureDiffInputs(job.size);
  globalThis.gc?.();
  const measured = await timeSection(async () =>
    diffToPlan({
      desired,
      remote,
      localFiles: new Map(),
      options: {
        dedupe: false,
        endpoint: 'http://127.0.0.1/api/label/v2/graphql',
        createdAt: '2024-01-01T00:00:00.000Z',
        generator: GENERATOR,
      },
    }),
  );
  const project = measured.value.projects[0]!;
  const figures: PureDiffFigures = {
    summary: {
      ...project.summary,
      remoteCount: project.remote.count,
      warnings: project.warnings.length,
    },
  };
  return { wallMs: measured.wallMs, cpuMs: measured.cpuMs, figures };
}

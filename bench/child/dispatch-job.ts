import type { Job } from '../jobs.js';
import { runApplyJob } from '../scenarios/apply-job.js';
import { runMapJoinJob } from '../scenarios/map-join-job.js';
import { runPlanJob } from '../scenarios/plan-job.js';
import { runPlanJsonJob } from '../scenarios/plan-json-job.js';
import { runPureDiffJob } from '../scenarios/pure-diff-job.js';

/** Runs one job and returns its measured section (wall, CPU) and figures. */
export function dispatchJob(
  job: Job,
): Promise<{ wallMs: number; cpuMs: number; figures: unknown }> {
  switch (job.kind) {
    case 'plan':
      return runPlanJob(job);
    case 'apply':
      return runApplyJob(job);
    case 'pure-diff':
      return runPureDiffJob(job);
    case 'map-join':
      return runMapJoinJob(job);
    case 'plan-json':
      return runPlanJsonJob(job);
    default: {
      const unreachable: never = job;
      throw new Error(`unknown job ${JSON.stringify(unreachable)}`);
    }
  }
}

import type { Job } from '../jobs.js';
import { readMaxRssBytes } from '../measure.js';
import { dispatchJob } from './dispatch-job.js';

/** Entry point of a benchmark child: runs the job given as JSON and reports over IPC. */
async function runChild(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  try {
    const measured = await dispatchJob(job);
    const report = { ...measured, maxRssBytes: readMaxRssBytes() };
    process.send?.({ report }, () => process.exit(0));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.send?.({ error: `${job.kind} job failed: ${message}` }, () => process.exit(1));
  }
}

await runChild();

import { appendFile } from 'node:fs/promises';
import type { Runtime } from '../runtime.js';

/**
 * Under GitHub Actions, appends a Markdown document to the job summary (`GITHUB_STEP_SUMMARY`);
 * failing that only warns, since the run itself succeeded.
 */
export async function appendGithubStepSummary(
  renderMarkdown: () => string,
  runtime: Runtime,
): Promise<void> {
  const { env, stderr } = runtime;
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (env.GITHUB_ACTIONS !== 'true' || !summaryFile) return;
  try {
    await appendFile(summaryFile, `${renderMarkdown()}\n`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    stderr.write(`warning: could not append the plan to GITHUB_STEP_SUMMARY: ${reason}\n`);
  }
}

import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/**
 * The GitHub Actions runner's protocol: step outputs and the job summary are files named by
 * environment variables, annotations are `::command::` lines on stdout.
 */

export function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const lines = Object.entries(outputs).map(([name, value]) => {
    if (!value.includes('\n')) return `${name}=${value}\n`;
    const delimiter = `kili_sync_${randomUUID()}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  appendFileSync(file, lines.join(''));
}

export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

export type AnnotationLevel = 'notice' | 'warning' | 'error';

/** `::notice::message`, with the characters the runner would read as line breaks escaped. */
export function formatAnnotation(level: AnnotationLevel, message: string): string {
  const data = message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return `::${level}::${data}\n`;
}

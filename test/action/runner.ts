import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../helpers/run-command.js';

/** The action's script as action.yml runs it; `npm test` builds it first. */
const ACTION_MAIN = fileURLToPath(new URL('../../dist/action/main.js', import.meta.url));

export const REPOSITORY = 'acme/labels';
export const HEAD_SHA = 'abc1234def5678900000000000000000000000000';

export interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the step wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the step (and the CLI) appended to GITHUB_STEP_SUMMARY. */
  summary: string;
}

export interface StepOptions {
  /** INPUT_* variables, by the name after the prefix. */
  inputs: Record<string, string>;
  event: object;
  cwd: string;
  env?: Record<string, string>;
}

export function pullRequestEvent(number: number, { fromFork = false } = {}): object {
  return {
    repository: { full_name: REPOSITORY },
    pull_request: {
      number,
      head: { sha: HEAD_SHA, repo: { full_name: fromFork ? 'stranger/labels' : REPOSITORY } },
    },
  };
}

export function pushEvent(): object {
  return { repository: { full_name: REPOSITORY }, ref: 'refs/heads/main' };
}

/**
 * Runs the step in a fresh runner folder with the variables the runner sets, and reads back
 * the files the runner would read.
 */
export async function runStep(options: StepOptions): Promise<StepRun> {
  const runner = mkdtempSync(join(tmpdir(), 'kili-sync-runner-'));
  const outputFile = join(runner, 'output');
  const summaryFile = join(runner, 'summary');
  const eventFile = join(runner, 'event.json');
  mkdirSync(join(runner, 'temp'));
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: 'f00d000000000000000000000000000000000000',
    RUNNER_TEMP: join(runner, 'temp'),
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name}`] = value;
  const result = await runCommand(process.execPath, [ACTION_MAIN], { cwd: options.cwd, env });
  return {
    ...result,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
  };
}

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const block = line.match(/^([^=<]+)<<(.+)$/);
    if (block) {
      const end = lines.indexOf(block[2]!, index + 1);
      outputs[block[1]!] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

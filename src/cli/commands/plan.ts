import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Argument, type Command, Option } from 'commander';
import { EXIT_CHANGES, KiliSyncError } from '../../errors.js';
import { buildPlan } from '../../plan/build-plan.js';
import { renderPlanMarkdown } from '../../plan/render-markdown.js';
import { renderPlanText } from '../../plan/render-text.js';
import { planHasChanges } from '../../plan/summary.js';
import type { Plan } from '../../plan/types.js';
import { writePlanJson } from '../../plan/write-plan-json.js';
import type { CommandContext } from '../command-context.js';
import { createProgressReporter } from '../progress.js';
import {
  addConnectionOptions,
  addRootOption,
  type ConnectionFlags,
  connectionFromFlags,
} from '../shared-options.js';

interface PlanFlags extends ConnectionFlags {
  format: 'text' | 'json' | 'markdown';
  out?: string;
  detailedExitcode?: boolean;
  dedupe?: boolean;
  full?: boolean;
  root?: string;
}

/** `kili-sync plan`: read the projects, diff them with the manifests, print the plan. */
export function registerPlanCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('plan')
    .description('show what apply would change, without changing anything')
    .addArgument(new Argument('[paths...]', 'manifest files, folders or globs').default(['.'], '.'))
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'markdown'])
        .default('text', 'text'),
    )
    .option('--out <file>', 'also save the plan as JSON, for `apply --plan`')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when it has none')
    .option('--dedupe', 'plan to delete unlabeled remote duplicates of managed external IDs')
    .option('--full', 'show every value whole, even where it is wider than the terminal');
  addConnectionOptions(addRootOption(command)).action(async (paths: string[], flags: PlanFlags) => {
    const { runtime } = context;
    const connection = connectionFromFlags(flags, runtime);
    const progress = createProgressReporter(runtime);
    const { plan } = await buildPlan({
      paths,
      root: flags.root,
      runtime,
      connection,
      dedupe: flags.dedupe === true,
      concurrency: flags.concurrency,
      onProgress: progress,
    }).finally(() => progress.stop());

    // Serialised once for both: a plan of 100,000 changes takes a second to serialise.
    const toStdout = flags.format === 'json' ? runtime.stdout : undefined;
    if (flags.out) writePlanFiles(plan, resolve(runtime.cwd, flags.out), toStdout);
    else if (toStdout) writePlanJson(plan, (chunk) => toStdout.write(chunk));
    if (flags.format === 'markdown') runtime.stdout.write(renderPlanMarkdown(plan));
    if (flags.format === 'text') {
      runtime.stdout.write(
        renderPlanText(plan, {
          color: runtime.stdoutColor,
          width: flags.full ? undefined : runtime.stdoutColumns,
        }),
      );
    }
    await appendGithubStepSummary(plan, context);
    if (flags.detailedExitcode && planHasChanges(plan)) context.setExitCode(EXIT_CHANGES);
  });
}

/** Under GitHub Actions, the Markdown plan also goes to the job summary; failing that only warns. */
async function appendGithubStepSummary(plan: Plan, context: CommandContext): Promise<void> {
  const { env, stderr } = context.runtime;
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (env.GITHUB_ACTIONS !== 'true' || !summaryFile) return;
  try {
    await appendFile(summaryFile, `${renderPlanMarkdown(plan)}\n`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    stderr.write(`warning: could not append the plan to GITHUB_STEP_SUMMARY: ${reason}\n`);
  }
}

/**
 * Streams the JSON plan into `file` (through a temporary file renamed into place, so a reader
 * never sees half a plan) and, when given, to `stdout` in the same pass.
 */
function writePlanFiles(plan: Plan, file: string, stdout?: { write(text: string): void }): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    const target = fd;
    writePlanJson(plan, (chunk) => {
      writeSync(target, chunk);
      stdout?.write(chunk);
    });
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw new KiliSyncError('USAGE', `cannot write the plan to ${file}`, {
      hint: 'check that the folder exists and is writable',
      cause: error,
    });
  }
}

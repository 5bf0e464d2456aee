import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  type ApplyResult,
  formatApplySummary,
  formatDuplicateReport,
} from '../../apply/apply-result.js';
import { checkPlanFiles } from '../../apply/check-plan-files.js';
import { type Consent, checkConsent } from '../../apply/consent.js';
import { executePlan } from '../../apply/execute.js';
import { checkPlanIsCurrent, verifyPlanEndpoint, verifyPlanHash } from '../../apply/stale-check.js';
import { EXIT_ERROR, EXIT_INCOMPLETE, EXIT_INTERRUPTED, KiliSyncError } from '../../errors.js';
import { findLocalRoot } from '../../files/local-root.js';
import type { KiliClient } from '../../kili/client.js';
import { createClientForRuntime } from '../../kili/create-client.js';
import { buildPlan } from '../../plan/build-plan.js';
import { parsePlanJson } from '../../plan/render-json.js';
import { renderPlanText } from '../../plan/render-text.js';
import { printable } from '../../plan/render-values.js';
import { planHasChanges } from '../../plan/summary.js';
import type { Plan } from '../../plan/types.js';
import type { CommandContext } from '../command-context.js';
import { createProgressReporter, type ProgressReporter } from '../progress.js';
import {
  addConnectionOptions,
  addRootOption,
  type ConnectionFlags,
  connectionFromFlags,
} from '../shared-options.js';

interface ApplyFlags extends ConnectionFlags {
  autoApprove?: boolean;
  allowDelete?: boolean;
  allowMassDelete?: boolean;
  allowLabelLoss?: boolean;
  dedupe?: boolean;
  plan?: string;
  full?: boolean;
  root?: string;
}

const CONFIRMATION = "Do you want to apply these changes? Only 'yes' will be accepted: ";

/** `kili-sync apply`: make the projects match the manifests, or execute a saved plan. */
export function registerApplyCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('apply')
    .description('make the projects match the manifests (or execute a saved plan)')
    .argument('[paths...]', 'manifest files, folders or globs (default: .)')
    .option('--auto-approve', 'apply without asking for confirmation')
    .option('--allow-delete', 'allow deleting assets')
    .option('--allow-mass-delete', 'allow deleting more than half of a project')
    .option('--allow-label-loss', 'allow deleting or replacing labeled assets')
    .option('--dedupe', 'delete unlabeled remote duplicates of managed external IDs')
    .option('--plan <file>', 'execute this saved plan (from `plan --out`), without a prompt')
    .option('--full', 'show every value whole, even where it is wider than the terminal');
  addConnectionOptions(addRootOption(command)).action(
    async (paths: string[], flags: ApplyFlags) => {
      if (flags.plan !== undefined) {
        if (paths.length > 0 || flags.dedupe) {
          throw new KiliSyncError('USAGE', 'apply --plan takes no manifest paths and no --dedupe', {
            hint: 'the saved plan already says what to do; to plan again, run kili-sync plan',
          });
        }
        await applySavedPlan(flags.plan, flags, context);
      } else {
        await applyManifests(paths.length > 0 ? paths : ['.'], flags, context);
      }
    },
  );
}

async function applyManifests(
  paths: string[],
  flags: ApplyFlags,
  context: CommandContext,
): Promise<void> {
  const { runtime } = context;
  const connection = connectionFromFlags(flags, runtime);
  const progress = createProgressReporter(runtime);
  try {
    const { plan, client } = await buildPlan({
      paths,
      root: flags.root,
      runtime,
      connection,
      dedupe: flags.dedupe === true,
      concurrency: flags.concurrency,
      onProgress: progress,
    });
    runtime.stdout.write(
      renderPlanText(plan, {
        color: runtime.stdoutColor,
        width: flags.full ? undefined : runtime.stdoutColumns,
      }),
    );
    if (!planHasChanges(plan)) return;

    // Only a person at a terminal may stand in for --allow-delete, never for the stronger flags.
    const interactive = flags.autoApprove !== true && runtime.isTTY.stdin;
    checkConsent(plan, {
      ...readConsent(flags),
      allowDelete: flags.allowDelete === true || interactive,
    });
    if (flags.autoApprove !== true) await confirm(plan, flags, context);

    await executeAndReport(client, plan, flags, context, progress, {
      // A person may have taken minutes to answer: check that no adds appeared meanwhile.
      recheckAdds: flags.autoApprove !== true,
      dedupeCommand: `kili-sync apply --dedupe ${paths.map(quoteForShell).join(' ')}`,
    });
  } finally {
    progress.stop();
  }
}

async function applySavedPlan(
  file: string,
  flags: ApplyFlags,
  context: CommandContext,
): Promise<void> {
  const { runtime } = context;
  const plan = parsePlanJson(await readPlanFile(resolve(runtime.cwd, file), file), file);
  verifyPlanHash(plan, file);
  const root = findLocalRoot(runtime.cwd, flags.root, runtime.cwd);
  checkPlanFiles(plan, runtime.cwd, root);
  const connection = connectionFromFlags(flags, runtime);
  verifyPlanEndpoint(plan, connection.endpoint);

  const client = createClientForRuntime(connection, runtime, { concurrency: flags.concurrency });
  // Counts and labels come from Kili, not from the file: the reviewed plan is the approval,
  // but consent to destroy still has to be explicit, and judged on what is there now.
  const current = await checkPlanIsCurrent(client, plan, { baseDir: runtime.cwd });
  checkConsent(current, readConsent(flags));
  if (!planHasChanges(current)) {
    runtime.stdout.write('No changes. The saved plan has nothing to apply.\n');
    return;
  }
  const progress = createProgressReporter(runtime);
  try {
    await executeAndReport(client, current, flags, context, progress, {
      // The stale check has just looked the adds up.
      recheckAdds: false,
      dedupeCommand: 'kili-sync apply --dedupe <the manifests of this plan>',
    });
  } finally {
    progress.stop();
  }
}

async function executeAndReport(
  client: KiliClient,
  plan: Plan,
  flags: ApplyFlags,
  context: CommandContext,
  progress: ProgressReporter,
  { recheckAdds, dedupeCommand }: { recheckAdds: boolean; dedupeCommand: string },
): Promise<void> {
  const { runtime } = context;
  const result = await executePlan(client, plan, {
    signal: runtime.signal,
    onProgress: progress,
    baseDir: runtime.cwd,
    concurrency: flags.concurrency,
    recheckAdds,
  });
  progress.stop();
  reportResult(result, context, dedupeCommand);
}

function readConsent(flags: ApplyFlags): Consent {
  return {
    allowDelete: flags.allowDelete === true,
    allowMassDelete: flags.allowMassDelete === true,
    allowLabelLoss: flags.allowLabelLoss === true,
  };
}

async function confirm(plan: Plan, flags: ApplyFlags, context: CommandContext): Promise<void> {
  const { runtime } = context;
  if (!runtime.isTTY.stdin) {
    throw new KiliSyncError('REFUSED', 'apply needs confirmation, and stdin is not a terminal', {
      hint: 'pass --auto-approve to apply without a prompt (in CI, review the plan first)',
    });
  }
  const deletes = plan.projects.reduce(
    (sum, project) => sum + project.changes.filter((change) => change.action === 'delete').length,
    0,
  );
  if (deletes > 0 && flags.allowDelete !== true) {
    runtime.stderr.write(
      `\nThis plan deletes ${deletes} ${deletes === 1 ? 'asset' : 'assets'}: ` +
        'answering yes also allows the deletes.\n',
    );
  }
  const answer = await runtime.prompt(`\n${CONFIRMATION}`);
  if (answer.trim() !== 'yes') {
    throw new KiliSyncError('REFUSED', 'apply cancelled: nothing was changed', {
      hint: "only 'yes' confirms; pass --auto-approve to skip the question",
    });
  }
}

/** Failures go to stderr with the server's message; the summary line goes to stdout. */
function reportResult(result: ApplyResult, context: CommandContext, dedupeCommand: string): void {
  const { runtime } = context;
  for (const warning of result.warnings) runtime.stderr.write(`warning: ${warning}\n`);
  if (result.failed.length > 0) {
    runtime.stderr.write(
      `error: ${result.failed.length} ${result.failed.length === 1 ? 'change' : 'changes'} failed:\n`,
    );
    for (const failure of result.failed) {
      runtime.stderr.write(
        `  ${printable(`${failure.action} ${failure.externalId} (${failure.projectId}): ${failure.message}`)}\n`,
      );
    }
  }
  if (result.duplicates.length > 0) {
    runtime.stderr.write(formatDuplicateReport(result.duplicates, dedupeCommand));
  }
  runtime.stdout.write(`\n${formatApplySummary(result)}\n`);
  if (result.interrupted) {
    runtime.stderr.write(
      'interrupted: no batch was started after Ctrl-C; the ones in flight finished\n' +
        'hint: rerun kili-sync apply to finish (kili-sync plan shows what is left)\n',
    );
    context.setExitCode(EXIT_INTERRUPTED);
  } else if (result.duplicates.length > 0) {
    // A rerun does not remove copies: this is not the "rerun converges" exit 3.
    context.setExitCode(EXIT_ERROR);
  } else if (result.failed.length > 0) {
    runtime.stderr.write('hint: rerun kili-sync apply to retry what failed\n');
    context.setExitCode(EXIT_INCOMPLETE);
  }
}

async function readPlanFile(path: string, display: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new KiliSyncError('USAGE', `cannot read the saved plan ${display}`, {
      hint: 'make one with kili-sync plan --out PLAN.json',
      cause: error,
    });
  }
}

/** A path as a shell reads it back: plain when safe, else in single quotes. */
function quoteForShell(path: string): string {
  return /^[\w./@:+,=-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

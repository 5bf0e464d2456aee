import type { Command } from 'commander';
import { EXIT_ERROR, EXIT_INCOMPLETE, EXIT_INTERRUPTED, KiliSyncError } from '../../errors.js';
import type { ApplyResult } from '../../plan/apply-result.js';
import type { Consent, ConsentNeed } from '../../plan/consent-rules.js';
import { renderApplyResult } from '../../render/render-apply-result.js';
import { describePromptAllowance } from '../../render/render-consent.js';
import { renderPlanText } from '../../render/render-text.js';
import type { Runtime } from '../../runtime.js';
import { type ApplyOutcome, applyManifests, applySavedPlan } from '../../workflows/apply.js';
import type { CommandContext } from '../command-context.js';
import { kiliFromFlags } from '../kili-from-flags.js';
import { createProgressReporter } from '../progress.js';
import { quoteForShell } from '../quote-for-shell.js';
import { addPlanningOptions, cacheFromFlags, type PlanningFlags } from '../shared-options.js';

interface ApplyFlags extends PlanningFlags {
  autoApprove?: boolean;
  allowDelete?: boolean;
  allowMassDelete?: boolean;
  allowLabelLoss?: boolean;
  takeOwnership?: boolean;
  dedupe?: boolean;
  plan?: string;
  manifests?: string[];
  full?: boolean;
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
    .option(
      '--take-ownership',
      "change assets another owner manages, and mark them as this project's owner's",
    )
    .option('--dedupe', 'delete unlabeled remote duplicates of managed external IDs')
    .option('--plan <file>', 'execute this saved plan (from `plan --out`), without a prompt')
    .option(
      '--manifests <paths...>',
      'with --plan: refuse the plan unless planning these manifests now gives exactly its changes',
    )
    .option('--full', 'show every value whole, even where it is wider than the terminal');
  addPlanningOptions(command).action(async (paths: string[], flags: ApplyFlags) => {
    const { runtime } = context;
    const selects = paths.length > 0 || flags.dedupe || flags.project.length > 0;
    if (flags.plan !== undefined && selects) {
      throw new KiliSyncError('usage', 'apply --plan takes no paths, --project or --dedupe', {
        hint: 'the saved plan already says what to do; to check it against manifests, use --manifests PATH…',
      });
    }
    if (flags.manifests !== undefined && flags.plan === undefined) {
      throw new KiliSyncError('usage', '--manifests goes with --plan', {
        hint: 'apply PATH… plans the manifests itself; --manifests checks a saved plan against them',
      });
    }
    const { connection, client } = kiliFromFlags(flags, runtime);
    const progress = createProgressReporter(runtime);
    const consent = readConsent(flags);
    const manifestPaths = paths.length > 0 ? paths : ['.'];
    const common = {
      runtime,
      client,
      connection,
      consent,
      root: flags.root,
      onProgress: progress,
    };
    let outcome: ApplyOutcome;
    try {
      outcome =
        flags.plan !== undefined
          ? await applySavedPlan({
              ...common,
              file: flags.plan,
              manifests: flags.manifests,
              // The cache of the manifest root around the working directory, as `plan` run
              // there finds it (or --cache-dir).
              cache: cacheFromFlags(flags, ['.'], runtime),
            })
          : await applyManifests({
              ...common,
              paths: manifestPaths,
              projects: flags.project,
              cache: cacheFromFlags(flags, manifestPaths, runtime),
              dedupe: flags.dedupe === true,
              showPlan: (plan, needs) =>
                runtime.stdout.write(
                  renderPlanText(plan, {
                    color: runtime.stdoutColor,
                    needs,
                    given: consent,
                    width: flags.full ? undefined : runtime.stdoutColumns,
                    verbose: context.isVerbose(),
                  }),
                ),
              confirm:
                flags.autoApprove === true
                  ? undefined
                  : (_plan, needs) => confirm(needs, consent, runtime),
            });
    } finally {
      progress.stop();
    }
    const dedupeCommand =
      flags.plan !== undefined
        ? 'kili-sync apply --dedupe <the manifests of this plan>'
        : `kili-sync apply --dedupe ${manifestPaths.map(quoteForShell).join(' ')}`;
    if (outcome.result !== undefined) reportResult(outcome.result, context, dedupeCommand);
    else if (flags.plan !== undefined) {
      runtime.stdout.write('No changes. The saved plan has nothing to apply.\n');
    }
  });
}

function readConsent(flags: ApplyFlags): Consent {
  return {
    allowDelete: flags.allowDelete === true,
    allowMassDelete: flags.allowMassDelete === true,
    allowLabelLoss: flags.allowLabelLoss === true,
    allowTakeOwnership: flags.takeOwnership === true,
  };
}

/** Asks the person at the terminal; apply has refused already if there is none. */
async function confirm(
  needs: readonly ConsentNeed[],
  given: Consent,
  runtime: Runtime,
): Promise<void> {
  const allowance = describePromptAllowance(needs, given);
  if (allowance !== undefined) runtime.stderr.write(`\n${allowance}\n`);
  const answer = await runtime.prompt(`\n${CONFIRMATION}`);
  if (answer.trim() !== 'yes') {
    throw new KiliSyncError('apply-cancelled', 'apply cancelled: nothing was changed', {
      hint: "only 'yes' confirms; pass --auto-approve to skip the question",
    });
  }
}

/** Prints the report (render/render-apply-result.ts) and sets the exit code it calls for. */
function reportResult(result: ApplyResult, context: CommandContext, dedupeCommand: string): void {
  const verbose = context.isVerbose();
  for (const { stream, text } of renderApplyResult(result, { dedupeCommand, verbose })) {
    context.runtime[stream].write(text);
  }
  if (result.interrupted) context.setExitCode(EXIT_INTERRUPTED);
  // A rerun does not remove copies: this is not the "rerun converges" exit 3.
  else if (result.duplicates.length > 0) context.setExitCode(EXIT_ERROR);
  else if (result.failed.length > 0) context.setExitCode(EXIT_INCOMPLETE);
}

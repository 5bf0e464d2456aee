import { resolve } from 'node:path';
import { Argument, type Command, Option } from 'commander';
import { EXIT_CHANGES } from '../../errors.js';
import { flagsOf } from '../../plan/consent-rules.js';
import { planHasChanges } from '../../plan/has-changes.js';
import { REMOTE_IMAGE_MODES, type RemoteImages } from '../../render/html/previews.js';
import { renderPlanMarkdown } from '../../render/render-markdown.js';
import { renderPlanText } from '../../render/render-text.js';
import { writePlanJson } from '../../render/write-plan-json.js';
import { readAndPlan, savePlan } from '../../workflows/plan.js';
import type { CommandContext } from '../command-context.js';
import { appendGithubStepSummary } from '../github-step-summary.js';
import { kiliFromFlags } from '../kili-from-flags.js';
import { createProgressReporter } from '../progress.js';
import { quoteForShell } from '../quote-for-shell.js';
import { addPlanningOptions, cacheFromFlags, type PlanningFlags } from '../shared-options.js';

interface PlanFlags extends PlanningFlags {
  format: 'text' | 'json' | 'markdown' | 'html';
  out?: string;
  html?: string;
  reportImages: RemoteImages;
  detailedExitcode?: boolean;
  dedupe?: boolean;
  full?: boolean;
}

/** `kili-sync plan`: read the projects, diff them with the manifests, print the plan. */
export function registerPlanCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('plan')
    .description('show what apply would change, without changing anything')
    .addArgument(new Argument('[paths...]', 'manifest files, folders or globs').default(['.'], '.'))
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'markdown', 'html'])
        .default('text', 'text'),
    )
    .option('--out <file>', 'also save the plan as JSON, for `apply --plan`')
    .option('--html <file>', 'also save the plan as a self-contained HTML report with thumbnails')
    .addOption(
      new Option(
        '--report-images <mode>',
        'remote images in the HTML report: link (loaded by the browser), embed (thumbnails made now, for archives), none',
      )
        .choices(REMOTE_IMAGE_MODES)
        .default('link', 'link'),
    )
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when it has none')
    .option('--dedupe', 'plan to delete unlabeled remote duplicates of managed external IDs')
    .option('--full', 'show every value whole, even where it is wider than the terminal');
  addPlanningOptions(command).action(async (paths: string[], flags: PlanFlags) => {
    const { runtime } = context;
    const verbose = context.isVerbose();
    const { connection, client } = kiliFromFlags(flags, runtime);
    const progress = createProgressReporter(runtime);
    const planned = await readAndPlan({
      listUndeclared: verbose,
      paths,
      root: flags.root,
      projects: flags.project,
      runtime,
      client,
      connection,
      dedupe: flags.dedupe === true,
      cache: cacheFromFlags(flags, paths, runtime),
      onProgress: progress,
    }).finally(() => progress.stop());
    const { plan, consent: needs } = planned;

    // Serialised once for both: a plan of 100,000 changes takes a second to serialise.
    const toStdout = flags.format === 'json' ? runtime.stdout : undefined;
    if (flags.out) savePlan(plan, resolve(runtime.cwd, flags.out), toStdout);
    else if (toStdout) writePlanJson(plan, (chunk) => toStdout.write(chunk));
    if (flags.format === 'html' || flags.html !== undefined) {
      // Loaded here: the report's thumbnails need an image library no other plan needs.
      const { makeHtmlReport, saveHtmlReport } = await import('../../workflows/html-report.js');
      const html = await makeHtmlReport(planned, {
        cwd: runtime.cwd,
        remoteImages: flags.reportImages,
        connection,
      });
      if (flags.html !== undefined) await saveHtmlReport(resolve(runtime.cwd, flags.html), html);
      if (flags.format === 'html') runtime.stdout.write(html);
    }
    if (flags.format === 'markdown') runtime.stdout.write(renderPlanMarkdown(plan, { needs }));
    if (flags.format === 'text') {
      runtime.stdout.write(
        renderPlanText(plan, {
          color: runtime.stdoutColor,
          needs,
          width: flags.full ? undefined : runtime.stdoutColumns,
          verbose,
        }),
      );
    }
    await appendGithubStepSummary(() => renderPlanMarkdown(plan, { needs }), runtime);
    if (flags.out && planHasChanges(plan)) {
      // The next step, like Terraform's note after `plan -out`; on stderr, so stdout keeps
      // only the document.
      // With every consent flag apply will need: the command works as printed.
      const command = ['kili-sync', 'apply', '--plan', quoteForShell(flags.out), ...flagsOf(needs)];
      runtime.stderr.write(
        `\nSaved the plan to ${flags.out}. Apply exactly this plan with:\n  ${command.join(' ')}\n`,
      );
    }
    if (flags.detailedExitcode && planHasChanges(plan)) context.setExitCode(EXIT_CHANGES);
  });
}

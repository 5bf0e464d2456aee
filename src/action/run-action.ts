import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { reportDrift } from './drift-issue.js';
import { GithubApiError, githubApiFromEnv } from './github-api.js';
import { ActionInputError, type ActionInputs, readActionInputs } from './inputs.js';
import { planCommentMarker, upsertPlanComment } from './plan-comment.js';
import { type PullRequestContext, readPullRequest } from './pull-request.js';
import { type CliRun, runKiliSync } from './run-cli.js';
import { appendStepSummary, formatAnnotation, setOutputs } from './runner-files.js';

/** What the action prints and where it runs; the process's own in production. */
export interface ActionContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  log(text: string): void;
}

/** `plan --detailed-exitcode`: the plan has changes. Not a failure of the step. */
const EXIT_CHANGES = 2;

/**
 * The action's step: read the inputs, skip cleanly where no secret can be had, run the CLI,
 * write the step's outputs and, for a plan on a pull request, its comment. Returns the
 * step's exit code.
 */
export async function runAction(context: ActionContext): Promise<number> {
  const { env, log } = context;
  let inputs: ActionInputs;
  try {
    inputs = readActionInputs(env);
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    log(formatAnnotation('error', `kili-sync: ${error.message}`));
    return 1;
  }
  const pullRequest = readPullRequest(env);
  const apiKey = inputs.apiKey || (env.KILI_API_KEY ?? '').trim();

  if (inputs.command !== 'validate' && apiKey === '') {
    if (pullRequest?.fromFork) return skipForFork(inputs, context);
    log(
      formatAnnotation(
        'error',
        `kili-sync ${inputs.command}: the api-key input is empty. ` +
          'Pass a repository secret to it (e.g. secrets.KILI_API_KEY).',
      ),
    );
    return 1;
  }

  const planPath = resolvePlanPath(inputs, context);
  const reportPath =
    inputs.command === 'plan'
      ? join(env.RUNNER_TEMP || tmpdir(), 'kili-sync-plan-report.html')
      : undefined;
  const args = cliArguments(inputs, planPath, reportPath);
  log(`kili-sync ${args.join(' ')}\n`);
  const run = await runKiliSync(args, {
    cwd: context.cwd,
    env: cliEnvironment(env, apiKey, inputs.endpoint),
    keepStdout: inputs.command === 'plan' && (inputs.comment || inputs.driftIssue),
  });

  const succeeded = run.code === 0 || (inputs.command === 'plan' && run.code === EXIT_CHANGES);
  setOutputs(env, {
    'exit-code': String(run.code),
    'has-changes': inputs.command === 'plan' && succeeded ? String(run.code === EXIT_CHANGES) : '',
    'plan-path': planPath !== undefined && existsSync(planPath) && succeeded ? planPath : '',
    'report-path':
      reportPath !== undefined && existsSync(reportPath) && succeeded ? reportPath : '',
    'report-name': reportArtifactName(inputs),
    skipped: 'false',
  });
  // A plan's Markdown goes to the summary from the CLI itself; the rest is said here.
  if (inputs.command !== 'plan' || !succeeded) summarizeRun(inputs, run, env);

  let githubFailed = false;
  if (inputs.command === 'plan' && inputs.comment) {
    githubFailed = !(await commentPlan(inputs, run, succeeded, pullRequest, context));
  }
  if (inputs.command === 'plan' && inputs.driftIssue && succeeded) {
    const drift = run.code === EXIT_CHANGES ? run.stdout : undefined;
    const key = inputs.commentKey || inputs.projects.join(',');
    githubFailed = !(await reportDrift(drift, key, context)) || githubFailed;
  }
  if (!succeeded) return run.code;
  return githubFailed ? 1 : 0;
}

function skipForFork(inputs: ActionInputs, { env, log }: ActionContext): number {
  const message =
    `kili-sync ${inputs.command} skipped: this pull request comes from a fork, and GitHub ` +
    'gives such runs no secrets (the API key is empty). A maintainer can run the plan ' +
    'from a branch of this repository.';
  log(formatAnnotation('notice', message));
  setOutputs(env, {
    'exit-code': '',
    'has-changes': '',
    'plan-path': '',
    'report-path': '',
    skipped: 'true',
  });
  appendStepSummary(env, `### kili-sync ${inputs.command}\n\n${message}\n`);
  return 0;
}

/** plan: the file to save (default in the runner's temporary folder); apply: the saved plan. */
function resolvePlanPath(inputs: ActionInputs, { env, cwd }: ActionContext): string | undefined {
  if (inputs.command === 'validate') return undefined;
  if (inputs.planFile !== '') return resolve(cwd, inputs.planFile);
  if (inputs.command === 'apply') return undefined;
  return join(env.RUNNER_TEMP || tmpdir(), 'kili-sync-plan.json');
}

/**
 * The artifact the HTML report is uploaded as (action.yml's upload step): one per comment key,
 * so the jobs of a matrix over projects do not overwrite each other's report.
 */
function reportArtifactName(inputs: ActionInputs): string {
  const key = (inputs.commentKey || inputs.projects.join('-')).replace(/[^A-Za-z0-9._-]+/g, '-');
  return key === '' ? 'kili-sync-plan-report' : `kili-sync-plan-report-${key}`;
}

function cliArguments(
  inputs: ActionInputs,
  planPath: string | undefined,
  reportPath: string | undefined,
): string[] {
  const projects = inputs.projects.flatMap((id) => ['--project', id]);
  switch (inputs.command) {
    case 'validate':
      return ['validate', ...inputs.paths, ...inputs.args];
    case 'plan':
      return [
        'plan',
        ...inputs.paths,
        ...projects,
        '--format',
        inputs.comment || inputs.driftIssue ? 'markdown' : 'text',
        ...(planPath ? ['--out', planPath] : []),
        ...(reportPath ? ['--html', reportPath] : []),
        '--detailed-exitcode',
        ...inputs.args,
      ];
    case 'apply':
      // A saved plan runs only if it is exactly what the checked-out manifests mean now: an
      // artifact is anyone's to upload, and a plan's hash anyone's to recompute.
      return planPath
        ? ['apply', '--plan', planPath, '--manifests', ...inputs.paths, ...inputs.args]
        : ['apply', ...inputs.paths, ...projects, '--auto-approve', ...inputs.args];
  }
}

/** The runner's environment, less the action's inputs and token, plus the Kili settings. */
function cliEnvironment(env: NodeJS.ProcessEnv, apiKey: string, endpoint: string) {
  const child: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('INPUT_') && name !== 'GITHUB_TOKEN') child[name] = value;
  }
  if (apiKey !== '') child.KILI_API_KEY = apiKey;
  if (endpoint !== '') child.KILI_API_ENDPOINT = endpoint;
  return child;
}

/** The closing line of validate or apply, or the failure, in the job summary. */
function summarizeRun(inputs: ActionInputs, run: CliRun, env: NodeJS.ProcessEnv): void {
  const lastLine =
    run.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .at(-1) ?? '';
  const outcome =
    run.code === 0 ? lastLine : `Failed with exit code ${run.code}: see the step's log.`;
  appendStepSummary(env, `### kili-sync ${inputs.command}\n\n${outcome}\n`);
}

async function commentPlan(
  inputs: ActionInputs,
  run: CliRun,
  succeeded: boolean,
  pullRequest: PullRequestContext | undefined,
  { env, log }: ActionContext,
): Promise<boolean> {
  if (!pullRequest) {
    log(formatAnnotation('notice', 'kili-sync: no pull request in this event, so no comment'));
    return true;
  }
  const api = githubApiFromEnv(env, 'pull-requests: write');
  if (api === undefined) {
    log(formatAnnotation('error', 'kili-sync: commenting needs GITHUB_REPOSITORY and a token'));
    return false;
  }
  const body = succeeded ? run.stdout : describeFailure(run, pullRequest);
  try {
    const done = await upsertPlanComment(api, {
      issueNumber: pullRequest.number,
      marker: planCommentMarker(inputs.commentKey || inputs.projects.join(',')),
      body: `${body.trimEnd()}\n\n${footer(pullRequest, env, succeeded)}\n`,
    });
    log(`kili-sync: ${done} the plan comment on pull request #${pullRequest.number}\n`);
    return true;
  } catch (error) {
    if (!(error instanceof GithubApiError)) throw error;
    log(formatAnnotation('error', `kili-sync: could not comment the plan: ${error.message}`));
    return false;
  }
}

/** The failure in place of the plan, so an outdated plan never stays up for review. */
function describeFailure(run: CliRun, pullRequest: PullRequestContext): string {
  const output = run.stderrTail
    .split('\n')
    .filter((line) => !line.startsWith('::'))
    .slice(-60)
    .join('\n')
    .trim();
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(output) + 1));
  return [
    '## kili-sync plan failed',
    '',
    `No plan for ${shortSha(pullRequest)} (exit code ${run.code}). Fix the problem below and push again.`,
    '',
    `${fence}text`,
    output,
    fence,
  ].join('\n');
}

function footer(pullRequest: PullRequestContext, env: NodeJS.ProcessEnv, planned: boolean): string {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = env;
  const runUrl = server && repository && run ? `${server}/${repository}/actions/runs/${run}` : '';
  const link = runUrl === '' ? '' : ` · [run](${runUrl})`;
  // The report is uploaded by the step after this one; the run's page lists its artifacts.
  const report =
    runUrl !== '' && planned
      ? ` · [HTML report with thumbnails](${runUrl}#artifacts) (artifact)`
      : '';
  return `<sub>kili-sync · commit ${shortSha(pullRequest)}${link}${report}</sub>`;
}

function shortSha(pullRequest: PullRequestContext): string {
  return pullRequest.headSha.slice(0, 7) || 'this commit';
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

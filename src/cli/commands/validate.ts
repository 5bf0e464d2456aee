import { Argument, type Command, Option } from 'commander';
import { type Diagnostic, isKiliSyncError, type KiliSyncError } from '../../errors.js';
import { loadDesiredState } from '../../manifest/index.js';
import type { DesiredState } from '../../manifest/types.js';
import type { CommandContext } from '../command-context.js';
import { diagnosticsOf, renderDiagnostic, renderGithubAnnotation } from '../render-error.js';
import { addRootOption } from '../shared-options.js';

interface ValidateOptions {
  format: 'text' | 'json';
  root?: string;
}

/** `kili-sync validate [PATH...]`: offline checks of the manifests, every problem at once. */
export function registerValidateCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('validate')
    .description('check manifests offline: YAML, schema, files, duplicates (no network call)')
    .addArgument(
      new Argument('[paths...]', 'manifest files, folders (searched recursively) or globs').default(
        ['.'],
        '.',
      ),
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text', 'text'),
    );
  addRootOption(command).action(async (paths: string[], options: ValidateOptions) => {
    await runValidate(paths, options.format, options.root, context);
  });
}

async function runValidate(
  paths: string[],
  format: 'text' | 'json',
  root: string | undefined,
  context: CommandContext,
): Promise<void> {
  const { runtime } = context;
  const verbose = runtime.verbose || context.globalOptions().verbose === true;
  const inGithub = runtime.env.GITHUB_ACTIONS === 'true';
  let state: DesiredState;
  try {
    state = await loadDesiredState(paths, { cwd: runtime.cwd, root, verbose });
  } catch (error) {
    // The error boundary prints text errors (and their annotations under GitHub Actions).
    if (!isKiliSyncError(error) || format === 'text') throw error;
    runtime.stdout.write(`${JSON.stringify(renderFailureJson(error), null, 2)}\n`);
    context.setExitCode(error.exitCode);
    return;
  }
  if (format === 'json') {
    runtime.stdout.write(`${JSON.stringify(renderSuccessJson(state), null, 2)}\n`);
    return;
  }
  for (const warning of state.warnings) {
    if (inGithub) runtime.stderr.write(`${renderGithubAnnotation(warning)}\n`);
    runtime.stderr.write(`${renderDiagnostic(warning, runtime.color).join('\n')}\n`);
  }
  runtime.stdout.write(`${summarize(state)}: valid\n`);
}

/** `3 manifests, 1,204 assets in 2 projects`. */
export function summarize(state: DesiredState): string {
  const assets = state.projects.reduce((total, project) => total + project.assets.length, 0);
  const manifests = state.manifestCount ?? state.manifestFiles.length;
  return `${count(manifests, 'manifest')}, ${count(assets, 'asset')} in ${count(state.projects.length, 'project')}`;
}

function count(value: number, noun: string): string {
  return `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`;
}

function toJsonProblem(diagnostic: Diagnostic) {
  return {
    file: diagnostic.where?.file ?? null,
    line: diagnostic.where?.line ?? null,
    col: diagnostic.where?.col ?? null,
    message: diagnostic.message,
    hint: diagnostic.hint ?? null,
    ...(diagnostic.related ? { related: diagnostic.related } : {}),
  };
}

// `manifests` is always a list (the manifest files read), empty when the input is invalid.
function renderSuccessJson(state: DesiredState) {
  return {
    valid: true,
    manifests: state.manifestFiles,
    projects: state.projects.map((project) => ({
      projectId: project.projectId,
      assets: project.assets.length,
    })),
    errors: [],
    warnings: state.warnings.map(toJsonProblem),
  };
}

function renderFailureJson(error: KiliSyncError) {
  const diagnostics = diagnosticsOf(error);
  return {
    valid: false,
    manifests: [],
    projects: [],
    errors: diagnostics.filter((d) => d.severity === 'error').map(toJsonProblem),
    warnings: diagnostics.filter((d) => d.severity === 'warning').map(toJsonProblem),
  };
}

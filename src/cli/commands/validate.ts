import { Argument, type Command, Option } from 'commander';
import { renderDiagnostic, renderGithubAnnotation } from '../../render/render-error.js';
import {
  describeInputTypeChecks,
  renderInvalidJson,
  renderValidJson,
  summarizeCheckedState,
} from '../../render/render-validation.js';
import { validateManifests } from '../../workflows/validate.js';
import type { CommandContext } from '../command-context.js';
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
    const { format } = options;
    const { runtime } = context;
    const verbose = context.isVerbose();
    const outcome = await validateManifests(paths, {
      cwd: runtime.cwd,
      root: options.root,
      verbose,
    });
    if (!outcome.valid) {
      // The error boundary prints text errors (and their annotations under GitHub Actions).
      if (format === 'text') throw outcome.error;
      runtime.stdout.write(renderInvalidJson(outcome.error));
      context.setExitCode(outcome.error.exitCode);
      return;
    }
    if (format === 'json') {
      runtime.stdout.write(renderValidJson(outcome.state));
      return;
    }
    for (const warning of outcome.state.warnings) {
      if (runtime.env.GITHUB_ACTIONS === 'true') {
        runtime.stderr.write(`${renderGithubAnnotation(warning)}\n`);
      }
      runtime.stderr.write(`${renderDiagnostic(warning, runtime.color).join('\n')}\n`);
    }
    const note = describeInputTypeChecks(outcome.state);
    if (note !== undefined) runtime.stderr.write(`note: ${note}\n`);
    runtime.stdout.write(`${summarizeCheckedState(outcome.state)}: valid\n`);
  });
}

/**
 * The action's inputs, as action.yml hands them to the script: one `INPUT_*` variable each
 * (set explicitly in action.yml, never interpolated into a shell line).
 */

export type ActionCommand = 'validate' | 'plan' | 'apply';

export interface ActionInputs {
  command: ActionCommand;
  /** Manifest files, folders or globs, relative to the working directory. */
  paths: string[];
  /** `--project` values; empty for every project of the manifests. */
  projects: string[];
  /** Empty when the secret is not available (e.g. on pull requests from forks). */
  apiKey: string;
  endpoint: string;
  /** plan: where to save the plan; apply: the reviewed plan to execute (`apply --plan`). */
  planFile: string;
  comment: boolean;
  /** Tells apart the comments of several plans on one pull request (e.g. a matrix). */
  commentKey: string;
  /** plan: keep one issue open while Kili differs from the manifests (a scheduled check). */
  driftIssue: boolean;
  /** Further CLI arguments, split on whitespace. */
  args: string[];
}

export class ActionInputError extends Error {}

const COMMANDS: readonly ActionCommand[] = ['validate', 'plan', 'apply'];

export function readActionInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const command = input(env, 'COMMAND') || 'plan';
  if (!isCommand(command)) {
    throw new ActionInputError(
      `the command input is '${command}': use one of ${COMMANDS.join(', ')}`,
    );
  }
  const args = words(input(env, 'ARGS'));
  if (args.some((arg) => arg === '--api-key' || arg.startsWith('--api-key='))) {
    // Arguments are printed in the log and visible to every process on the runner.
    throw new ActionInputError('pass the API key with the api-key input, not in args');
  }
  const paths = words(input(env, 'PATHS'));
  const driftIssue = readBoolean(env, 'DRIFT_ISSUE');
  if (driftIssue && command !== 'plan') {
    throw new ActionInputError('the drift-issue input goes with command: plan');
  }
  return {
    command,
    paths: paths.length > 0 ? paths : ['.'],
    projects: words(input(env, 'PROJECTS')),
    apiKey: input(env, 'API_KEY'),
    endpoint: input(env, 'ENDPOINT'),
    planFile: input(env, 'PLAN_FILE'),
    comment: readBoolean(env, 'COMMENT'),
    commentKey: input(env, 'COMMENT_KEY'),
    driftIssue,
    args,
  };
}

function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name}`] ?? '').trim();
}

/** Space- or newline-separated values (YAML block scalars give newlines). */
function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

function readBoolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = input(env, name).toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new ActionInputError(`the ${name.toLowerCase()} input is '${value}': use true or false`);
}

function isCommand(value: string): value is ActionCommand {
  return (COMMANDS as readonly string[]).includes(value);
}

import { spawnSync } from 'node:child_process';
import { OWNER_NAME } from '../schema/text-patterns.js';

/**
 * What git says of the folder the manifests are in, read locally (no network): the commit
 * checked out, and the repository's name, which is the default owner of its manifests. Inside
 * GitHub Actions, where git may be missing from a container, the runner's variables say the same.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** What `git -C dir ARGS` prints, trimmed; undefined when it fails, prints nothing or git is missing. */
export function git(dir: string, args: string[]): string | undefined {
  const result = spawnSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.status !== 0) return undefined;
  const output = result.stdout.trim();
  return output === '' ? undefined : output;
}

/** The full commit hash checked out in `dir`, or undefined outside git. */
export function readCommit(dir: string, env: Env): string | undefined {
  const head = git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (head !== undefined && /^[0-9a-f]{40,64}$/.test(head)) return head;
  const sha = env.GITHUB_ACTIONS === 'true' ? env.GITHUB_SHA : undefined;
  return sha !== undefined && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/**
 * The name of the repository `dir` belongs to: the last part of its `origin` remote's URL
 * without `.git` (`git@github.com:acme/cats-repo.git` → `cats-repo`), the same on every clone
 * and in CI; undefined when there is no such remote or the name is not a valid owner name.
 */
export function readRepositoryName(dir: string, env: Env): string | undefined {
  const url = git(dir, ['config', '--get', 'remote.origin.url']);
  const fromUrl = url === undefined ? undefined : lastPathPart(url);
  const fromActions =
    env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY !== undefined
      ? lastPathPart(env.GITHUB_REPOSITORY)
      : undefined;
  const name = fromUrl ?? fromActions;
  return name !== undefined && new RegExp(OWNER_NAME).test(name) ? name : undefined;
}

function lastPathPart(url: string): string | undefined {
  const part = url
    .replace(/[/\\]+$/, '')
    .split(/[/:\\]/)
    .pop();
  const name = part?.replace(/\.git$/, '');
  return name === '' ? undefined : name;
}

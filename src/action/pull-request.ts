import { readFileSync } from 'node:fs';

/** The pull request a workflow run is about, read from the event payload. */
export interface PullRequestContext {
  number: number;
  /** The pull request's head commit (GITHUB_SHA is a merge commit on pull_request events). */
  headSha: string;
  /** Opened from another repository: its runs get no secrets. */
  fromFork: boolean;
}

interface PullRequestEvent {
  repository?: { full_name?: string };
  pull_request?: {
    number?: number;
    head?: { sha?: string; repo?: { full_name?: string } | null };
  };
}

/** The pull request of the event at GITHUB_EVENT_PATH, or undefined for other events. */
export function readPullRequest(env: NodeJS.ProcessEnv): PullRequestContext | undefined {
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!eventPath) return undefined;
  let event: PullRequestEvent;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as PullRequestEvent;
  } catch {
    return undefined;
  }
  const pullRequest = event.pull_request;
  if (typeof pullRequest?.number !== 'number') return undefined;
  const headRepository = pullRequest.head?.repo?.full_name;
  const baseRepository = event.repository?.full_name ?? env.GITHUB_REPOSITORY;
  return {
    number: pullRequest.number,
    headSha: pullRequest.head?.sha ?? env.GITHUB_SHA ?? '',
    // A fork that was deleted has no head repository left: still not this repository.
    fromFork: headRepository !== baseRepository,
  };
}

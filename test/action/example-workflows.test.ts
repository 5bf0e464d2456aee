import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The example workflows use the action as it is: its inputs, its outputs, a pinned version. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const examplesDir = join(repoRoot, 'examples/github');

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string | boolean>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: {
    pull_request: { paths: string[] };
    push: { paths: string[] };
  };
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const examples = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => ({
    name,
    text: readFileSync(join(examplesDir, name), 'utf8'),
    workflow: parse(readFileSync(join(examplesDir, name), 'utf8')) as Workflow,
  }));

const usesAction = (step: Step) => step.uses?.startsWith('OWNER/kili-sync@') === true;

describe.each(examples)('examples/github/$name', ({ text, workflow }) => {
  const jobs = Object.entries(workflow.jobs);
  const actionSteps = jobs.flatMap(([, job]) => job.steps.filter(usesAction));

  it('uses the action pinned to a version tag, with inputs it has', () => {
    expect(actionSteps.length).toBeGreaterThan(0);
    for (const step of actionSteps) {
      expect(step.uses).toMatch(/@v\d+\.\d+\.\d+$/);
      for (const input of Object.keys(step.with ?? {})) {
        expect(Object.keys(action.inputs), input).toContain(input);
      }
    }
  });

  it('reads only outputs the action has', () => {
    const actionStepIds = new Set(actionSteps.map((step) => step.id).filter(Boolean));
    for (const [, id, output] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (actionStepIds.has(id)) expect(Object.keys(action.outputs), output).toContain(output);
    }
  });

  it('gives pull-requests: write only to the jobs that comment', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of jobs) {
      const comments = job.steps.some((step) => usesAction(step) && step.with?.comment === true);
      expect(job.permissions?.['pull-requests'] === 'write', name).toBe(comments);
    }
  });

  it('triggers on the same paths for pull requests and pushes, data folders included', () => {
    expect(workflow.on.push.paths).toEqual(workflow.on.pull_request.paths);
    expect(workflow.on.pull_request.paths).toContain('manifests/**');
    expect(workflow.on.pull_request.paths).toContain('data/**');
  });

  it('restores the snapshot cache before every job that plans or applies', () => {
    for (const [name, job] of jobs) {
      const firstRead = job.steps.findIndex(
        (step) => usesAction(step) && step.with?.command !== 'validate',
      );
      if (firstRead < 0) continue;
      const cache = job.steps.findIndex(
        (step) => step.uses?.startsWith('actions/cache@') && step.with?.path === '.kili-sync/cache',
      );
      expect(cache, name).toBeGreaterThanOrEqual(0);
      expect(cache, name).toBeLessThan(firstRead);
      // A new key each run saves the newest cache; the prefix restores the latest older one.
      expect(String(job.steps[cache]?.with?.key), name).toContain(`\${{ github.run_id }}`);
    }
  });

  it('applies a reviewed plan only against the merged manifests, and only from its own runs', () => {
    const reviewedApplies = actionSteps.filter(
      (step) => step.with?.command === 'apply' && step.with?.['plan-file'] !== undefined,
    );
    expect(reviewedApplies.length).toBeGreaterThan(0);
    for (const step of reviewedApplies) expect(step.with?.paths).toBe('manifests');
    // Runs of a fork's pull request can upload any artifact: they are never taken.
    expect(text).toContain('.head.repo.full_name == env.GITHUB_REPOSITORY');
    expect(text).toContain('.head_repository.full_name == env.GITHUB_REPOSITORY');
    expect(text).not.toContain('gh run list');
  });

  it('passes the API key from a secret, never in args', () => {
    for (const step of actionSteps) {
      if (step.with?.command === 'validate') continue;
      expect(step.with?.['api-key']).toBe(`\${{ secrets.KILI_API_KEY }}`);
      expect(String(step.with?.args ?? '')).not.toContain('api-key');
    }
  });
});

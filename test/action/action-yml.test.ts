import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** action.yml, checked against the script it runs: every input reaches it, nothing is spliced. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface ActionFile {
  name: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as ActionFile;
const runStep = action.runs.steps.find((step) => step.id === 'run')!;
/** Inputs the steps use themselves rather than hand to the script. */
const STEP_INPUTS = ['working-directory', 'node-version', 'github-token'];

describe('action.yml', () => {
  it('is a composite action that runs the built action script, then uploads the HTML report', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.at(-2)).toBe(runStep);
    const upload = action.runs.steps.at(-1)!;
    expect(upload.uses).toBe('actions/upload-artifact@v4');
    expect(upload.with?.path).toBe(`\${{ steps.run.outputs.report-path }}`);
    expect(upload.with?.name).toBe(`\${{ steps.run.outputs.report-name }}`);
    expect(runStep.run).toBe('node "$GITHUB_ACTION_PATH/dist/action/main.js"');
    expect(existsSync(join(repoRoot, 'scripts/action/cache-key.mjs'))).toBe(true);
  });

  it('hands every input to the script as an INPUT_ variable', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).not.toBe('');
      if (STEP_INPUTS.includes(name)) continue;
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      expect(runStep.env?.[variable], name).toBe(`\${{ inputs.${name} }}`);
    }
    expect(runStep.env?.GITHUB_TOKEN).toBe(`\${{ inputs.github-token }}`);
  });

  it('splices no expression into a shell line', () => {
    for (const step of action.runs.steps.filter((candidate) => candidate.run)) {
      expect(step.run, step.name).not.toContain('${{');
    }
  });

  it("declares the step's outputs, read from the script's step", () => {
    expect(Object.keys(action.outputs).sort()).toEqual([
      'exit-code',
      'has-changes',
      'plan-path',
      'report-path',
      'skipped',
    ]);
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.run.outputs.${name} }}`);
    }
  });
});

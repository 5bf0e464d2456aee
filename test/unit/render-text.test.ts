import { describe, expect, it } from 'vitest';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { renderPlanMarkdown } from '../../src/render/render-markdown.js';
import { LEGEND_LINE, renderPlanText } from '../../src/render/render-text.js';
import { needsOf } from '../helpers/plan-needs.js';
import { buildSamplePlan, desired, planInput, remote } from './plan-builders.js';

describe('renderPlanText', () => {
  it('matches the reviewed file test/fixtures/golden/plan.txt (vitest -u rewrites it)', async () => {
    await expect(
      renderPlanText(buildSamplePlan(), { needs: needsOf(buildSamplePlan()), color: false }),
    ).toMatchFileSnapshot('../fixtures/golden/plan.txt');
  });

  it('matches the reviewed coloured file test/fixtures/golden/plan.color.txt', async () => {
    await expect(
      renderPlanText(buildSamplePlan(), { needs: needsOf(buildSamplePlan()), color: true }),
    ).toMatchFileSnapshot('../fixtures/golden/plan.color.txt');
  });

  it('ends with the Terraform-style summary line', () => {
    const lines = renderPlanText(buildSamplePlan(), {
      needs: needsOf(buildSamplePlan()),
      color: false,
    })
      .trimEnd()
      .split('\n');
    expect(lines.at(-1)).toBe('Plan: 1 to add, 5 to change, 1 to rename, 3 to delete.');
    expect(lines).toContain(
      '      ! blocked: deleting would lose 3 labels — rerun apply with --allow-label-loss to allow',
    );
  });

  it('marks each changed field, metadata key by key, and diffs multi-line text by line', () => {
    const text = renderPlanText(buildSamplePlan(), {
      needs: needsOf(buildSamplePlan()),
      color: false,
    });
    expect(text).toContain('      ~ priority: 0 -> 3\n');
    expect(text).toContain('      ~ jsonMetadata.split: "train" -> "test"\n');
    // `nested.a` is 1.0 remotely and 1 in the manifest: equal, so not listed.
    expect(text).not.toContain('nested');
    expect(text).toContain(
      '      ~ content:\n            Great product.\n            Would buy again.\n          - Four stars.\n          + Five stars.\n',
    );
    expect(text).toContain('          -     "f0"\n          +     "f0",\n          +     "f1"\n');
  });

  it('starts a plan with changes with a legend of its symbols', () => {
    const lines = renderPlanText(buildSamplePlan(), {
      needs: needsOf(buildSamplePlan()),
      color: false,
    }).split('\n');
    expect(lines[0]).toBe(LEGEND_LINE);
  });

  it('names flags the way apply was given them', () => {
    const plan = buildSamplePlan();
    const refused = renderPlanText(plan, {
      needs: needsOf(plan),
      color: false,
      given: { allowDelete: true, allowMassDelete: false, allowLabelLoss: false },
    });
    expect(refused).toContain('Apply needs --allow-label-loss: 2 changes would lose labels.');
    expect(refused).toContain('Allowed by --allow-delete:');
    const allowed = renderPlanText(plan, {
      needs: needsOf(plan),
      color: false,
      given: { allowDelete: false, allowMassDelete: false, allowLabelLoss: true },
    });
    expect(allowed).not.toContain('Apply needs --allow-label-loss');
    expect(allowed).toContain('! deleting would lose 3 labels — allowed by --allow-label-loss');
    expect(allowed).toContain('Allowed by --allow-label-loss: 2 changes would lose labels.');
  });

  it('cuts long values only to fit the width it is given (a terminal)', () => {
    const captionLine = (text: string) =>
      text.split('\n').find((l) => l.includes('jsonMetadata: {"caption"')) ?? '';
    const whole = captionLine(
      renderPlanText(buildSamplePlan(), { needs: needsOf(buildSamplePlan()), color: false }),
    );
    expect(whole.length).toBeGreaterThan(80);
    expect(whole.endsWith('}')).toBe(true);
    const cut = captionLine(
      renderPlanText(buildSamplePlan(), {
        needs: needsOf(buildSamplePlan()),
        color: false,
        width: 80,
      }),
    );
    expect(cut).toHaveLength(80);
    expect(cut.endsWith('…')).toBe(true);
    expect(whole.startsWith(cut.slice(0, -1))).toBe(true);
  });

  it('says so when there is nothing to change', () => {
    const plan = diffToPlan(
      planInput({
        projects: [
          { assets: [desired('a', { priority: 1 })], remote: [remote('a', { priority: 1 })] },
        ],
      }),
    );
    const text = renderPlanText(plan, { needs: needsOf(plan), color: false });
    expect(text.trimEnd().split('\n').at(-1)).toBe('No changes. The projects match the manifests.');
    expect(text).not.toContain('Plan:');
  });

  it('uses colors only when asked', () => {
    const plan = buildSamplePlan();
    expect(renderPlanText(plan, { needs: needsOf(plan), color: false })).not.toContain('\u001b[');
    const colored = renderPlanText(plan, { needs: needsOf(plan), color: true });
    expect(colored).toContain('\u001b[');
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(
      renderPlanText(plan, { needs: needsOf(plan), color: false }),
    );
  });

  it('prints control characters and bidi overrides escaped, in text and Markdown', () => {
    const hostile = 'cat\u001b[2K\rfine\u0000\u009b31m\u202egnp.exe';
    const plan = diffToPlan(
      planInput({
        projects: [
          {
            prune: true,
            assets: [
              desired(hostile, { content: 'https://x/a.jpg' }),
              desired('b', { jsonContent: 'line 1\nline \u001b[31mred' }),
            ],
            remote: [
              remote(`old\u001b]0;title\u0007`, {}),
              remote('b', { jsonContent: 'line 1\nline 2' }),
            ],
          },
        ],
      }),
    );
    for (const output of [
      renderPlanText(plan, { needs: needsOf(plan), color: false }),
      renderPlanMarkdown(plan, { needs: needsOf(plan) }),
    ]) {
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(output).toContain('cat\\x1b[2K\\rfine\\x00\\x9b31m\\u202egnp.exe');
      expect(output).toContain('old\\x1b]0;title\\x07');
    }
    expect(renderPlanText(plan, { needs: needsOf(plan), color: false })).toContain(
      '+ line \\x1b[31mred',
    );
  });
});

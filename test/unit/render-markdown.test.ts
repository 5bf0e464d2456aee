import { describe, expect, it } from 'vitest';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { renderPlanMarkdown } from '../../src/render/render-markdown.js';
import { needsOf } from '../helpers/plan-needs.js';
import { buildSamplePlan, desired, planInput, remote } from './plan-builders.js';

function buildLargePlan(count: number) {
  const assets = [];
  const current = [];
  for (let i = 0; i < count; i += 1) {
    const id = `asset-${String(i).padStart(5, '0')}`;
    if (i % 4 === 0) current.push(remote(id, { labelCount: i % 8 === 0 ? 1 : 0 }));
    else
      assets.push(desired(id, { content: `https://cdn.example.com/${id}.jpg`, priority: i % 3 }));
  }
  return diffToPlan(planInput({ projects: [{ prune: true, assets, remote: current }] }));
}

describe('renderPlanMarkdown', () => {
  it('matches the reviewed file test/fixtures/golden/plan.md (vitest -u rewrites it)', async () => {
    await expect(
      renderPlanMarkdown(buildSamplePlan(), { needs: needsOf(buildSamplePlan()) }),
    ).toMatchFileSnapshot('../fixtures/golden/plan.md');
  });

  it('puts the summary table first, then blocked changes, then deletes, then the rest folded', () => {
    const markdown = renderPlanMarkdown(buildSamplePlan(), { needs: needsOf(buildSamplePlan()) });
    const order = [
      '| Project |',
      '### Blocked changes',
      '### Deletes',
      '### Other changes',
      '<details>',
    ];
    const positions = order.map((marker) => markdown.indexOf(marker));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(markdown).toContain('Docs \\| archive');
    expect(markdown).toContain('```diff\n');
  });

  it('stays under 65,000 characters for 20,000 changes and says how many are not shown', () => {
    const plan = buildLargePlan(20_000);
    const total = plan.projects[0]!.changes.length;
    expect(total).toBe(20_000);
    const markdown = renderPlanMarkdown(plan, { needs: needsOf(plan) });
    expect(markdown.length).toBeLessThanOrEqual(65_000);
    const match = /… and (\d+) more changes not shown/.exec(markdown);
    expect(match).not.toBeNull();
    const shown = (markdown.match(/^- `[-+~>]+` /gm) ?? []).length;
    expect(Number(match![1])).toBe(total - shown);
    expect(markdown.split('<details>').length).toBe(markdown.split('</details>').length);
  });

  it('honours a smaller maxLength and still shows the destructive changes first', () => {
    const markdown = renderPlanMarkdown(buildLargePlan(400), {
      needs: needsOf(buildLargePlan(400)),
      maxLength: 3_000,
    });
    expect(markdown.length).toBeLessThanOrEqual(3_000);
    expect(markdown).toContain('### Blocked changes');
    expect(markdown).not.toContain('### Other changes');
    expect(markdown).toMatch(/… and \d+ more changes not shown/);
  });

  it('shows the no-changes line without sections', () => {
    const plan = diffToPlan(
      planInput({ projects: [{ assets: [desired('a')], remote: [remote('a')] }] }),
    );
    const markdown = renderPlanMarkdown(plan, { needs: needsOf(plan) });
    expect(markdown).toContain('**No changes. The projects match the manifests.**');
    expect(markdown).not.toContain('###');
    expect(markdown).not.toContain('more changes');
  });
});

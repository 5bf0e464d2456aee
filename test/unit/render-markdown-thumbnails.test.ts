import { describe, expect, it } from 'vitest';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { renderPlanMarkdown } from '../../src/render/render-markdown.js';
import { needsOf } from '../helpers/plan-needs.js';
import { desired, planInput, remote } from './plan-builders.js';

function imgSources(markdown: string): string[] {
  return [...markdown.matchAll(/<img src="([^"]+)" width="96"/g)].map((match) => match[1]!);
}

describe('thumbnails in the Markdown plan', () => {
  const plan = diffToPlan(
    planInput({
      projects: [
        {
          prune: true,
          assets: [
            desired('labeled', { content: 'https://cdn.example.com/labeled-v2.jpg' }),
            desired('signed', { content: 'https://bucket.example.com/s.jpg?X-Amz-Signature=abc' }),
            ...Array.from({ length: 20 }, (_, i) =>
              desired(`new-${String(i).padStart(2, '0')}`, {
                content: `https://cdn.example.com/new-${i}.jpg`,
              }),
            ),
          ],
          remote: [
            remote('labeled', { content: 'https://cdn.example.com/labeled.jpg', labelCount: 2 }),
          ],
        },
      ],
    }),
  );

  it('shows blocked content changes first, before and after, then adds up to the limit', () => {
    const sources = imgSources(renderPlanMarkdown(plan, { needs: needsOf(plan) }));
    expect(sources.slice(0, 2)).toEqual([
      'https://cdn.example.com/labeled.jpg',
      'https://cdn.example.com/labeled-v2.jpg',
    ]);
    expect(sources).toHaveLength(12);
    expect(imgSources(renderPlanMarkdown(plan, { needs: needsOf(plan), thumbnails: 0 }))).toEqual(
      [],
    );
  });

  it('never shows an image whose URL carries a credential', () => {
    const markdown = renderPlanMarkdown(plan, { needs: needsOf(plan), thumbnails: 100 });
    expect(imgSources(markdown)).toHaveLength(22);
    expect(markdown).not.toContain('<img src="https://bucket.example.com');
  });

  it('stays within the comment budget', () => {
    const markdown = renderPlanMarkdown(plan, {
      needs: needsOf(plan),
      thumbnails: 100,
      maxLength: 3_000,
    });
    expect(markdown.length).toBeLessThanOrEqual(3_000);
    expect(markdown).toContain('not shown');
  });
});

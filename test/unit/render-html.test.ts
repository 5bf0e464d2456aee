import { describe, expect, it } from 'vitest';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import { renderPlanHtml } from '../../src/render/render-html.js';
import { needsOf } from '../helpers/plan-needs.js';
import { desired, planInput, remote } from './plan-builders.js';

/** The data the page's script reads: the summary and the rows of every plain-JSON chunk. */
function embeddedJson(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/json"[^>]*>([^<]*)<\/script>/g)].map(
    (match) => JSON.parse(match[1]!),
  );
}

describe('renderPlanHtml', () => {
  const hostile = '</script><script>alert(1)</script>\u001b[2K\u202e';
  const plan = diffToPlan(
    planInput({
      projects: [
        {
          prune: true,
          assets: [
            desired(hostile, { content: 'https://cdn.example.com/a.jpg' }),
            desired('signed', {
              content: 'https://bucket.example.com/b.jpg?X-Amz-Signature=s3cr3t&x=1',
            }),
          ],
          remote: [remote('gone', { labelCount: 1 })],
        },
      ],
    }),
  );
  const html = renderPlanHtml(plan, { needs: needsOf(plan) });

  it('embeds plan text as data that cannot close its script element', () => {
    expect(html.match(/<script/g)).toHaveLength(3); // summary, one chunk of rows, the app
    expect(html).not.toContain('<script>alert(1)');
    const [, rows] = embeddedJson(html) as [unknown, { id: string }[]];
    const ids = rows.map((row) => row.id);
    expect(ids).toContain('</script><script>alert(1)</script>\\x1b[2K\\u202e');
  });

  it('keeps no credential of a signed URL, and links only public ones', () => {
    expect(html).not.toContain('s3cr3t');
    expect(html).toContain('"u":"https://cdn.example.com/a.jpg"');
    expect(html).not.toContain('"u":"https://bucket.example.com');
  });

  it('shows the destructive change first and the flags apply will need', () => {
    const [meta, rows] = embeddedJson(html) as [
      { projects: { flags: string[] }[]; groups: string },
      { id: string }[],
    ];
    expect(rows[0]!.id).toBe('gone');
    expect(meta.groups).toBe('044');
    expect(meta.projects[0]!.flags).toEqual([
      '--allow-label-loss',
      '--allow-delete',
      '--allow-mass-delete',
    ]);
  });

  it('loads nothing remote when asked not to: the policy allows data: images only', () => {
    const offline = renderPlanHtml(plan, { needs: needsOf(plan), remoteImages: 'none' });
    expect(offline).toContain('img-src data:;');
    expect(offline).not.toContain('"k":"url"');
  });
});

describe('renderPlanHtml: videos', () => {
  it('shows a video by its name, and frames by their count and first frame', () => {
    const frames = ['https://cdn.example.com/f/0.jpg', 'https://cdn.example.com/f/1.jpg'];
    const plan = diffToPlan(
      planInput({
        projects: [
          {
            inputType: 'VIDEO',
            assets: [
              desired('clip', { content: 'https://cdn.example.com/v/clip.mp4' }),
              desired('shots', { frames: { urls: frames } }),
            ],
            remote: [],
          },
        ],
      }),
    );
    const html = renderPlanHtml(plan, { needs: needsOf(plan) });
    const [, rows] = embeddedJson(html) as [unknown, { id: string; v: unknown }[]];
    const byId = Object.fromEntries(rows.map((row) => [row.id, JSON.stringify(row)]));
    expect(byId.clip).toContain('{"k":"video","n":"clip.mp4"}');
    expect(byId.shots).toContain('"k":"video","n":"shots","c":2');
    expect(byId.shots).toContain('"first":{"k":"url","u":"https://cdn.example.com/f/0.jpg"}');
    // The script draws them: a play icon or the first frame, and the frame count.
    expect(html).toContain("case 'video'");
  });
});

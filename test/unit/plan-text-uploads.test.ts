import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import type { HostedFileFacts } from '../../src/plan/hosted-file-facts.js';
import type { Change } from '../../src/plan/types.js';
import { desired, type ProjectSpec, planInput, remote } from './plan-builders.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const SIGNED =
  'https://kili.example/api/label/v2/files?signature=s3cr3t&id=projects/p/assets/a/content';

function planText(
  spec: Omit<ProjectSpec, 'inputType'>,
  hosted: Record<string, HostedFileFacts> = {},
) {
  const input = planInput({ projects: [{ inputType: 'TEXT', ...spec }] });
  return diffToPlan({ ...input, hostedFiles: new Map(Object.entries(hosted)) }).projects[0]!;
}

function only(changes: Change[]): Change {
  expect(changes).toHaveLength(1);
  return changes[0]!;
}

describe('inline text in TEXT projects', () => {
  it('adds raw and rich text as uploads, recording each sha256 under kiliSync', () => {
    const plan = planText({
      assets: [
        desired('t', { content: 'hello', jsonContent: { a: [1, 2.5] } }),
        desired('u', { content: 'https://example.com/t.txt' }),
      ],
      remote: [],
    });
    const [t, u] = plan.changes;
    expect(t).toMatchObject({
      uploads: {
        content: { sha256: sha256('hello') },
        jsonContent: { sha256: sha256('{"a":[1,2.5]}') },
      },
      metadataToWrite: {
        kiliSync: { sha256: sha256('hello'), jsonContentSha256: sha256('{"a":[1,2.5]}') },
      },
      fields: { content: { before: null, after: 'hello' } },
    });
    // A URL is a hosted file: sent as it is, nothing recorded.
    expect(u).not.toHaveProperty('uploads');
    expect(u).toMatchObject({ metadataToWrite: {} });
  });

  it('compares uploaded text by its recorded sha256, content and jsonContent independently', () => {
    const record = JSON.stringify({
      kiliSync: { sha256: sha256('same'), jsonContentSha256: sha256('{"v":1}') },
    });
    const held = remote('t', { content: SIGNED, jsonContent: SIGNED, jsonMetadata: record });
    expect(
      planText({
        assets: [desired('t', { content: 'same', jsonContent: { v: 1 } })],
        remote: [held],
      }).changes,
    ).toEqual([]);

    const change = only(
      planText({
        assets: [desired('t', { content: 'same', jsonContent: { v: 2 } })],
        remote: [held],
      }).changes,
    );
    expect(change).toMatchObject({
      action: 'update',
      fields: { jsonContent: { after: { v: 2 } } },
      uploads: { jsonContent: { sha256: sha256('{"v":2}') } },
      metadataToWrite: {
        kiliSync: { sha256: sha256('same'), jsonContentSha256: sha256('{"v":2}') },
      },
    });
    expect(Object.keys(change.action === 'update' ? change.fields : {})).toEqual(['jsonContent']);
    // The plan shows what the asset holds, never its signed URL.
    expect(JSON.stringify(change)).not.toContain('s3cr3t');
  });

  it('adopts an SDK-uploaded text by what its hosted URL served, and plans an update otherwise', () => {
    const sdkMade = remote('t', { content: SIGNED, jsonMetadata: '{}' });
    const spec = { assets: [desired('t', { content: 'from the sdk' })], remote: [sdkMade] };
    const served = { [SIGNED]: { sha256: sha256('from the sdk'), text: 'from the sdk' } };
    expect(planText(spec, served).changes).toEqual([]);
    // Not fetched, or unreadable: the declared text counts as different.
    const unreadable: Record<string, HostedFileFacts> = { [SIGNED]: { unreadable: 'HTTP 403' } };
    for (const hosted of [{}, unreadable]) {
      expect(only(planText(spec, hosted).changes)).toMatchObject({
        uploads: { content: { sha256: sha256('from the sdk') } },
      });
    }
    const edited = { assets: [desired('t', { content: 'edited' })], remote: [sdkMade] };
    expect(only(planText(edited, served).changes)).toMatchObject({
      fields: { content: { after: 'edited' } },
    });
  });

  it('compares an SDK-uploaded rich text as JSON, whatever its spacing', () => {
    const sdkMade = remote('r', { content: '', jsonContent: SIGNED });
    const served = {
      [SIGNED]: { sha256: sha256('{"a": 1, "b": [true]}'), text: '{"a": 1, "b": [true]}' },
    };
    const spec = (value: Record<string, unknown>) => ({
      assets: [desired('r', { jsonContent: value })],
      remote: [sdkMade],
    });
    expect(planText(spec({ b: [true], a: 1 }), served).changes).toEqual([]);
    expect(planText(spec({ a: 2, b: [true] }), served).changes).toHaveLength(1);
  });

  it('keeps text stored inline (no record) as it is while it matches', () => {
    const inline = remote('t', { content: 'stored inline' });
    expect(
      planText({ assets: [desired('t', { content: 'stored inline' })], remote: [inline] }).changes,
    ).toEqual([]);
  });

  it('forgets the record when content stops being an upload', () => {
    const record = JSON.stringify({ kiliSync: { sha256: sha256('old'), other: 1 } });
    const held = remote('t', { content: SIGNED, jsonMetadata: record });
    const change = only(
      planText({
        assets: [desired('t', { content: 'https://example.com/new.txt' })],
        remote: [held],
      }).changes,
    );
    expect(change).not.toHaveProperty('uploads');
    expect(change).toMatchObject({ metadataToWrite: { kiliSync: { other: 1 } } });
  });

  it('sends content inline outside TEXT projects, as before', () => {
    const input = planInput({
      projects: [
        {
          inputType: 'LLM_STATIC',
          assets: [desired('l', { content: 'prompt', jsonContent: { x: 1 } })],
          remote: [],
        },
      ],
    });
    const change = only(diffToPlan(input).projects[0]!.changes);
    expect(change).not.toHaveProperty('uploads');
    expect(change).toMatchObject({ metadataToWrite: {} });
  });
});

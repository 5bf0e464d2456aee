import { describe, expect, it } from 'vitest';
import { KiliSyncError } from '../../src/errors.js';
import { diffToPlan } from '../../src/plan/diff-to-plan.js';
import {
  desired,
  findChange,
  localFile,
  planInput,
  remote,
  SHA_A,
  SHA_B,
} from './plan-builders.js';

function planOne(
  asset: ReturnType<typeof desired>,
  current: ReturnType<typeof remote>[],
  extra: Parameters<typeof planInput>[0] extends infer S ? Partial<S> : never = {},
) {
  return diffToPlan(planInput({ ...extra, projects: [{ assets: [asset], remote: current }] }));
}

describe('diffToPlan: field ownership and normalisation', () => {
  it('never resets a field the manifest leaves out', () => {
    const plan = planOne(desired('a', { priority: 2 }), [
      remote('a', {
        priority: 2,
        jsonMetadata: '{"kept":true}',
        content: 'https://elsewhere/a.png',
        toBeLabeledBy: ['x@y.io'],
        isHoneypot: true,
      }),
    ]);
    expect(plan.projects[0]!.changes).toEqual([]);
    expect(plan.projects[0]!.summary.unchanged).toBe(1);
  });

  it('compares only the owned fields and lists only those that changed', () => {
    const plan = planOne(desired('a', { priority: 5, isHoneypot: false, honeypotMark: 0.5 }), [
      remote('a', { priority: 1, isHoneypot: false, honeypotMark: null, consensusMark: 0.2 }),
    ]);
    expect(findChange(plan, 'a', 'update').fields).toEqual({
      priority: { before: 1, after: 5 },
      honeypotMark: { before: null, after: 0.5 },
    });
  });

  it.each([
    ['key order', { a: 1, b: { c: [1, 2], d: 'x' } }, '{"b":{"d":"x","c":[1,2]},"a":1}'],
    ['1 vs 1.0', { score: 1, list: [2] }, '{"score":1.0,"list":[2.0]}'],
    ['remote "" is {}', {}, ''],
    ['invalid remote JSON is {}', {}, '{not json'],
    ['kiliSync is ignored', { split: 'train' }, '{"split":"train","kiliSync":{"sha256":"x"}}'],
  ])('jsonMetadata: %s is not a change', (_name, metadata, raw) => {
    const plan = planOne(desired('a', { jsonMetadata: metadata }), [
      remote('a', { jsonMetadata: raw }),
    ]);
    expect(plan.projects[0]!.changes).toEqual([]);
  });

  it('keeps kiliSync in the metadata it writes and hides it from the field diff', () => {
    const plan = planOne(desired('a', { jsonMetadata: { split: 'test' } }), [
      remote('a', { jsonMetadata: '{"split":"train","kiliSync":{"sha256":"abc","by":"x"}}' }),
    ]);
    const change = findChange(plan, 'a', 'update');
    expect(change.fields.jsonMetadata).toEqual({
      before: { split: 'train' },
      after: { split: 'test' },
    });
    expect(change.metadataToWrite).toEqual({
      split: 'test',
      kiliSync: { sha256: 'abc', by: 'x' },
    });
  });

  it.each([
    ['same string', 'hello', 'hello', false],
    ['JSON string, other spelling', '{"a":1,"b":2}', '{"b":2.0,"a":1}', false],
    ['different string', 'hello', 'bye', true],
    ['object vs parsed remote', { a: [1, 2] }, '{"a":[1,2]}', false],
    ['object vs non-JSON remote', { a: 1 }, 'https://x/y.json', true],
    ['string vs parsed object', '{"a":1}', '{"a":2}', true],
  ])('jsonContent: %s', (_name, wanted, raw, changed) => {
    const plan = planOne(desired('a', { jsonContent: wanted }), [
      remote('a', { jsonContent: raw }),
    ]);
    expect(plan.projects[0]!.changes.length).toBe(changed ? 1 : 0);
  });

  it('compares toBeLabeledBy as a set and writes it sorted', () => {
    const same = planOne(desired('a', { toBeLabeledBy: ['b@x.io', 'a@x.io', 'a@x.io'] }), [
      remote('a', { toBeLabeledBy: ['a@x.io', 'b@x.io'] }),
    ]);
    expect(same.projects[0]!.changes).toEqual([]);
    const changed = planOne(desired('a', { toBeLabeledBy: ['c@x.io', 'a@x.io'] }), [
      remote('a', { toBeLabeledBy: ['b@x.io', 'a@x.io'] }),
    ]);
    expect(findChange(changed, 'a', 'update').fields.toBeLabeledBy).toEqual({
      before: ['a@x.io', 'b@x.io'],
      after: ['a@x.io', 'c@x.io'],
    });
  });

  it('adds carry every desired field with before null and always the metadata to write', () => {
    const plan = planOne(
      desired('new', {
        content: 'https://cdn/new.jpg',
        jsonMetadata: { split: 'train' },
        priority: 0,
        toBeLabeledBy: ['z@x.io', 'a@x.io'],
      }),
      [],
    );
    const add = findChange(plan, 'new', 'add');
    expect(add.fields).toEqual({
      content: { before: null, after: 'https://cdn/new.jpg' },
      jsonMetadata: { before: null, after: { split: 'train' } },
      priority: { before: null, after: 0 },
      toBeLabeledBy: { before: null, after: ['a@x.io', 'z@x.io'] },
    });
    expect(add.metadataToWrite).toEqual({ split: 'train' });
    const bare = planOne(desired('bare'), []);
    expect(findChange(bare, 'bare', 'add').metadataToWrite).toEqual({});
  });
});

describe('diffToPlan: local files', () => {
  const image = localFile('images/a.jpg');
  const files = { [image.absolutePath]: { sha256: SHA_B, mimeType: 'image/jpeg' } };

  it('a file whose sha256 matches kiliSync.sha256 is unchanged', () => {
    const plan = planOne(
      desired('a', { file: image }),
      [remote('a', { jsonMetadata: JSON.stringify({ kiliSync: { sha256: SHA_B } }) })],
      { localFiles: files },
    );
    expect(plan.projects[0]!.changes).toEqual([]);
  });

  it('a changed file is a content update that uploads it and records its sha256', () => {
    const plan = planOne(
      desired('a', { file: image }),
      [remote('a', { jsonMetadata: JSON.stringify({ team: 'x', kiliSync: { sha256: SHA_A } }) })],
      { localFiles: files },
    );
    const change = findChange(plan, 'a', 'update');
    expect(change.fields).toEqual({
      content: { before: 'https://cdn.example.com/a.jpg', after: 'file:manifests/images/a.jpg' },
    });
    expect(change.file).toEqual({
      path: 'manifests/images/a.jpg',
      sha256: SHA_B,
      mimeType: 'image/jpeg',
    });
    // The manifest does not own jsonMetadata: the remote user keys are written back unchanged.
    expect(change.metadataToWrite).toEqual({ team: 'x', kiliSync: { sha256: SHA_B } });
  });

  it('content that replaces an upload forgets its sha256, so the file can come back later', () => {
    const uploaded = JSON.stringify({ team: 'x', kiliSync: { sha256: SHA_B } });
    const toUrl = planOne(desired('a', { content: 'https://cdn.example.com/new.jpg' }), [
      remote('a', { jsonMetadata: uploaded }),
    ]);
    expect(findChange(toUrl, 'a', 'update').metadataToWrite).toEqual({ team: 'x' });

    const backToFile = planOne(
      desired('a', { file: image }),
      [remote('a', { content: 'https://cdn.example.com/new.jpg', jsonMetadata: '{"team":"x"}' })],
      { localFiles: files },
    );
    expect(findChange(backToFile, 'a', 'update').file?.sha256).toBe(SHA_B);
  });

  it('a new asset with a file records the sha256 in the metadata it writes', () => {
    const plan = planOne(desired('a', { file: image, jsonMetadata: { k: 1 } }), [], {
      localFiles: files,
    });
    const add = findChange(plan, 'a', 'add');
    expect(add.fields.content).toEqual({ before: null, after: 'file:manifests/images/a.jpg' });
    expect(add.metadataToWrite).toEqual({ k: 1, kiliSync: { sha256: SHA_B } });
  });

  it('rejects content that is not a URL in a media project, but takes inline text in a TEXT one', () => {
    const assets = [
      desired('path', { content: './images/a.png' }),
      desired('url', { content: 'https://cdn.example.com/a.png' }),
    ];
    const image = planInput({ projects: [{ inputType: 'IMAGE', assets, remote: [] }] });
    expect(() => diffToPlan(image)).toThrow(KiliSyncError);
    try {
      diffToPlan(image);
    } catch (caught) {
      const failure = caught as KiliSyncError;
      expect(failure.diagnostics.map((d) => d.message.split(':')[0])).toEqual(['path']);
      expect(failure.diagnostics[0]!.message).toContain('an IMAGE project takes only URLs');
      expect(failure.diagnostics[0]!.hint).toContain('file:');
    }
    const text = planInput({
      projects: [
        { inputType: 'TEXT', assets: [desired('t', { content: 'Some words.' })], remote: [] },
      ],
    });
    expect(diffToPlan(text).projects[0]!.summary.add).toBe(1);
  });

  it('rejects every file whose type the project does not accept, with its location', () => {
    const pdf = localFile('docs/a.pdf');
    const gif = localFile('images/b.gif');
    const input = planInput({
      localFiles: {
        [pdf.absolutePath]: { sha256: SHA_A, mimeType: 'application/pdf' },
        [gif.absolutePath]: { sha256: SHA_B, mimeType: 'image/gif' },
      },
      projects: [
        {
          inputType: 'IMAGE',
          assets: [desired('ok', { file: gif }), desired('bad-1', { file: pdf })],
          remote: [],
        },
        {
          projectId: 'clq1proj',
          inputType: 'URL',
          assets: [desired('bad-2', { file: gif })],
          remote: [],
        },
      ],
    });
    const error = (() => {
      try {
        diffToPlan(input);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(KiliSyncError);
    const failure = error as KiliSyncError;
    expect(failure.code).toBe('MANIFEST_INVALID');
    expect(failure.hint).toBeTruthy();
    expect(failure.diagnostics.map((d) => [d.message.split(':')[0], d.where?.file])).toEqual([
      ['bad-1', 'manifests/assets.yaml'],
      ['bad-2', 'manifests/assets.yaml'],
    ]);
    expect(failure.diagnostics[0]!.where).toEqual(input.desired.projects[0]!.assets[1]!.source);
    expect(failure.diagnostics[0]!.message).toContain(
      'has type application/pdf, which an IMAGE project does not accept',
    );
    expect(failure.diagnostics[1]!.message).toContain('which a URL project does not accept');
    expect(failure.diagnostics[1]!.hint).toContain('accept no local files');
  });

  it('sends inline text content as is', () => {
    const plan = diffToPlan(
      planInput({
        projects: [
          { inputType: 'TEXT', assets: [desired('t', { content: 'Hello\nworld' })], remote: [] },
        ],
      }),
    );
    expect(findChange(plan, 't', 'add').fields.content?.after).toBe('Hello\nworld');
  });
});

import { describe, expect, it } from 'vitest';
import { compileProjectPlan } from '../../src/apply/compile.js';
import type { CompiledPhase, CompiledProject, PhaseName } from '../../src/apply/mutation-types.js';
import { hashText, serializeJsonContent } from '../../src/plan/inline-uploads.js';
import type {
  AddChange,
  Change,
  DeleteChange,
  ProjectPlan,
  RenameChange,
  UpdateChange,
} from '../../src/plan/types.js';

const PROJECT = 'clproject000000000000000';

function projectPlan(changes: Change[]): ProjectPlan {
  return {
    projectId: PROJECT,
    prune: true,
    remote: { count: 10 },
    summary: { add: 0, update: 0, rename: 0, delete: 0, unchanged: 0, blocked: 0 },
    changes,
    warnings: [],
  };
}

function add(externalId: string, extra: Partial<AddChange> = {}): AddChange {
  return { action: 'add', externalId, fields: {}, metadataToWrite: {}, ...extra };
}

function update(externalId: string, extra: Partial<UpdateChange> = {}): UpdateChange {
  return {
    action: 'update',
    externalId,
    assetId: `id-${externalId}`,
    updatedAt: '2024-01-01T00:00:00.000Z',
    fields: {},
    labels: 0,
    ...extra,
  };
}

function remove(externalId: string): DeleteChange {
  return {
    action: 'delete',
    externalId,
    assetId: `id-${externalId}`,
    updatedAt: '2024-01-01T00:00:00.000Z',
    labels: 0,
    reason: 'prune',
  };
}

function phase<N extends PhaseName>(
  compiled: CompiledProject,
  name: N,
): Extract<CompiledPhase, { name: N }> {
  const found = compiled.phases.find((entry) => entry.name === name);
  if (!found) throw new Error(`no ${name} phase`);
  return found as Extract<CompiledPhase, { name: N }>;
}

const noContext = { newAssetIds: new Map<string, string>(), uploadedContent: new Map() };

describe('compileProjectPlan', () => {
  it('orders the phases renames, updates, appends, post-append updates, deletes', () => {
    const rename: RenameChange = {
      action: 'rename',
      externalId: 'b-new',
      from: 'b-old',
      assetId: 'id-b',
      updatedAt: '2024-01-01T00:00:00.000Z',
      fields: { externalId: { before: 'b-old', after: 'b-new' } },
      labels: 2,
    };
    const compiled = compileProjectPlan(
      projectPlan([
        add('a', { fields: { priority: { before: null, after: 5 } } }),
        rename,
        update('c', { fields: { priority: { before: 1, after: 2 } } }),
        remove('d'),
      ]),
      { newAssetIds: new Map([['a', 'new-a']]), uploadedContent: new Map() },
    );
    expect(compiled.projectId).toBe(PROJECT);
    expect(compiled.phases.map((entry) => entry.name)).toEqual([
      'rename',
      'update',
      'append',
      'post-append',
      'delete',
    ]);
    expect(phase(compiled, 'rename').batches[0]?.variables).toEqual({
      whereArray: [{ id: 'id-b' }],
      dataArray: [{ externalId: 'b-new' }],
    });
    expect(phase(compiled, 'delete').batches[0]?.variables).toEqual({
      where: { idIn: ['id-d'] },
    });
  });

  it('sends all six append arrays, with JSON as text and defaults for what is absent', () => {
    const compiled = compileProjectPlan(
      projectPlan([
        add('with-all', {
          fields: {
            content: { before: null, after: 'https://cdn.example.com/1.jpg' },
            jsonContent: { before: null, after: { text: 'hello', tags: [1, 2] } },
            jsonMetadata: { before: null, after: { split: 'train' } },
            isHoneypot: { before: null, after: true },
          },
          metadataToWrite: { split: 'train' },
        }),
        add('bare'),
        add('text-json', { fields: { jsonContent: { before: null, after: 'https://x/j.json' } } }),
      ]),
      {
        newAssetIds: new Map([
          ['with-all', 'id-1'],
          ['bare', 'id-2'],
          ['text-json', 'id-3'],
        ]),
        uploadedContent: new Map(),
      },
    );
    expect(compiled.phases.map((entry) => entry.name)).toEqual(['append']);
    const [batch] = phase(compiled, 'append').batches;
    expect(batch?.variables).toEqual({
      data: {
        contentArray: ['https://cdn.example.com/1.jpg', '', ''],
        externalIDArray: ['with-all', 'bare', 'text-json'],
        idArray: ['id-1', 'id-2', 'id-3'],
        isHoneypotArray: [true, false, false],
        jsonContentArray: ['{"text":"hello","tags":[1,2]}', '', 'https://x/j.json'],
        jsonMetadataArray: ['{"split":"train"}', '{}', '{}'],
      },
      where: { id: PROJECT },
    });
    expect(batch?.items.map((item) => item.change.externalId)).toEqual([
      'with-all',
      'bare',
      'text-json',
    ]);
  });

  it('moves what appendManyAssets cannot carry into a post-append update of the new id', () => {
    const compiled = compileProjectPlan(
      projectPlan([
        add('a', {
          fields: {
            priority: { before: null, after: 3 },
            honeypotMark: { before: null, after: 0.5 },
            consensusMark: { before: null, after: 0.25 },
            isUsedForConsensus: { before: null, after: true },
            toBeLabeledBy: { before: null, after: ['a@x.io', 'b@x.io'] },
          },
        }),
        // Values a brand-new asset already has need no extra call.
        add('b', {
          fields: {
            priority: { before: null, after: 0 },
            toBeLabeledBy: { before: null, after: [] },
          },
        }),
      ]),
      {
        newAssetIds: new Map([
          ['a', 'new-a'],
          ['b', 'new-b'],
        ]),
        uploadedContent: new Map(),
      },
    );
    const postAppend = phase(compiled, 'post-append');
    expect(postAppend.batches).toHaveLength(1);
    expect(postAppend.batches[0]?.variables).toEqual({
      whereArray: [{ id: 'new-a' }],
      dataArray: [
        {
          priority: 3,
          honeypotMark: 0.5,
          consensusMark: 0.25,
          isUsedForConsensus: true,
          toBeLabeledBy: ['a@x.io', 'b@x.io'],
        },
      ],
    });
    expect(postAppend.batches[0]?.items[0]?.change.externalId).toBe('a');
  });

  it('sends only the changed fields of an update, metadata and JSON content as strings', () => {
    const compiled = compileProjectPlan(
      projectPlan([
        update('a', {
          fields: {
            jsonMetadata: { before: { split: 'train' }, after: { split: 'test' } },
            jsonContent: { before: '', after: [{ page: 1 }] },
            priority: { before: 0, after: 7 },
          },
          metadataToWrite: { split: 'test', kiliSync: { sha256: 'abc' } },
        }),
        update('b', {
          fields: {
            toBeLabeledBy: { before: ['a@x.io'], after: [] },
            honeypotMark: { before: 0.3, after: null },
            content: { before: 'https://old', after: 'https://new' },
          },
        }),
      ]),
      {
        ...noContext,
        currentMetadata: new Map([
          ['id-a', '{"split":"train","kiliSync":{"sha256":"abc"}}'],
          ['id-b', '{"split":"train"}'],
        ]),
      },
    );
    expect(phase(compiled, 'update').batches[0]?.variables).toEqual({
      whereArray: [{ id: 'id-a' }, { id: 'id-b' }],
      dataArray: [
        {
          jsonContent: '[{"page":1}]',
          jsonMetadata: '{"split":"test","kiliSync":{"sha256":"abc"}}',
          priority: 7,
        },
        {
          content: 'https://new',
          honeypotMark: null,
          toBeLabeledBy: [],
          shouldResetToBeLabeledBy: true,
        },
      ],
    });
  });

  it('uses the uploaded URL as the content of local files, for adds and updates', () => {
    const file = { path: 'images/1.jpg', sha256: 'f'.repeat(64), mimeType: 'image/jpeg' };
    const compiled = compileProjectPlan(
      projectPlan([
        add('new', {
          file,
          fields: { content: { before: null, after: 'file:images/1.jpg' } },
          metadataToWrite: { kiliSync: { sha256: file.sha256 } },
        }),
        update('old', {
          file,
          fields: { content: { before: 'https://prev', after: 'file:images/1.jpg' } },
          metadataToWrite: { kiliSync: { sha256: file.sha256 } },
        }),
      ]),
      {
        newAssetIds: new Map([['new', 'id-new']]),
        uploadedContent: new Map([
          ['id-new', 'http://files/new?id=1'],
          ['id-old', 'http://files/old?id=2'],
        ]),
        currentMetadata: new Map([['id-old', '']]),
      },
    );
    expect(phase(compiled, 'append').batches[0]?.variables.data.contentArray).toEqual([
      'http://files/new?id=1',
    ]);
    expect(phase(compiled, 'append').batches[0]?.variables.data.jsonMetadataArray).toEqual([
      `{"kiliSync":{"sha256":"${file.sha256}"}}`,
    ]);
    expect(phase(compiled, 'update').batches[0]?.variables.dataArray).toEqual([
      {
        content: 'http://files/old?id=2',
        jsonMetadata: `{"kiliSync":{"sha256":"${file.sha256}"}}`,
      },
    ]);
  });

  it('splits every phase into batches of at most 100, keeping the plan order', () => {
    const adds = Array.from({ length: 250 }, (_, i) => add(`a-${String(i).padStart(3, '0')}`));
    const deletes = Array.from({ length: 101 }, (_, i) => remove(`d-${i}`));
    const compiled = compileProjectPlan(projectPlan([...adds, ...deletes]), {
      newAssetIds: new Map(adds.map((change) => [change.externalId, `id-${change.externalId}`])),
      uploadedContent: new Map(),
    });
    const appendSizes = phase(compiled, 'append').batches.map(
      (batch) => batch.variables.data.idArray.length,
    );
    expect(appendSizes).toEqual([100, 100, 50]);
    expect(phase(compiled, 'append').batches[2]?.variables.data.externalIDArray[0]).toBe('a-200');
    expect(
      phase(compiled, 'delete').batches.map((batch) => batch.variables.where.idIn.length),
    ).toEqual([100, 1]);
  });

  it('splits a batch further so that no request body exceeds the size limit', () => {
    const text = 'x'.repeat(300_000);
    const adds = Array.from({ length: 10 }, (_, i) =>
      add(`big-${i}`, { fields: { content: { before: null, after: `${i}${text}` } } }),
    );
    const deletes = Array.from({ length: 5 }, (_, i) => remove(`d-${i}`));
    const maxRequestBytes = 1_000_000;
    const compiled = compileProjectPlan(projectPlan([...adds, ...deletes]), {
      newAssetIds: new Map(adds.map((change) => [change.externalId, `id-${change.externalId}`])),
      uploadedContent: new Map(),
      maxRequestBytes,
    });
    const appends = phase(compiled, 'append').batches;
    expect(appends.map((batch) => batch.items.length)).toEqual([3, 3, 3, 1]);
    for (const batch of appends) {
      const body = JSON.stringify({ query: 'mutation { … }', variables: batch.variables });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxRequestBytes);
    }
    expect(appends.flatMap((batch) => batch.variables.data.externalIDArray)).toEqual(
      adds.map((change) => change.externalId),
    );
    // Small items still go 100 to a batch.
    expect(phase(compiled, 'delete').batches).toHaveLength(1);
    // An item heavier than the limit on its own travels alone rather than not at all.
    const huge = compileProjectPlan(projectPlan(adds.slice(0, 2)), {
      newAssetIds: new Map(adds.map((change) => [change.externalId, `id-${change.externalId}`])),
      uploadedContent: new Map(),
      maxRequestBytes: 100_000,
    });
    expect(phase(huge, 'append').batches.map((batch) => batch.items.length)).toEqual([1, 1]);
  });

  it('compiles an empty plan to no phases', () => {
    expect(compileProjectPlan(projectPlan([]), noContext).phases).toEqual([]);
  });

  it('refuses to compile an add without a generated id or a file without its upload', () => {
    expect(() => compileProjectPlan(projectPlan([add('x')]), noContext)).toThrow(/no asset id/);
    const file = { path: 'a.png', sha256: 'a'.repeat(64), mimeType: 'image/png' };
    const content = { before: 'https://old', after: 'file:a.png' };
    expect(() =>
      compileProjectPlan(projectPlan([update('y', { file, fields: { content } })]), noContext),
    ).toThrow(/not uploaded/);
  });
});

describe('uploaded inline text', () => {
  const text = { before: null, after: 'raw text' };
  const rich = { before: null, after: { a: 1 } };
  const textUpload = { sha256: hashText('raw text') };
  const richUpload = { sha256: hashText('{"a":1}') };

  it('sends the uploaded URLs, never the texts, in appends and updates', () => {
    const compiled = compileProjectPlan(
      projectPlan([
        add('new', {
          fields: { content: text, jsonContent: rich },
          uploads: { content: textUpload, jsonContent: richUpload },
        }),
        update('old', { fields: { jsonContent: rich }, uploads: { jsonContent: richUpload } }),
      ]),
      {
        newAssetIds: new Map([['new', 'id-new']]),
        uploadedContent: new Map([['id-new', 'https://bucket/new-content']]),
        uploadedJsonContent: new Map([
          ['id-new', 'https://bucket/new-json'],
          ['id-old', 'https://bucket/old-json'],
        ]),
        currentMetadata: new Map([['id-old', '{"split":"train"}']]),
      },
    );
    expect(phase(compiled, 'append').batches[0]?.variables.data).toMatchObject({
      contentArray: ['https://bucket/new-content'],
      jsonContentArray: ['https://bucket/new-json'],
      jsonMetadataArray: [
        JSON.stringify({
          kiliSync: { sha256: textUpload.sha256, jsonContentSha256: richUpload.sha256 },
        }),
      ],
    });
    // The record of what was sent is written even though the plan carries no metadata.
    expect(phase(compiled, 'update').batches[0]?.variables.dataArray).toEqual([
      {
        jsonContent: 'https://bucket/old-json',
        jsonMetadata: JSON.stringify({
          split: 'train',
          kiliSync: { jsonContentSha256: richUpload.sha256 },
        }),
      },
    ]);
  });

  it('refuses to compile an upload that did not happen', () => {
    expect(() =>
      compileProjectPlan(
        projectPlan([
          update('old', { fields: { content: text }, uploads: { content: textUpload } }),
        ]),
        noContext,
      ),
    ).toThrow('the content of old was not uploaded');
  });
});

describe('serializeJsonContent', () => {
  it.each([
    [undefined, ''],
    [null, ''],
    ['plain text', 'plain text'],
    [{ a: 1 }, '{"a":1}'],
    [[1, 'two'], '[1,"two"]'],
  ])('%j → %j', (value, expected) => {
    expect(serializeJsonContent(value)).toBe(expected);
  });
});

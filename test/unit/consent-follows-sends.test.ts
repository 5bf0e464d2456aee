import { describe, expect, it } from 'vitest';
import { compileProjectPlan } from '../../src/apply/compile.js';
import { type Consent, checkConsent, requiredConsent } from '../../src/apply/consent.js';
import { checkContentWrites, describeContentWrites } from '../../src/apply/content-writes.js';
import { KiliSyncError } from '../../src/errors.js';
import { framesRecord } from '../../src/plan/frames.js';
import { hashText } from '../../src/plan/inline-uploads.js';
import type { Change, Plan, RenameChange, UpdateChange } from '../../src/plan/types.js';
import { PLAN_SCHEMA } from '../../src/schema/plan-schema.js';

/**
 * Consent follows what apply sends. For every property a change of the plan schema may carry,
 * alone and together with what makes it consistent, a labeled asset's content is replaced only
 * through a plan that apply either refuses as inconsistent or refuses without
 * `--allow-label-loss`. The properties are read from the schema: one added later without a
 * sample here fails this test until it is judged too.
 */

const PROJECT = 'clproject000000000000000';
const ASSET = 'classet00000000000000000';
const LABELED = new Map([[ASSET, { labelCount: 3, status: 'LABELED' as const }]]);
const NO_CONSENT: Consent = { allowDelete: false, allowMassDelete: false, allowLabelLoss: false };

type Editable = UpdateChange | RenameChange;

/** How each property may be set on a change, in every way a forger could set it. */
const SAMPLES: Record<string, ((change: Editable) => void)[]> = {
  action: [],
  externalId: [],
  assetId: [],
  updatedAt: [],
  labels: [(change) => Object.assign(change, { labels: 0 })],
  blocked: [(change) => Object.assign(change, { blocked: undefined })],
  owner: [
    (change) => Object.assign(change, { owner: { before: null, after: 'cats-repo' } }),
    (change) => Object.assign(change, { owner: { before: 'dogs-repo', after: 'cats-repo' } }),
  ],
  source: [(change) => Object.assign(change, { source: { file: 'm.yaml', line: 3 } })],
  from: [],
  metadataToWrite: [
    (change) => Object.assign(change, { metadataToWrite: { split: 'x' } }),
    (change) =>
      Object.assign(change, { metadataToWrite: { kiliSync: { sha256: hashText('forged') } } }),
  ],
  file: [
    (change) => Object.assign(change, { file: FILE }),
    (change) => {
      Object.assign(change, { file: FILE });
      change.fields.content = { before: 'https://old', after: `file:${FILE.path}` };
    },
    (change) => {
      Object.assign(change, { file: FILE });
      change.fields.priority = { before: 0, after: 3 };
    },
  ],
  uploads: [
    (change) => Object.assign(change, { uploads: { content: { sha256: hashText('') } } }),
    (change) => {
      Object.assign(change, { uploads: { content: { sha256: hashText('') } } });
      change.fields.content = { before: 'https://old', after: '' };
    },
    (change) => Object.assign(change, { uploads: { jsonContent: { sha256: hashText('{}') } } }),
    (change) => {
      Object.assign(change, { uploads: { jsonContent: { sha256: hashText('{}') } } });
      change.fields.jsonContent = { before: '', after: {} };
    },
  ],
  frames: [
    (change) => Object.assign(change, { frames: HOSTED_FRAMES }),
    (change) => {
      Object.assign(change, { frames: HOSTED_FRAMES });
      change.fields.jsonContent = { before: '', after: FRAME_URLS };
    },
    (change) => {
      Object.assign(change, { frames: HOSTED_FRAMES });
      change.fields.jsonContent = { before: '', after: ['https://cdn.example.com/forged.jpg'] };
    },
    (change) => {
      Object.assign(change, { frames: LOCAL_FRAMES });
      change.fields.jsonContent = { before: '', after: [`file:${FILE.path}`] };
    },
    (change) => {
      Object.assign(change, { frames: LOCAL_FRAMES });
      change.fields.jsonContent = { before: '', after: FRAME_URLS };
    },
    (change) => {
      Object.assign(change, { frames: HOSTED_FRAMES, uploads: { jsonContent: { sha256: 'f' } } });
      change.fields.jsonContent = { before: '', after: FRAME_URLS };
    },
  ],
  fields: [],
};

/** Values a forger may give each field of `fields`. */
const FIELD_SAMPLES: Record<string, unknown> = {
  externalId: 'renamed',
  content: 'https://cdn.example.com/other.jpg',
  jsonContent: { text: 'other' },
  jsonMetadata: { split: 'x' },
  priority: 5,
  isHoneypot: true,
  honeypotMark: 0.5,
  consensusMark: 0.5,
  isUsedForConsensus: true,
  toBeLabeledBy: ['a@example.com'],
};

const FILE = { path: 'images/cat.png', sha256: 'a'.repeat(64), mimeType: 'image/png' };
const FRAME_URLS = ['https://cdn.example.com/f/0.jpg', 'https://cdn.example.com/f/1.jpg'];
const HOSTED_FRAMES = {
  sha256: framesRecord({ kind: 'hosted', urls: FRAME_URLS }),
  count: FRAME_URLS.length,
};
const LOCAL_FRAMES = {
  sha256: framesRecord({ kind: 'local', files: [FILE] }),
  count: 1,
  files: [FILE],
};

function baseChange(action: 'update' | 'rename'): Editable {
  const common = {
    externalId: 'lab-1',
    assetId: ASSET,
    updatedAt: '2024-01-01T00:00:00.000Z',
    labels: 3,
  };
  return action === 'update'
    ? { action, ...common, fields: { priority: { before: 0, after: 3 } } }
    : {
        action,
        ...common,
        from: 'lab-0',
        fields: { externalId: { before: 'lab-0', after: 'lab-1' } },
      };
}

function planOf(change: Change): Plan {
  return {
    formatVersion: 1,
    generator: 'kili-sync test',
    createdAt: '2024-01-01T00:00:00.000Z',
    endpoint: 'http://127.0.0.1/api/label/v2/graphql',
    planHash: 'x',
    projects: [
      {
        projectId: PROJECT,
        prune: false,
        remote: { count: 10 },
        summary: { add: 0, update: 0, rename: 0, delete: 0, unchanged: 0, blocked: 0 },
        changes: [change],
        warnings: [],
      },
    ],
  };
}

/** Whether the mutations compile builds for the change set the asset's content. */
function sendsContent(change: Editable): boolean {
  const url = { get: () => 'https://bucket/uploaded' };
  const compiled = compileProjectPlan(planOf(change).projects[0]!, {
    newAssetIds: new Map(),
    uploadedContent: url,
    uploadedJsonContent: url,
    currentMetadata: { get: () => '{}' },
  });
  return compiled.phases.some(
    (phase) =>
      phase.name !== 'append' &&
      phase.name !== 'delete' &&
      phase.batches.some(
        (batch) =>
          'dataArray' in batch.variables &&
          batch.variables.dataArray.some(
            (data) => data.content !== undefined || data.jsonContent !== undefined,
          ),
      ),
  );
}

function refusedWith(run: () => void): KiliSyncError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof KiliSyncError) return error;
    throw error;
  }
}

/** Every way of editing a change: each property sample, and each field of `fields`. */
function editsOf(action: 'update' | 'rename'): [string, (change: Editable) => void][] {
  const definitions = PLAN_SCHEMA.definitions as Record<string, { properties: object }>;
  const definition = definitions[`${action}Change`]!;
  const edits: [string, (change: Editable) => void][] = [];
  for (const property of Object.keys(definition.properties)) {
    const samples = SAMPLES[property];
    if (samples === undefined) throw new Error(`no sample for the change property '${property}'`);
    for (const [index, sample] of samples.entries())
      edits.push([`${property} #${index + 1}`, sample]);
  }
  for (const field of Object.keys(definitions.fields!.properties)) {
    if (!(field in FIELD_SAMPLES)) throw new Error(`no sample for the field '${field}'`);
    edits.push([
      `fields.${field}`,
      (change) => {
        (change.fields as Record<string, unknown>)[field] = {
          before: null,
          after: FIELD_SAMPLES[field],
        };
      },
    ]);
  }
  return edits;
}

describe('consent follows what apply sends', () => {
  for (const action of ['update', 'rename'] as const) {
    it.each(editsOf(action))(`${action} of a labeled asset, %s`, (_name, edit) => {
      const change = baseChange(action);
      edit(change);
      const plan = planOf(change);
      const inconsistent = refusedWith(() => checkContentWrites(plan, 'plan.json'));
      if (inconsistent !== undefined) {
        // Refused before any request: nothing is sent at all.
        expect(inconsistent.code).toBe('PLAN_INVALID');
        expect(describeContentWrites(change).problems.length).toBeGreaterThan(0);
        return;
      }
      const refusal = refusedWith(() => checkConsent(requiredConsent(plan, LABELED), NO_CONSENT));
      if (sendsContent(change)) {
        expect(refusal?.code).toBe('REFUSED');
        expect(refusal?.hint).toContain('--allow-label-loss');
        expect(() =>
          checkConsent(requiredConsent(plan, LABELED), { ...NO_CONSENT, allowLabelLoss: true }),
        ).not.toThrow();
      } else {
        expect(refusal).toBeUndefined();
      }
    });
  }

  it('finds content replaced through each way a plan can carry it', () => {
    // The ways the attacks of a saved plan took, each caught by one of the two checks.
    const viaFile = baseChange('update');
    viaFile.file = FILE;
    expect(refusedWith(() => checkContentWrites(planOf(viaFile), 'p.json'))?.code).toBe(
      'PLAN_INVALID',
    );
    const viaUpload = baseChange('update');
    viaUpload.uploads = { content: { sha256: hashText('') } };
    viaUpload.fields.content = { before: 'https://old', after: '' };
    expect(sendsContent(viaUpload)).toBe(true);
    expect(
      refusedWith(() => checkConsent(requiredConsent(planOf(viaUpload), LABELED), NO_CONSENT))
        ?.code,
    ).toBe('REFUSED');
  });

  it('asks for --allow-label-loss before deleting a labeled asset, whatever the change says', () => {
    const plan = planOf({
      action: 'delete',
      externalId: 'lab-1',
      assetId: ASSET,
      updatedAt: '2024-01-01T00:00:00.000Z',
      labels: 0,
      reason: 'prune',
    });
    const refusal = refusedWith(() =>
      checkConsent(requiredConsent(plan, LABELED), {
        ...NO_CONSENT,
        allowDelete: true,
        allowMassDelete: true,
      }),
    );
    expect(refusal?.hint).toContain('--allow-label-loss');
  });

  it('takes an asset it was not told about as labeled', () => {
    const change = baseChange('update');
    change.fields.content = { before: 'https://old', after: 'https://new' };
    expect(
      refusedWith(() => checkConsent(requiredConsent(planOf(change), new Map()), NO_CONSENT))?.hint,
    ).toContain('--allow-label-loss');
  });
});

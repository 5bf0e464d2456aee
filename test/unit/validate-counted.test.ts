import { afterAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../bench/emulator-harness.js';
import { isKiliSyncError } from '../../src/errors.js';
import { IdFingerprints } from '../../src/manifest/id-fingerprints.js';
import { checkDesiredState, loadDesiredState } from '../../src/manifest/index.js';
import {
  type FileTree,
  removeWrittenFiles,
  writeFiles,
} from '../fixtures/manifests/write-files.js';

afterAll(removeWrittenFiles);

const ROUNDS = 80;

/**
 * `validate` counts assets instead of keeping them (checkDesiredState), and loads again keeping
 * them only when a duplicate or a rename from a declared ID is possible. Whatever the input, it
 * must report exactly what loading every asset reports: the same counts and warnings, or the
 * same error with the same diagnostics in the same order.
 */
describe('validate without keeping the assets', () => {
  it(`reports what a full load reports, over ${ROUNDS} seeded random manifest sets`, async () => {
    const seen = { valid: 0, validWithRenames: 0, duplicates: 0, renameErrors: 0, otherErrors: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const { files, renames } = randomManifests(createSeededRandom(7_000 + round));
      const dir = writeFiles(files);
      const full = await outcome(() => loadDesiredState(['.'], { cwd: dir }).then(countAssets));
      // Full fingerprints (the real case), and fingerprints short enough to collide, which
      // must send validate to the full load rather than report a duplicate that is not there.
      for (const fingerprintBits of [64, 20, 3]) {
        const counted = await outcome(() =>
          checkDesiredState(['.'], { cwd: dir, fingerprintBits }),
        );
        expect(counted, `round ${round}, ${fingerprintBits}-bit fingerprints`).toEqual(full);
      }
      tally(seen, full, renames);
    }
    // The rounds reach every kind of result the two paths could disagree on.
    expect(seen.valid).toBeGreaterThanOrEqual(10);
    expect(seen.validWithRenames).toBeGreaterThanOrEqual(5);
    expect(seen.duplicates).toBeGreaterThanOrEqual(10);
    expect(seen.renameErrors).toBeGreaterThanOrEqual(10);
    expect(seen.otherErrors).toBeGreaterThanOrEqual(5);
  });

  it('counts a large JSONL source with no duplicate as valid, whatever the fingerprint width', async () => {
    const lines = Array.from({ length: 5_000 }, (_, index) =>
      JSON.stringify({ externalId: `asset-${index}`, content: `https://x/${index}.jpg` }),
    );
    const dir = writeFiles({
      'm.yaml': 'apiVersion: kili-sync/v1\nproject: p1\nsources:\n  - jsonl: a.jsonl\n',
      'a.jsonl': `${lines.join('\n')}\n`,
    });
    for (const fingerprintBits of [64, 8]) {
      const state = await checkDesiredState(['.'], { cwd: dir, fingerprintBits });
      expect(state.projects).toEqual([
        { projectId: 'p1', assetCount: 5_000, inlineTexts: 0, localFiles: 0 },
      ]);
    }
  });
});

describe('IdFingerprints', () => {
  it('answers "seen" for every repeated ID and "new" for 200,000 distinct ones', () => {
    const fingerprints = new IdFingerprints();
    const ids = Array.from({ length: 200_000 }, (_, index) => `ds/${index % 7}/img-${index}.jpg`);
    expect(ids.filter((id) => fingerprints.add(id))).toHaveLength(ids.length);
    expect(ids.every((id) => fingerprints.has(id))).toBe(true);
    expect(ids.some((id) => fingerprints.add(id))).toBe(false);
    expect(fingerprints.has('ds/0/img-200000.jpg')).toBe(false);
    // Non-ASCII IDs and the empty string are fingerprints like any other.
    expect(fingerprints.add('été/é')).toBe(true);
    expect(fingerprints.add('été/è')).toBe(true);
    expect(fingerprints.add('')).toBe(true);
    expect(fingerprints.add('été/é')).toBe(false);
  });

  it('never misses a repeated ID when short fingerprints collide', () => {
    const fingerprints = new IdFingerprints(6);
    const ids = Array.from({ length: 1_000 }, (_, index) => `id-${index}`);
    const fresh = ids.filter((id) => fingerprints.add(id));
    expect(fresh.length).toBeLessThanOrEqual(64);
    expect(ids.every((id) => !fingerprints.add(id))).toBe(true);
  });
});

type Outcome =
  | { valid: true; projects: unknown; warnings: unknown }
  | { valid: false; code: string; message: string; hint?: string; diagnostics: unknown };

async function outcome(
  check: () => Promise<{ projects: unknown; warnings: unknown }>,
): Promise<Outcome> {
  try {
    const { projects, warnings } = await check();
    return { valid: true, projects, warnings };
  } catch (error) {
    if (!isKiliSyncError(error)) throw error;
    const { code, message, hint, diagnostics } = error;
    return { valid: false, code, message, hint, diagnostics };
  }
}

function countAssets(state: Awaited<ReturnType<typeof loadDesiredState>>) {
  return {
    ...state,
    projects: state.projects.map(({ projectId, assets }) => ({
      projectId,
      assetCount: assets.length,
      // Told apart as a reader of the manifest would: a `file`, or content that is no URL.
      inlineTexts: assets.filter(
        (asset) => !asset.file && asset.content && !/^https?:\/\//i.test(asset.content),
      ).length,
      localFiles: assets.filter((asset) => asset.file !== undefined).length,
    })),
  };
}

function tally(seen: Record<string, number>, result: Outcome, renames: number): void {
  if (result.valid) {
    seen.valid! += 1;
    if (renames > 0) seen.validWithRenames! += 1;
    return;
  }
  const messages = (result.diagnostics as { message: string }[]).map((d) => d.message).join('\n');
  if (messages.includes('duplicate external ID')) seen.duplicates! += 1;
  if (/renamed from|'renamedFrom'/.test(messages)) seen.renameErrors! += 1;
  if (/invalid JSON|must be|expected/.test(messages)) seen.otherErrors! += 1;
}

/**
 * One to three manifests over two projects: inline assets, JSONL and CSV sources and a `files`
 * source, with IDs drawn so that duplicates (within a file, across files, from one template)
 * and every kind of rename (valid, from a declared ID, from itself, two from one) all happen.
 */
function randomManifests(random: () => number): { files: FileTree; renames: number } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  // Half the rounds draw IDs from a small pool (duplicates likely), half never repeat one.
  const pooled = chance(0.5);
  let next = 0;
  const newId = () => (pooled ? `a${Math.floor(random() * 60)}` : `a${next++}`);
  const declared: string[] = [];
  let renames = 0;
  const asset = (): Record<string, unknown> => {
    const externalId = newId();
    declared.push(externalId);
    const fields: Record<string, unknown> = { externalId, content: `https://x/${externalId}.jpg` };
    if (chance(0.1)) {
      renames += 1;
      // Valid (unless two assets take one old ID), still declared, or the asset's own ID.
      fields.renamedFrom = chance(pooled ? 0.5 : 0.2)
        ? pick(declared)
        : `old-${Math.floor(random() * (pooled ? 4 : 40))}`;
    }
    if (chance(0.1)) fields.jsonMetadata = { batch: Math.floor(random() * 3) };
    if (chance(0.004)) fields.priority = -1;
    return fields;
  };
  const files: FileTree = {};
  const manifestCount = 1 + Math.floor(random() * 3);
  for (let m = 0; m < manifestCount; m++) {
    const lines = ['apiVersion: kili-sync/v1', `project: ${pick(['p1', 'p2'])}`];
    if (chance(0.3)) lines.push('defaults:', '  priority: 3');
    const inline = Math.floor(random() * 5);
    if (inline > 0) {
      lines.push('assets:');
      for (let i = 0; i < inline; i++) lines.push(`  - ${JSON.stringify(asset())}`);
    }
    lines.push('sources:');
    const jsonl = Array.from({ length: Math.floor(random() * 30) }, () =>
      chance(0.004) ? '{"externalId": ' : JSON.stringify(asset()),
    );
    files[`data/m${m}.jsonl`] = `${jsonl.join('\n')}\n`;
    lines.push(`  - jsonl: data/m${m}.jsonl`);
    if (chance(0.5)) {
      const rows = Array.from({ length: Math.floor(random() * 10) }, () => {
        const { externalId, content } = asset();
        return `${externalId},${content}`;
      });
      files[`data/m${m}.csv`] = `externalId,content\n${rows.join('\n')}\n`;
      lines.push(`  - csv: data/m${m}.csv`);
    }
    if (chance(0.4)) {
      const images = Math.floor(random() * 4);
      for (let i = 0; i < images; i++) {
        const name = pooled ? `a${Math.floor(random() * 60)}` : `f${m}-${i}`;
        files[`images/m${m}/${pick(['x', 'y'])}/${name}.png`] = Buffer.from([0x89, 0x50]);
      }
      lines.push(
        `  - files: images/m${m}/**/*.png`,
        `    externalId: '${pick(['{stem}', '{dir}/{stem}'])}'`,
      );
    }
    files[`m${m}.yaml`] = `${lines.join('\n')}\n`;
  }
  return { files, renames };
}

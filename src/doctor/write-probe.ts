import { deriveAssetId } from '../apply/asset-ids.js';
import { isIdTakenError } from '../apply/run-append-batch.js';
import { UpdatePropertiesInAssetsDocument } from '../graphql/generated.js';
import { countAssets } from '../kili/asset-pages.js';
import type { KiliClient } from '../kili/client.js';
import type { RawAsset } from '../kili/operations.js';
import { isVideoProject } from '../plan/frames.js';
import { findAssetRowProblems } from './asset-row-shape.js';
import { type DoctorCheck, describeError, fail, pass, skip } from './checks.js';
import {
  appendProbeAsset,
  countExternalId,
  findMetadataProblem,
  PROBE_METADATA,
  PROBE_PREFIX,
  type ProbeAsset,
  probeContentUrl,
  readRawAsset,
  UPDATED_METADATA,
} from './probe-asset-io.js';
import { probeAsyncImport } from './probe-async-import.js';
import { checkScratchProject, cleanUpProbe, deleteAssets } from './probe-scratch.js';
import { probeTextUpload } from './probe-text-upload.js';
import { findUpdatedAtProblem } from './timestamps.js';

export interface WriteProbeOptions {
  projectId: string;
  inputType: string;
  /** Makes this run's external IDs (and so its derived ids) its own. */
  runToken: string;
  /** Headers to read a URL with (the key only for Kili's own URLs). */
  headersFor: (url: string) => Record<string, string>;
}

/** The probe's steps in order; a step that cannot run is listed as skipped. */
const STEPS = [
  'probe-scratch',
  'probe-append',
  'probe-ids',
  'probe-content',
  'probe-metadata-types',
  'probe-text-upload',
  'probe-repeated-id',
  'probe-update',
  'probe-rename',
  'probe-updated-at',
  'probe-delete',
  'probe-async-import',
  'probe-cleanup',
] as const;
type Step = (typeof STEPS)[number];

/**
 * `doctor --write-probe`: one asset's life as kili-sync lives it (append with a derived id, read
 * back, append again, update, rename, delete; in a VIDEO project, an asynchronous import waited
 * on), each step checked against what kili-sync assumes.
 * Touches nothing but its own assets, on a project that holds nothing else, and deletes them
 * whatever fails.
 */
export async function runWriteProbe(
  client: KiliClient,
  options: WriteProbeOptions,
): Promise<DoctorCheck[]> {
  const { projectId } = options;
  const results = new Map<Step, DoctorCheck>();
  const record = (result: DoctorCheck) => {
    results.set(result.id as Step, result);
    return result.status !== 'fail';
  };
  const attempt = async (step: Step, run: () => Promise<DoctorCheck>) => {
    try {
      return record(await run());
    } catch (error) {
      return record(fail(step, describeError(error), {}, error));
    }
  };

  const base = `${PROBE_PREFIX}${options.runToken}`;
  const asset: ProbeAsset = {
    id: deriveAssetId(projectId, base),
    externalId: base,
    content: probeContentUrl(options.inputType),
    jsonMetadata: PROBE_METADATA,
  };
  const renamed = `${base}-renamed`;
  const text = { externalId: `${base}-text`, jsonMetadata: PROBE_METADATA, id: '' };
  text.id = deriveAssetId(projectId, text.externalId);
  const video: ProbeAsset = {
    id: deriveAssetId(projectId, `${base}-video`),
    externalId: `${base}-video`,
    content: probeContentUrl('VIDEO'),
    jsonMetadata: '{"kiliSyncDoctor":"probe","processingParameters":{}}',
  };
  const made = [asset.id, text.id, video.id];

  const scratch = await attempt('probe-scratch', () =>
    checkScratchProject(client, projectId, options.inputType),
  );
  if (scratch) {
    try {
      await runSteps(client, options, asset, renamed, text, attempt);
      if (isVideoProject(options.inputType)) {
        await attempt('probe-async-import', () => probeAsyncImport(client, projectId, video));
      }
    } finally {
      record(
        await cleanUpProbe(client, projectId, made, [
          asset.externalId,
          renamed,
          text.externalId,
          video.externalId,
        ]),
      );
    }
  }
  return STEPS.flatMap((step) => {
    const result = results.get(step);
    if (result) return [result];
    if (step === 'probe-text-upload' && options.inputType !== 'TEXT') return [];
    if (step === 'probe-async-import' && !isVideoProject(options.inputType)) return [];
    return [skip(step, scratch ? 'an earlier step failed' : 'not a scratch project')];
  });
}

type Attempt = (step: Step, run: () => Promise<DoctorCheck>) => Promise<boolean>;

async function runSteps(
  client: KiliClient,
  options: WriteProbeOptions,
  asset: ProbeAsset,
  renamed: string,
  text: Omit<ProbeAsset, 'content'>,
  attempt: Attempt,
): Promise<void> {
  const { projectId } = options;
  let stored: RawAsset | undefined;
  const timeline: { step: string; updatedAt: unknown }[] = [];

  const appended = await attempt('probe-append', async () => {
    const answeredId = await appendProbeAsset(client, projectId, asset);
    stored = await readRawAsset(client, projectId, asset.id);
    const found = stored ? 'found by that id' : 'not found by that id';
    return pass('probe-append', `appendManyAssets answered id ${answeredId ?? 'none'}; ${found}`, {
      answeredId: answeredId ?? null,
      derivedId: asset.id,
    });
  });
  if (!appended) return;
  timeline.push({ step: 'append', updatedAt: stored?.updatedAt });

  await attempt('probe-ids', async () => {
    if (!stored) {
      return fail(
        'probe-ids',
        `no asset has the id kili-sync derived (${asset.id}): ids sent in idArray are not kept`,
      );
    }
    if (stored.externalId !== asset.externalId) {
      return fail(
        'probe-ids',
        `the derived id holds external ID ${stored.externalId}, not the one sent`,
      );
    }
    return pass('probe-ids', `the asset is stored under the id kili-sync derived (${asset.id})`);
  });
  await attempt('probe-content', async () => {
    if (!stored) return skip('probe-content', 'the asset was not found');
    const problems = findAssetRowProblems(stored);
    if (problems.length > 0) return fail('probe-content', problems.join('; '));
    if (stored.content !== asset.content || (stored.jsonContent ?? '') !== '') {
      return fail('probe-content', 'content or jsonContent came back other than sent');
    }
    return pass('probe-content', 'content reads back as sent, every field in the type plan reads');
  });
  await attempt('probe-metadata-types', async () => {
    if (!stored) return skip('probe-metadata-types', 'the asset was not found');
    const problem = findMetadataProblem(asset.jsonMetadata, stored.jsonMetadata);
    if (problem) return fail('probe-metadata-types', problem);
    return pass(
      'probe-metadata-types',
      'jsonMetadata reads back as written, whole floats (3.0) included',
    );
  });
  if (options.inputType === 'TEXT') {
    await attempt('probe-text-upload', () =>
      probeTextUpload(client, projectId, text, options.headersFor),
    );
  }
  await attempt('probe-repeated-id', () => probeRepeatedId(client, projectId, asset));

  const update = async (
    step: Step,
    data: Record<string, unknown>,
    verify: (row: RawAsset) => string | undefined,
  ) =>
    attempt(step, async () => {
      await client.request(UpdatePropertiesInAssetsDocument, {
        whereArray: [{ id: asset.id }],
        dataArray: [data],
      });
      const row = await readRawAsset(client, projectId, asset.id);
      if (!row) return fail(step, 'the asset was not found by its id after the update');
      timeline.push({ step: step.replace('probe-', ''), updatedAt: row.updatedAt });
      const problem = verify(row);
      return problem
        ? fail(step, problem)
        : pass(step, `${step.replace('probe-', '')} read back as sent`);
    });
  await update('probe-update', { priority: 3, jsonMetadata: UPDATED_METADATA }, (row) =>
    row.priority !== 3
      ? `priority reads ${row.priority}, not 3`
      : findMetadataProblem(UPDATED_METADATA, row.jsonMetadata),
  );
  const renameOk = await update('probe-rename', { externalId: renamed }, (row) =>
    row.externalId === renamed ? undefined : `externalId reads ${row.externalId}, not ${renamed}`,
  );
  if (renameOk) {
    const left = await countExternalId(client, projectId, asset.externalId);
    if (left > 0) {
      await attempt('probe-rename', async () =>
        fail('probe-rename', `the old external ID still finds ${left} asset(s) after the rename`),
      );
    }
  }
  await attempt('probe-updated-at', async () => {
    const problem = findUpdatedAtProblem(timeline);
    if (problem) return fail('probe-updated-at', problem);
    const steps = timeline.map((entry) => entry.step).join(' < ');
    return pass(
      'probe-updated-at',
      `updatedAt moved forward on each change (${steps}), with milliseconds`,
      {
        changes: timeline.length,
      },
    );
  });
  await attempt('probe-delete', async () => {
    await deleteAssets(client, [asset.id, text.id]);
    const gone = await readRawAsset(client, projectId, asset.id);
    const count = await countAssets(client, { project: { id: projectId } });
    if (gone)
      return fail('probe-delete', 'the asset is still found by its id after deleteManyFromDataset');
    if (count !== 0)
      return fail('probe-delete', `the scratch project still counts ${count} asset(s)`);
    return pass('probe-delete', 'deleteManyFromDataset removed the asset; the project counts 0');
  });
}

/**
 * Exactly-once applies across processes rest on this: appending an id that exists is refused
 * (with a message apply recognises), and creates no second asset.
 */
async function probeRepeatedId(
  client: KiliClient,
  projectId: string,
  asset: ProbeAsset,
): Promise<DoctorCheck> {
  let refusal: unknown;
  try {
    await appendProbeAsset(client, projectId, asset);
  } catch (error) {
    refusal = error;
  }
  const copies = await countExternalId(client, projectId, asset.externalId);
  if (refusal === undefined || copies > 1) {
    return fail(
      'probe-repeated-id',
      `appending an existing id again was accepted (${copies} assets now carry the external ID): concurrent applies could duplicate assets`,
      { copies },
    );
  }
  if (!isIdTakenError(refusal)) {
    return fail(
      'probe-repeated-id',
      `refused, but not with an "already exists" message apply can recognise: ${describeError(refusal)}`,
    );
  }
  return pass('probe-repeated-id', 'appending an existing id again was refused; no copy was made', {
    copies,
  });
}

import { DeleteManyFromDatasetDocument } from '../graphql/generated.js';
import { countAssets, fetchAssetPage } from '../kili/asset-pages.js';
import type { KiliClient } from '../kili/client.js';
import { PAGE_SIZE } from '../kili/operations.js';
import { type DoctorCheck, fail, pass } from './checks.js';
import { PROBE_PREFIX } from './probe-asset-io.js';

/**
 * The probe writes only to a project the user names as scratch, and proves it is one: every
 * asset it holds must be a probe asset (its external ID starts with `kili-sync-doctor-`). Any
 * other asset, labeled or not, means someone uses the project, and the probe does not run.
 * Probe assets an interrupted earlier run left behind are deleted first.
 */
export async function checkScratchProject(
  client: KiliClient,
  projectId: string,
  inputType: string,
): Promise<DoctorCheck> {
  const where = { project: { id: projectId } };
  const count = await countAssets(client, where);
  const refuse = (others: string) =>
    fail(
      'probe-scratch',
      `refused: the project holds ${others} not made by doctor; the write probe runs only on an empty scratch project`,
      { projectId, assetCount: count },
    );
  if (count > PAGE_SIZE) return refuse(`${count} assets`);
  const assets = count === 0 ? [] : await fetchAssetPage(client, where);
  const others = assets.filter((asset) => !asset.externalId.startsWith(PROBE_PREFIX));
  // Rows the page did not return (the count moved meanwhile) are someone else's too.
  const foreign = others.length + Math.max(0, count - assets.length);
  if (foreign > 0) return refuse(`${foreign} asset(s)`);
  await deleteAssets(
    client,
    assets.map((asset) => asset.id),
  );
  const left =
    assets.length > 0 ? `; removed ${assets.length} probe asset(s) an earlier run left` : '';
  return pass(
    'probe-scratch',
    `a scratch project (input type ${inputType}) with no other asset${left}`,
    {
      projectId,
      inputType,
      leftoversRemoved: assets.length,
    },
  );
}

/** `deleteManyFromDataset(where: {idIn})`, as apply deletes. */
export async function deleteAssets(client: KiliClient, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await client.request(DeleteManyFromDatasetDocument, { where: { idIn: ids } });
}

/**
 * The probe's last step, run whatever happened before: deletes every asset it may have made
 * (by id and by its external IDs, in case the server ignored an id) and checks none is left.
 */
export async function cleanUpProbe(
  client: KiliClient,
  projectId: string,
  ids: string[],
  externalIds: string[],
): Promise<DoctorCheck> {
  const where = { project: { id: projectId } };
  try {
    const byExternalId =
      externalIds.length === 0
        ? []
        : await fetchAssetPage(client, { ...where, externalIdStrictlyIn: externalIds });
    const all = [...new Set([...ids, ...byExternalId.map((asset) => asset.id)])];
    const existing = all.length === 0 ? 0 : await countAssets(client, { ...where, idIn: all });
    if (existing > 0) await deleteAssets(client, all);
    const left = all.length === 0 ? 0 : await countAssets(client, { ...where, idIn: all });
    if (left > 0) {
      return fail(
        'probe-cleanup',
        `${left} probe asset(s) are left: delete the assets whose external ID starts with ${PROBE_PREFIX}`,
        { left },
      );
    }
    const removed = existing > 0 ? `deleted ${existing} asset(s) a failed step left; ` : '';
    return pass('probe-cleanup', `${removed}the project holds nothing the probe made`, { left: 0 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(
      'probe-cleanup',
      `could not check what the probe left (${message}): delete the assets whose external ID starts with ${PROBE_PREFIX}`,
    );
  }
}

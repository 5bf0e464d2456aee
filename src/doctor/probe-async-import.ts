import { isIdTakenError } from '../apply/run-append-batch.js';
import { AppendManyFramesToDatasetAsynchronouslyDocument } from '../graphql/generated.js';
import type { KiliClient } from '../kili/client.js';
import { waitForNotification } from '../kili/wait-for-notification.js';
import { type DoctorCheck, describeError, fail, pass } from './checks.js';
import { countExternalId, type ProbeAsset, readRawAsset } from './probe-asset-io.js';

/** A scratch import waits at most this long: a video URL that is never fetched ends quickly. */
const PROBE_WAIT_MS = 5 * 60 * 1000;

/**
 * A hosted video imported the way apply imports one (`appendManyFramesToDatasetAsynchronously`,
 * uploadType NATIVE_VIDEO, the derived id in `idArray`, `processingParameters: {}` in its
 * metadata), then waited on through its notification until SUCCESS or FAILURE. Checks what
 * apply assumes: the answer is a notification that ends; the asset is then stored under the id
 * sent; importing that id again creates no second asset (refused, or ended in FAILURE), which is
 * what makes an apply killed while Kili imports safe to rerun.
 */
export async function probeAsyncImport(
  client: KiliClient,
  projectId: string,
  asset: ProbeAsset,
): Promise<DoctorCheck> {
  const id = 'probe-async-import';
  const first = await importAndWait(client, projectId, asset);
  if (typeof first === 'string') return fail(id, first);
  if (first.status !== 'SUCCESS') {
    return fail(id, `the import ended in ${first.status}: ${first.message || 'no message'}`);
  }
  const stored = await readRawAsset(client, projectId, asset.id);
  if (!stored || stored.externalId !== asset.externalId) {
    return fail(id, `the import succeeded, but no asset has the id sent (${asset.id})`);
  }
  let again: Awaited<ReturnType<typeof importAndWait>>;
  try {
    again = await importAndWait(client, projectId, asset);
  } catch (error) {
    if (!isIdTakenError(error)) {
      return fail(
        id,
        `importing the id again was refused in an unexpected way: ${describeError(error)}`,
      );
    }
    again = 'refused';
  }
  const copies = await countExternalId(client, projectId, asset.externalId);
  if (copies !== 1) {
    return fail(id, `importing the same id again left ${copies} assets with the external ID`, {
      copies,
    });
  }
  const repeat =
    again === 'refused'
      ? 'importing its id again was refused'
      : `importing its id again ended in ${typeof again === 'string' ? again : again.status} and made no copy`;
  return pass(
    id,
    `appendManyFramesToDatasetAsynchronously answered a notification that ended in SUCCESS; the video is stored under the id sent; ${repeat}`,
    { notification: first.notificationId },
  );
}

/** Sends the import and waits for its notification; a string says what went wrong. */
async function importAndWait(
  client: KiliClient,
  projectId: string,
  asset: ProbeAsset,
): Promise<{ status: string; message: string; notificationId: string } | string> {
  const answer = await client.request(
    AppendManyFramesToDatasetAsynchronouslyDocument,
    {
      data: {
        contentArray: [asset.content],
        externalIDArray: [asset.externalId],
        idArray: [asset.id],
        jsonMetadataArray: [asset.jsonMetadata],
        uploadType: 'NATIVE_VIDEO',
      },
      where: { id: projectId },
    },
    { retryUnknownOutcome: false },
  );
  const notificationId = answer.data?.id;
  if (!notificationId) return 'the import was answered without a notification id';
  const ended = await waitForNotification(client, notificationId, { maxWaitMs: PROBE_WAIT_MS });
  if (ended === undefined) {
    return `the notification ${notificationId} was still PENDING after ${PROBE_WAIT_MS / 60_000} minutes`;
  }
  return { ...ended, notificationId };
}

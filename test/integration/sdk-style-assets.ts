import { createId } from '@paralleldrive/cuid2';
import { API_KEY, type ApplyFixture } from './apply-support.js';

/**
 * What the SDK's `append_many_to_dataset` sends for raw text: signed URLs for
 * `projects/<p>/assets/<id>/content`, a PUT of each text (URL cut before `&id=`, the key sent to
 * Kili's own URLs), then `appendManyAssets` with the full signed URLs as content.
 */
export async function sdkAppendTexts(
  fixture: ApplyFixture,
  projectId: string,
  texts: Record<string, string>,
): Promise<void> {
  const entries = Object.entries(texts).map(([externalId, text]) => ({
    externalId,
    text,
    id: createId(),
  }));
  const urls = await sdkUpload(
    fixture,
    entries.map((entry) => ({
      path: `projects/${projectId}/assets/${entry.id}/content`,
      ...entry,
    })),
  );
  await sdkAppend(fixture, projectId, {
    contentArray: urls,
    externalIDArray: entries.map((entry) => entry.externalId),
    idArray: entries.map((entry) => entry.id),
    jsonContentArray: entries.map(() => ''),
  });
}

/** The SDK's rich text: `json.dumps` of the value uploaded to `…/jsonContent`, its URL sent. */
export async function sdkAppendRichText(
  fixture: ApplyFixture,
  projectId: string,
  externalId: string,
  value: unknown,
): Promise<void> {
  const id = createId();
  // Python's json.dumps separators, so the bytes differ from kili-sync's serialisation.
  const text = JSON.stringify(value).replaceAll(',', ', ').replaceAll(':', ': ');
  const [url] = await sdkUpload(fixture, [
    { path: `projects/${projectId}/assets/${id}/jsonContent`, text },
  ]);
  await sdkAppend(fixture, projectId, {
    contentArray: [''],
    externalIDArray: [externalId],
    idArray: [id],
    jsonContentArray: [url!],
  });
}

export async function sdkUpload(
  fixture: ApplyFixture,
  items: { path: string; text: string }[],
): Promise<string[]> {
  const signed = await fixture.client.request<{ urls: string[] }>(
    'query($filePaths: [String!]) { urls: createUploadBucketSignedUrls(filePaths: $filePaths) }',
    { filePaths: items.map((item) => item.path) },
  );
  await Promise.all(
    items.map(async (item, index) => {
      const url = signed.urls[index]!;
      const response = await fetch(url.split('&id=')[0]!, {
        method: 'PUT',
        headers: {
          'Content-type': 'text/plain; charset=utf-8',
          Authorization: `X-API-Key: ${API_KEY}`,
        },
        body: item.text,
      });
      if (!response.ok) throw new Error(`PUT ${item.path}: HTTP ${response.status}`);
    }),
  );
  return signed.urls;
}

export async function sdkAppend(
  fixture: ApplyFixture,
  projectId: string,
  arrays: {
    contentArray: string[];
    externalIDArray: string[];
    idArray: string[];
    jsonContentArray: string[];
  },
): Promise<void> {
  await fixture.client.request(
    'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }',
    {
      data: {
        ...arrays,
        isHoneypotArray: arrays.idArray.map(() => false),
        jsonMetadataArray: arrays.idArray.map(() => '{}'),
      },
      where: { id: projectId },
    },
  );
}

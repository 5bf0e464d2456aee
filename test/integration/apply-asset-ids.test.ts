import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveAssetId } from '../../src/apply/asset-ids.js';
import { planHasChanges } from '../../src/plan/has-changes.js';
import { applyManifests } from '../../src/workflows/apply.js';
import { readAndPlan } from '../../src/workflows/plan.js';
import {
  type ApplyFixture,
  manifest,
  startApplyFixture,
  workflowOptions,
} from './apply-support.js';

const APPEND =
  'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }';

describe('ids of added assets', () => {
  let fixture: ApplyFixture;

  beforeAll(async () => {
    fixture = await startApplyFixture();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const lines = (ids: string[]) =>
    ids
      .map((id) => `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg`)
      .join('');

  it('are derived from the project and the external ID, and move on when one is taken', async () => {
    const projectId = await fixture.createProject('ids');
    const elsewhere = await fixture.createProject('elsewhere');
    const ids = Array.from({ length: 150 }, (_, i) => `id-${String(i).padStart(3, '0')}`);
    // id-007's first id is held by an asset this project cannot see (here: in another project,
    // as a deleted asset would be on Kili); id-120's by one renamed away in this project.
    await fixture.client.request(APPEND, {
      data: {
        contentArray: ['https://cdn.example.com/other.jpg'],
        externalIDArray: ['unrelated'],
        idArray: [deriveAssetId(projectId, 'id-007')],
      },
      where: { id: elsewhere },
    });
    await fixture.client.request(APPEND, {
      data: {
        contentArray: ['https://cdn.example.com/renamed.jpg'],
        externalIDArray: ['renamed-away'],
        idArray: [deriveAssetId(projectId, 'id-120')],
      },
      where: { id: projectId },
    });
    const path = await fixture.writeManifest('ids.yaml', manifest(projectId, lines(ids)));
    const { result } = await applyManifests(workflowOptions(fixture, [path]));
    expect(result).toMatchObject({ added: 150, failed: [], duplicates: [], interrupted: false });

    const assets = await fixture.listAssets(projectId);
    expect(assets).toHaveLength(151);
    const idOf = new Map(assets.map((asset) => [asset.externalId, asset.id]));
    expect(idOf.get('id-000')).toBe(deriveAssetId(projectId, 'id-000'));
    expect(idOf.get('id-007')).toBe(deriveAssetId(projectId, 'id-007', 1));
    expect(idOf.get('id-120')).toBe(deriveAssetId(projectId, 'id-120', 1));
    expect(idOf.get('id-149')).toBe(deriveAssetId(projectId, 'id-149'));
    const again = await readAndPlan(workflowOptions(fixture, [path]));
    expect(planHasChanges(again.plan)).toBe(false);
  });
});

import { AssetsDocument } from '../graphql/generated.js';
import { countAssets } from '../kili/asset-pages.js';
import type { KiliClient } from '../kili/client.js';
import { PAGE_SIZE } from '../kili/operations.js';
import { readProject } from '../kili/read-project.js';
import type { RemoteProject } from '../plan/remote-state.js';
import { findAssetRowProblems, isOrderedByCreation } from './asset-row-shape.js';
import { type DoctorCheck, describeError, fail, pass } from './checks.js';

export interface ProjectFindings {
  check: DoctorCheck;
  project?: RemoteProject;
  count?: number;
}

/** The project as plan reads it: `projects(where: {id})` and `countAssets`. */
export async function checkProject(
  client: KiliClient,
  projectId: string,
): Promise<ProjectFindings> {
  try {
    const project = await readProject(client, projectId);
    const count = await countAssets(client, { project: { id: projectId } });
    return {
      check: pass(
        'project',
        `${project.title || projectId}: input type ${project.inputType}, ${count} ${count === 1 ? 'asset' : 'assets'}`,
        { projectId, title: project.title, inputType: project.inputType, assetCount: count },
      ),
      project,
      count,
    };
  } catch (error) {
    return { check: fail('project', describeError(error), { projectId }, error) };
  }
}

/**
 * One page of `assets` with exactly the fields and arguments plan sends, checked against what
 * the planner reads: every field's type, at most 100 rows, as many as the count promises, ordered
 * by creation.
 */
export async function checkAssetPage(
  client: KiliClient,
  projectId: string,
  count: number,
): Promise<DoctorCheck> {
  let rows: unknown[];
  try {
    const result = await client.request(AssetsDocument, {
      where: { project: { id: projectId } },
      first: PAGE_SIZE,
      skip: 0,
    });
    rows = Array.isArray(result.data) ? result.data : [];
  } catch (error) {
    return fail(
      'asset-page',
      `the assets query plan sends failed: ${describeError(error)}`,
      {},
      error,
    );
  }
  const expected = Math.min(count, PAGE_SIZE);
  const facts = { rows: rows.length, expectedRows: expected };
  if (rows.length !== expected) {
    return fail(
      'asset-page',
      `the first page held ${rows.length} rows where countAssets promised ${expected}`,
      facts,
    );
  }
  const problems = [...new Set(rows.flatMap(findAssetRowProblems))];
  if (problems.length > 0) {
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    return fail(
      'asset-page',
      `rows differ from what plan reads: ${problems.slice(0, 3).join('; ')}${more}`,
      facts,
    );
  }
  if (!isOrderedByCreation(rows as { createdAt?: unknown }[])) {
    return fail(
      'asset-page',
      'rows are not ordered by createdAt, which offset paging relies on',
      facts,
    );
  }
  if (rows.length === 0) {
    return pass(
      'asset-page',
      'the project is empty: the assets query answered an empty page',
      facts,
    );
  }
  return pass(
    'asset-page',
    `${rows.length} rows with every field plan reads, in the types it expects, ordered by createdAt`,
    facts,
  );
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KiliClient } from '../../src/kili/client.js';
import { applyManifests } from '../../src/workflows/apply.js';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy.js';
import {
  API_KEY,
  type ApplyFixture,
  manifest,
  resultOf,
  runApply,
  startApplyFixture,
  workflowOptions,
} from './apply-support.js';

function assetLines(ids: string[], extra = ''): string {
  return ids
    .map((id) => `\n  - externalId: ${id}\n    content: https://cdn.example.com/${id}.jpg${extra}`)
    .join('');
}

describe('what apply reports is true', () => {
  let fixture: ApplyFixture;
  const proxies: TestProxy[] = [];

  const startProxy = async () => {
    const proxy = await startTestProxy(fixture.emulator.graphqlUrl);
    proxies.push(proxy);
    return proxy;
  };
  /** A client through the proxy that retries as many times as the CLI does, without waiting. */
  const clientThrough = (proxy: TestProxy) =>
    new KiliClient({
      endpoint: proxy.graphqlUrl,
      apiKey: API_KEY,
      rateLimitPerMinute: Number.POSITIVE_INFINITY,
      minRetryDelayMs: 1,
      maxRetryDelayMs: 2,
    });

  beforeAll(async () => {
    fixture = await startApplyFixture();
  });

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('reports external IDs another writer added at the same time, with the command that dedupes', async () => {
    const projectId = await fixture.createProject('other-writer');
    const ids = ['w-0', 'w-1', 'w-2', 'w-3', 'w-4'];
    const path = await fixture.writeManifest(
      'other-writer.yaml',
      manifest(projectId, assetLines(ids)),
    );
    const proxy = await startProxy();
    // A script using the SDK adds two of the same external IDs, with ids of its own.
    proxy.before('appendManyAssets', async () => {
      await fixture.client.request(
        'mutation appendManyAssets($data: AppendManyAssetsData!, $where: ProjectWhere!) { data: appendManyAssets(data: $data, where: $where) { id } }',
        {
          data: {
            contentArray: ['https://cdn.example.com/w-1.jpg', 'https://cdn.example.com/w-3.jpg'],
            externalIDArray: ['w-1', 'w-3'],
          },
          where: { id: projectId },
        },
      );
    });

    const applied = await runApply(fixture, ['apply', path, '--auto-approve'], {
      env: { ...fixture.env(), KILI_API_ENDPOINT: proxy.graphqlUrl },
    });
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain(
      'Apply incomplete: 5 added, 0 changed, 0 renamed, 0 deleted; 2 external IDs have duplicates.',
    );
    expect(applied.stderr).toContain(`w-1 (${projectId}): 2 assets`);
    expect(applied.stderr).toContain(`w-3 (${projectId}): 2 assets`);
    expect(applied.stderr).toContain(
      `hint: delete the unlabeled extra copies with: kili-sync apply --dedupe ${path}`,
    );
    expect(await fixture.listAssets(projectId)).toHaveLength(7);

    // The command given removes the copies (unattended, so with the consent flags).
    const dedupe = await runApply(fixture, [
      'apply',
      '--dedupe',
      path,
      '--auto-approve',
      '--allow-delete',
    ]);
    expect(dedupe.code, dedupe.stderr).toBe(0);
    expect(dedupe.stdout).toContain('2 deleted.');
    const externalIds = (await fixture.listAssets(projectId)).map((asset) => asset.externalId);
    expect(externalIds.sort()).toEqual(ids);
  });

  it('reports an update whose answers were all lost, but which took effect, as applied', async () => {
    const projectId = await fixture.createProject('lost-update');
    const ids = ['u-0', 'u-1', 'u-2'];
    const path = await fixture.writeManifest(
      'lost-update.yaml',
      manifest(projectId, assetLines(ids)),
    );
    expect((await runApply(fixture, ['apply', path, '--auto-approve'])).code).toBe(0);
    await writeFile(path, manifest(projectId, assetLines(ids, '\n    priority: 7')));

    const proxy = await startProxy();
    proxy.dropAnswers('updatePropertiesInAssets');
    const result = resultOf(
      await applyManifests(workflowOptions(fixture, [path], { client: clientThrough(proxy) })),
    );

    // Every attempt ran on the server and lost its answer: the client gave up, the read-back
    // shows the values are there.
    expect(proxy.forwarded.updatePropertiesInAssets).toBe(9);
    expect(result).toMatchObject({ changed: 3, failed: [], interrupted: false });
    const assets = await fixture.listAssets(projectId);
    expect(assets.map((asset) => asset.priority)).toEqual([7, 7, 7]);
  });

  it('counts an add whose follow-up update failed once, as failed; the totals add up to the plan', async () => {
    const projectId = await fixture.createProject('follow-up');
    const path = await fixture.writeManifest(
      'follow-up.yaml',
      manifest(
        projectId,
        `${assetLines(['plain-0', 'plain-1'])}${assetLines(['ranked-0', 'ranked-1'], '\n    priority: 4')}`,
      ),
    );
    const proxy = await startProxy();
    proxy.refuse('updatePropertiesInAssets', '[invalidInput] this server refuses the update');
    const outcome = await applyManifests(
      workflowOptions(fixture, [path], { client: clientThrough(proxy) }),
    );
    const result = resultOf(outcome);

    expect(result.added).toBe(2);
    expect(result.failed.map((failure) => [failure.externalId, failure.action])).toEqual([
      ['ranked-0', 'add'],
      ['ranked-1', 'add'],
    ]);
    expect(result.failed[0]?.message).toBe(
      'added, but setting priority failed: updatePropertiesInAssets: [invalidInput] this server refuses the update',
    );
    const planned = outcome.plan.projects[0]?.changes.length;
    const { added, changed, renamed, deleted, failed } = result;
    expect(added + changed + renamed + deleted + failed.length).toBe(planned);
  });

  it('splits a batch by size, so that one too large for the server cannot fail on every rerun', async () => {
    // Metadata travels in the append itself, whatever the project's type.
    const projectId = await fixture.createProject('heavy');
    // 100 notes of 600 KB: one batch of 100 would be a 60 MB body, over the emulator's 50 MB.
    const text = 'a long transcript '.repeat(Math.floor((600 * 1024) / 18));
    const lines = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({
        externalId: `heavy-${i}`,
        content: `https://cdn.example.com/heavy-${i}.jpg`,
        jsonMetadata: { note: `${i} ${text}` },
      }),
    );
    await writeFile(join(fixture.folder, 'heavy.jsonl'), `${lines.join('\n')}\n`);
    const path = await fixture.writeManifest(
      'heavy.yaml',
      `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${projectId}\nsources:\n  - jsonl: heavy.jsonl\n`,
    );
    const appendsBefore = (await fixture.stats()).requests.appendManyAssets ?? 0;
    const result = resultOf(await applyManifests(workflowOptions(fixture, [path])));

    expect(result).toMatchObject({ added: 100, failed: [], interrupted: false });
    const appends = ((await fixture.stats()).requests.appendManyAssets ?? 0) - appendsBefore;
    // 8 MB per request at most: 60 MB of texts take at least 8 requests.
    expect(appends).toBeGreaterThanOrEqual(8);
    expect((await fixture.stats()).projects[projectId]?.assets).toBe(100);
  });

  it('fails at once on a key that cannot be sent, and warns once about a key sent unencrypted', async () => {
    const projectId = await fixture.createProject('local-errors');
    const path = await fixture.writeManifest(
      'local-errors.yaml',
      manifest(projectId, assetLines(['l-0'])),
    );
    const requestsBefore = await fixture.stats();
    const accented = await runApply(fixture, ['apply', path, '--auto-approve'], {
      env: { ...fixture.env(), KILI_API_KEY: `${API_KEY}\u20ac` },
    });
    expect(accented.code).toBe(1);
    expect(accented.stderr).toContain(
      'error[KS0303]: KILI_API_KEY contains a character that cannot be sent in an HTTP header',
    );
    expect(accented.stderr).not.toContain('unavailable');
    expect((await fixture.stats()).requests).toEqual(requestsBefore.requests);

    const remote = await runApply(fixture, ['apply', path, '--auto-approve'], {
      env: { ...fixture.env(), KILI_API_ENDPOINT: 'http://kili.invalid/api/label/v2/graphql' },
    });
    expect(remote.code).toBe(1);
    const warnings = remote.stderr.match(/warning: the API key will be sent unencrypted/g) ?? [];
    expect(warnings).toHaveLength(1);
    const local = await runApply(fixture, ['plan', path]);
    expect(local.stderr).not.toContain('unencrypted');
  });
});

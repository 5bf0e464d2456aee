import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@kili-sync/emulator';
import { GraphQLClient } from 'graphql-request';
import { Jimp } from 'jimp';
import { runCli } from './run-cli.js';

/**
 * A plan with every kind of change in image, text and PDF projects, made by the built CLI
 * against the emulator: manifests applied once, two assets labeled, then the manifests edited.
 * Every image is a local file, so a report of it needs no network at all.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const MIXED_PLAN_API_KEY = 'ks-test-Html-Secret-5d81be02';

export const PROJECTS = {
  images: 'clq0htmlimages00000000001',
  texts: 'clq0htmltexts000000000001',
  pdfs: 'clq0htmlpdfs0000000000001',
};
/** Text assets added from a JSONL file: enough for the report to need a second page. */
export const EXTRA_TEXTS = 70;

const SEED = `projects:
  - { id: ${PROJECTS.images}, title: Street photos, inputType: IMAGE }
  - { id: ${PROJECTS.texts}, title: Reviews, inputType: TEXT }
  - { id: ${PROJECTS.pdfs}, title: Invoices, inputType: PDF }
`;

async function writePng(path: string, width: number, height: number, color: number) {
  const image = new Jimp({ width, height, color });
  // A diagonal stripe, so a screenshot shows the picture is the picture.
  for (let i = 0; i < Math.min(width, height); i++) image.setPixelColor(0x000000ff, i, i);
  await writeFile(path, await image.getBuffer('image/png'));
}

function imagesManifest(version: 1 | 2): string {
  const assets =
    version === 1
      ? `  - { externalId: street/a, file: img/a.png, jsonMetadata: { camera: x100 } }
  - { externalId: street/b, file: img/b.png, jsonMetadata: { split: train } }
  - { externalId: street/c, file: img/c.png, jsonMetadata: { split: train, weather: sun } }
  - { externalId: street/d, file: img/d.png }
  - { externalId: street/labeled-edit, file: img/e.png }
  - { externalId: street/labeled-gone, file: img/f.png }
`
      : `  - { externalId: street/a, file: img/a.png, jsonMetadata: { camera: x100 } }
  - { externalId: street/b-renamed, renamedFrom: street/b, file: img/b.png, jsonMetadata: { split: val } }
  - { externalId: street/c, file: img/c.png, jsonMetadata: { split: test, weather: { sky: rain } } }
  - { externalId: street/labeled-edit, file: img/e.png }
  - { externalId: street/new, file: img/g.png, priority: 4 }
  - { externalId: street/not-an-image, file: img/broken.png }
`;
  return `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${PROJECTS.images}\nprune: true\nassets:\n${assets}`;
}

function textsManifest(version: 1 | 2): string {
  const assets =
    version === 1
      ? `  - externalId: review-1
    content: "Great shoes.\\nThey fit well.\\nWould buy again."
  - { externalId: review-2, content: "Too small.", jsonMetadata: { stars: 2 } }
  - { externalId: review-3, content: "Delete me." }
`
      : `  - externalId: review-1
    content: "Great shoes.\\nThey fit badly after a week.\\nWould buy again."
  - { externalId: review-2, content: "Too small.", jsonMetadata: { stars: 1, verified: true } }
  - { externalId: review-4, file: texts/review-4.txt }
`;
  const sources = version === 2 ? 'sources:\n  - jsonl: texts/more.jsonl\n' : '';
  return `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${PROJECTS.texts}\nprune: true\nassets:\n${assets}${sources}`;
}

function pdfsManifest(version: 1 | 2): string {
  const extra = version === 2 ? '  - { externalId: invoice-2, file: docs/invoice-2.pdf }\n' : '';
  const year = version === 1 ? 2024 : 2025;
  return `apiVersion: kili-sync/v1\nkind: AssetSet\nproject: ${PROJECTS.pdfs}\nassets:\n  - { externalId: invoice-1, file: docs/invoice-1.pdf, jsonMetadata: { year: ${year} } }\n${extra}`;
}

async function writeManifests(folder: string, version: 1 | 2): Promise<void> {
  await writeFile(join(folder, 'images.yaml'), imagesManifest(version));
  await writeFile(join(folder, 'texts.yaml'), textsManifest(version));
  await writeFile(join(folder, 'pdfs.yaml'), pdfsManifest(version));
}

async function labelAssets(graphqlUrl: string, externalIds: string[]): Promise<void> {
  const client = new GraphQLClient(graphqlUrl, {
    headers: { Authorization: `X-API-Key: ${MIXED_PLAN_API_KEY}` },
  });
  const { assets } = await client.request<{ assets: { id: string }[] }>(
    'query($where: AssetWhere!) { assets(where: $where, first: 100, skip: 0) { id } }',
    { where: { project: { id: PROJECTS.images }, externalIdStrictlyIn: externalIds } },
  );
  await client.request(
    'mutation($data: AppendManyLabelsData!, $where: AssetWhere!) { appendManyLabels(data: $data, where: $where) { id } }',
    {
      data: {
        labelType: 'DEFAULT',
        labelsData: assets.map((asset) => ({ assetID: asset.id, jsonResponse: '{}' })),
      },
      where: { idIn: assets.map((asset) => asset.id) },
    },
  );
}

export interface MixedPlan {
  emulator: Awaited<ReturnType<typeof startEmulator>>;
  env: Record<string, string>;
}

/** Writes the files into `folder`, starts the emulator, applies version 1, labels, edits. */
export async function prepareMixedPlan(folder: string): Promise<MixedPlan> {
  await mkdir(join(folder, 'img'));
  await mkdir(join(folder, 'texts'));
  await mkdir(join(folder, 'docs'));
  const colors = { a: 0xe8743bff, b: 0x19a979ff, c: 0x945ecfff, d: 0x13a4b4ff, e: 0xf2b134ff };
  for (const [name, color] of Object.entries(colors)) {
    await writePng(join(folder, `img/${name}.png`), 320, 240, color);
  }
  await writePng(join(folder, 'img/f.png'), 200, 300, 0x6c8893ff);
  const pdf = join(repoRoot, 'examples/manifests/pdfs/docs/invoice-0001.pdf');
  await copyFile(pdf, join(folder, 'docs/invoice-1.pdf'));
  await copyFile(pdf, join(folder, 'docs/invoice-2.pdf'));
  await writeSeedAndManifests(folder);

  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    db: ':memory:',
    apiKey: MIXED_PLAN_API_KEY,
    seed: join(folder, 'seed.yaml'),
  });
  const env = { KILI_API_KEY: MIXED_PLAN_API_KEY, KILI_API_ENDPOINT: emulator.graphqlUrl };
  const applied = await runCli(['apply', '.', '--auto-approve', '--no-cache'], {
    env,
    cwd: folder,
  });
  if (applied.code !== 0) throw new Error(`apply failed: ${applied.stderr}`);
  await labelAssets(emulator.graphqlUrl, ['street/labeled-edit', 'street/labeled-gone']);

  // Version 2: new pictures, an edited one, an undecodable one, texts from files.
  await writePng(join(folder, 'img/a.png'), 320, 240, 0x2e6fd1ff);
  await writePng(join(folder, 'img/e.png'), 240, 320, 0xd1452eff);
  await writePng(join(folder, 'img/g.png'), 400, 200, 0x5d9c2fff);
  await writeFile(join(folder, 'img/broken.png'), 'this is not a PNG file\n');
  await writeFile(join(folder, 'texts/review-4.txt'), 'Arrived late.\nBox was damaged.\n');
  const lines = Array.from({ length: EXTRA_TEXTS }, (_, i) =>
    JSON.stringify({
      externalId: `bulk-${String(i).padStart(3, '0')}`,
      content: `Bulk review ${i}`,
    }),
  );
  await writeFile(join(folder, 'texts/more.jsonl'), `${lines.join('\n')}\n`);
  await writeManifests(folder, 2);
  return { emulator, env };
}

async function writeSeedAndManifests(folder: string): Promise<void> {
  await writeFile(join(folder, 'seed.yaml'), SEED);
  await writeManifests(folder, 1);
}

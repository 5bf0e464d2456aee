import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@kili-sync/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import {
  type CommandResult,
  environmentOutsideNpmScript,
  runCommand,
} from '../helpers/run-command.js';

/**
 * What a user gets: a checkout as git has it (no dist/), packed with `npm pack` (which builds
 * through `prepare`), installed into an empty folder, and run from there with `npx`.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
};
const apiKey = 'ks-pack-Secret-51d0e2';
// Packing builds with tsc and installing may reach the registry: minutes on a busy machine.
const SLOW = 10 * 60_000;

const work = mkdtempSync(join(tmpdir(), 'kili-sync-pack-'));
const checkout = join(work, 'checkout');
const app = join(work, 'app');
const npmEnv = environmentOutsideNpmScript();

let packedFiles: string[] = [];
/** Why the installed CLI cannot be tried here, when the registry could not be reached. */
let unavailable: string | undefined;

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The files git would give a fresh clone (this working tree's, committed or not). */
function copyCleanCheckout(): void {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  for (const file of listed.split('\0').filter(Boolean)) {
    const from = join(repoRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(checkout, file)), { recursive: true });
    cpSync(from, join(checkout, file));
  }
  // The dependencies `npm ci` would install; linked rather than installed again.
  symlinkSync(join(repoRoot, 'node_modules'), join(checkout, 'node_modules'), 'dir');
}

function npm(args: string[], cwd: string): Promise<CommandResult> {
  return runCommand('npm', args, { cwd, env: npmEnv });
}

beforeAll(async () => {
  copyCleanCheckout();
  expect(existsSync(join(checkout, 'dist'))).toBe(false);

  const packed = await npm(['pack', '--json', '--pack-destination', work], checkout);
  expect(packed.stderr, 'npm pack failed').not.toMatch(/npm error/);
  expect(packed.code).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  packedFiles = info!.files.map((file) => file.path).sort();

  mkdirSync(app);
  await writeFile(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  // Scripts allowed: installing the CLI must still compile nothing (checked below). The
  // emulator, an optional package, is not installed; the tests start it from its source.
  const install = await npm(
    ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, info!.filename)],
    app,
  );
  if (install.code !== 0) {
    const ping = await npm(['ping'], app);
    if (ping.code !== 0) {
      unavailable =
        'the npm registry is unreachable and the npm cache lacks some dependency of the ' +
        `tarball:\n${install.stderr.trim()}`;
      console.warn(`skipping the tests of the installed CLI: ${unavailable}`);
      return;
    }
  }
  expect(install.stderr, 'npm install of the tarball failed').not.toMatch(/npm error/);
  expect(install.code).toBe(0);
}, SLOW);

describe('the packed tarball', () => {
  it('ships what runs: the built CLI, the schemas and the README', () => {
    for (const file of [
      'package.json',
      'README.md',
      'dist/cli/bin.js',
      'schemas/manifest.schema.json',
      'schemas/plan.schema.json',
    ]) {
      expect(packedFiles).toContain(file);
    }
  });

  it('ships no sources, tests, source maps, demo or GitHub Action code', () => {
    const unwanted = packedFiles.filter(
      (file) =>
        !/^(dist|schemas)\//.test(file) && !['package.json', 'README.md', 'LICENSE'].includes(file),
    );
    expect(unwanted).toEqual([]);
    expect(packedFiles.filter((file) => /\.(map|ts|tsbuildinfo)$|\.test\.js$/.test(file))).toEqual(
      [],
    );
    expect(packedFiles.filter((file) => /^dist\/(demo|action)\//.test(file))).toEqual([]);
  });
});

describe('the CLI installed from the tarball into an empty folder', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;

  beforeAll(async () => {
    if (unavailable) return;
    cpSync(join(repoRoot, 'examples/manifests'), join(app, 'manifests'), { recursive: true });
    emulator = await startEmulator({
      port: 0,
      db: ':memory:',
      apiKey,
      seed: join(repoRoot, 'examples/emulator-seed.yaml'),
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  const npx = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runCommand('npx', ['--no', '--', 'kili-sync', ...args], {
      cwd: app,
      env: environmentOutsideNpmScript(extraEnv),
    });

  it('prints its version', async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const result = await npx(['--version']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.code).toBe(0);
  });

  it('says how to add the emulator, with commands that work today', async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const result = await npx(['emulator', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error[KS0106]: the emulator is not installed (@kili-sync/emulator)',
    );
    // Neither package is on the npm registry: never `npm install @kili-sync/emulator`.
    expect(result.stderr).not.toContain('npm install @kili-sync/emulator');
    expect(result.stderr).toContain('npm pack --workspace @kili-sync/emulator');
    expect(result.stderr).toContain(`npm install <path to kili-sync-emulator-${version}.tgz>`);
    // What the hint packs is that file name.
    const packed = await npm(
      ['pack', '--dry-run', '--json', '--workspace', '@kili-sync/emulator'],
      repoRoot,
    );
    expect(JSON.parse(packed.stdout)[0].filename).toBe(`kili-sync-emulator-${version}.tgz`);
  });

  it('validates the example manifests', async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const result = await npx(['validate', 'manifests']);
    // Valid, and what only a plan can check is said.
    expect(result.stderr).toBe(
      "note: 6 inline texts (TEXT projects only) and 5 local files (whose type must fit the project) not checked against each project's input type, which validate does not read: plan checks them\n",
    );
    expect(result.stdout).toBe('4 manifests, 21 assets in 4 projects: valid\n');
    expect(result.code).toBe(0);
  });

  it('plans them against the emulator exactly as the checkout does', async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const env = { KILI_API_KEY: apiKey, KILI_API_ENDPOINT: emulator.graphqlUrl };
    const args = ['plan', 'manifests', '--format', 'json', '--detailed-exitcode', '--no-cache'];
    const installed = await npx(args, env);
    expect(installed.code, installed.stderr).toBe(2);
    expect(installed.stdout + installed.stderr).not.toContain(apiKey);
    const plan = JSON.parse(installed.stdout) as {
      createdAt?: string;
      projects: { projectId: string }[];
    };
    expect(plan.projects.map((project) => project.projectId).sort()).toEqual([
      'clq0imageproj000000000001',
      'clq0pdfproj00000000000001',
      'clq0textproj0000000000001',
      'clq0videoproj000000000001',
    ]);
    // The same manifests, planned by the CLI built in this checkout: the same plan.
    const fromCheckout = await runCli(args, { cwd: app, env });
    expect(fromCheckout.code, fromCheckout.stderr).toBe(2);
    const reference = JSON.parse(fromCheckout.stdout) as { createdAt?: string };
    delete plan.createdAt;
    delete reference.createdAt;
    expect(plan).toEqual(reference);
  });

  it('has no native module and runs no install script: installing it compiles nothing', ({
    skip,
  }) => {
    if (unavailable) skip(unavailable);
    const lock = JSON.parse(readFileSync(join(app, 'node_modules/.package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const installed = Object.keys(lock.packages);
    expect(installed.filter((path) => lock.packages[path]!.hasInstallScript)).toEqual([]);
    expect(installed.filter((path) => /emulator|better-sqlite3|graphql-yoga/.test(path))).toEqual(
      [],
    );
    expect(findNativeModules(join(app, 'node_modules'))).toEqual([]);
  });
});

/** Every compiled addon (`*.node`) under `folder`. */
function findNativeModules(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((path) =>
    path.endsWith('.node'),
  );
}

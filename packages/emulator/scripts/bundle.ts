import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/**
 * The emulator's build: one ES module, dist/index.js, holding the emulator and every library it
 * runs on except better-sqlite3 (a native addon, compiled for the Node that installs it).
 *
 * Why one file: the package then installs a single dependency, so nothing a later release of
 * graphql-yoga's dependency tree asks of Node (some releases of @whatwg-node/* want Node 22.15)
 * reaches the people who install it, and it starts by reading one file instead of some 400
 * modules (about a second less on Node 20). The libraries' licences ship beside it.
 */
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(PACKAGE, 'dist');
const NATIVE = ['better-sqlite3'];
const NOTICES = 'THIRD-PARTY-LICENSES.txt';
const TSC_STATE = '.tsbuildinfo';

// tsc only type-checks (its incremental state stays in dist/); anything else left from an
// earlier build would be packed with the bundle.
if (existsSync(DIST)) {
  for (const name of readdirSync(DIST)) {
    if (name !== TSC_STATE) rmSync(join(DIST, name), { recursive: true, force: true });
  }
}
/** The contract both packages read: kili-sync's codegen, and this server (embedded as text). */
const CONTRACT = join(PACKAGE, '../../contract/kili-api.graphql');

/** `import text from './file?raw'`: the file's text, as vite gives it to tests running the source. */
const rawText: Plugin = {
  name: 'raw-text',
  setup(plugin) {
    plugin.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)),
      namespace: 'raw-text',
    }));
    plugin.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

const result = await build({
  absWorkingDir: PACKAGE,
  entryPoints: [join(PACKAGE, 'src/index.ts')],
  outfile: join(DIST, 'index.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: NATIVE,
  // The CommonJS libraries inside call require() for Node's own modules.
  banner: {
    js: "import { createRequire as bundleCreateRequire } from 'node:module';\nconst require = bundleCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  metafile: true,
  plugins: [rawText],
  logLevel: 'warning',
});
// The package ships the contract it serves, for clients that check their documents against it.
copyFileSync(CONTRACT, join(DIST, 'schema.graphql'));
writeFileSync(join(DIST, NOTICES), describeBundledPackages(Object.keys(result.metafile.inputs)));

/** The name, version, licence and licence text of each package the bundle took files from. */
function describeBundledPackages(inputs: string[]): string {
  const folders = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) folders.add(join(PACKAGE, match[1]!));
  }
  const missing = [...folders].filter((folder) => !existsSync(join(folder, 'package.json')));
  if (missing.length > 0) throw new Error(`bundled files outside a package: ${missing.join(', ')}`);
  const sections = new Map<string, string>();
  for (const folder of folders) {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const licenceFile = readdirSync(folder).find((name) => /^licen[cs]e(\.|$)/i.test(name));
    const text = licenceFile
      ? readFileSync(join(folder, licenceFile), 'utf8').trim()
      : `(no licence file in the package; its package.json says ${manifest.license ?? 'nothing'})`;
    // Nested copies of one release (npm keeps one per dependent) are listed once.
    const title = `${manifest.name}@${manifest.version}`;
    sections.set(title, `${title} (${manifest.license ?? 'unknown'})\n\n${text}`);
  }
  const ordered = [...sections.keys()].sort().map((title) => sections.get(title));
  return `@kili-sync/emulator bundles these packages into dist/index.js.\n\n${ordered.join(`\n\n${'-'.repeat(78)}\n\n`)}\n`;
}

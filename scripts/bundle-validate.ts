import { readFileSync, rmSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/**
 * Run by `npm run build` after tsc: replaces dist/cli/run-validate.js with one bundle of
 * everything `kili-sync validate` loads at start-up (our modules, yaml, commander,
 * lossless-json, picocolors), since resolving and compiling them one by one costs Node 20 about
 * as much as the rest of the run. What validate loads on demand (sources, the large-manifest
 * parser) becomes chunks in dist/bundle/. Everything else keeps tsc's layout: the other
 * commands, the worker, the Action. See src/cli/run-validate.ts.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = `${ROOT}dist`;

/** The libraries validate loads at start-up; other packages stay in node_modules. */
const BUNDLED_PACKAGES = new Set(['yaml', 'commander', 'lossless-json', 'picocolors']);

/** The commands other than validate, which bin.ts never reaches through the bundle. */
const OTHER_COMMAND = /^\.\/(plan|apply|export|doctor|emulator)\.js$/;
/** The module that imports them, on demand. */
const COMMAND_REGISTRY = /[\\/]src[\\/]cli[\\/]commands[\\/]index\.ts$/;

/** The statement of src/version.ts that reads package.json next to dist/ at run time. */
const VERSION_READ = "require('../package.json')";

const layout: Plugin = {
  name: 'kili-sync-validate-bundle',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, (args) => {
      if (isAbsolute(args.path)) return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const name = args.path.startsWith('@')
        ? args.path.split('/').slice(0, 2).join('/')
        : args.path.split('/')[0]!;
      return BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
    });
    // Spelled from dist/'s top, so it resolves alike from dist/cli/ and dist/bundle/.
    bundle.onResolve({ filter: OTHER_COMMAND }, (args) =>
      COMMAND_REGISTRY.test(args.importer)
        ? { path: `../cli/commands/${args.path.slice(2)}`, external: true }
        : undefined,
    );
    // The bundle is not one folder below the package, so it takes the version in at build time.
    bundle.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(VERSION_READ)) {
        throw new Error(
          `${args.path} no longer contains ${VERSION_READ}: update ${import.meta.url}`,
        );
      }
      const packageJson = JSON.stringify(`${ROOT}package.json`);
      const read = '({ version: packageVersion })';
      return {
        contents: `import { version as packageVersion } from ${packageJson};\n${source.replace(VERSION_READ, read)}`,
        loader: 'ts',
      };
    });
  },
};

rmSync(`${DIST}/bundle`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { 'cli/run-validate': `${ROOT}src/cli/run-validate.ts` },
  outdir: DIST,
  chunkNames: 'bundle/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The CommonJS libraries inside call require() for Node's own modules.
  banner: {
    js: "import { createRequire as bundleCreateRequire } from 'node:module';\nconst require = bundleCreateRequire(import.meta.url);",
  },
  plugins: [layout],
  metafile: true,
  logLevel: 'warning',
});

// A command other than validate inside the bundle would run beside its tsc-compiled modules.
const strays = Object.keys(result.metafile.inputs).filter((input) =>
  /^src\/(cli\/commands\/(?!index|validate)|workflows\/(?!validate))/.test(input),
);
if (strays.length > 0) throw new Error(`the validate bundle took in ${strays.join(', ')}`);

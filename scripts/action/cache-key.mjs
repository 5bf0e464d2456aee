// Prints the cache key of the action's install and build (node_modules and dist) to the
// step's outputs. It runs before anything is installed, so it is plain JavaScript.
// The key changes with everything the install and the build read: the lock file, the
// TypeScript settings, scripts/, src/, packages/, and the platform and Node.js ABI they were made for.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts', // the build runs some (e.g. the GraphQL types)
  'src',
  'packages', // workspaces, installed and built with the rest
];

/** The files at or under `path`; none when it does not exist. */
function listFiles(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => listFiles(join(path, name)));
}

const hash = createHash('sha256');
for (const file of INPUTS.flatMap((input) => listFiles(join(root, input))).sort()) {
  hash.update(`${relative(root, file)}\0`);
  hash.update(readFileSync(file));
  hash.update('\0');
}
const { platform, arch } = process;
const key = `kili-sync-${platform}-${arch}-node${process.versions.modules}-${hash.digest('hex').slice(0, 32)}`;

if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `key=${key}\n`);
else process.stdout.write(`${key}\n`);

import { type Command, InvalidArgumentError, Option } from 'commander';
import { openCacheDir } from '../files/cache-dir.js';
import { type ConnectionSettings, resolveConnection } from '../kili/connection.js';
import type { Runtime } from '../runtime.js';
import type { SnapshotCache } from '../workflows/read-remote.js';

/** `--api-key`/`--endpoint`, which override KILI_API_KEY/KILI_API_ENDPOINT. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--api-key <key>', 'Kili API key (default: $KILI_API_KEY)')
    .option('--endpoint <url>', 'Kili GraphQL endpoint (default: $KILI_API_ENDPOINT or Kili cloud)')
    .addOption(
      new Option('--concurrency <n>', 'requests in flight at once')
        .default(4)
        .argParser(parsePositiveInteger),
    );
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  }
  return number;
}

export interface ConnectionFlags {
  apiKey?: string;
  endpoint?: string;
  concurrency: number;
}

/** Resolves the connection from flags and environment, printing its warnings on stderr. */
export function connectionFromFlags(flags: ConnectionFlags, runtime: Runtime): ConnectionSettings {
  const connection = resolveConnection(flags, runtime.env);
  for (const warning of connection.warnings) runtime.stderr.write(`warning: ${warning}\n`);
  return connection;
}

/** `--root DIR`: the folder every local file a manifest (or saved plan) reads must lie in. */
export function addRootOption(command: Command): Command {
  return command.option(
    '--root <dir>',
    'folder local files must lie in (default: the git work tree around each PATH, else the PATH)',
  );
}

/**
 * The options of the commands that plan manifests (plan, apply): `--project ID` (repeatable: only
 * these projects of the manifests), `--root`, the connection, and `--cache-dir`, `--refresh`,
 * `--no-cache` for the snapshots and file hashes of incremental plans.
 */
export function addPlanningOptions(command: Command): Command {
  command.addOption(
    new Option('--project <id>', 'only this project of the manifests (repeatable)')
      .argParser((id: string, previous: string[]) => [...previous, id])
      .default([], 'every project'),
  );
  return addConnectionOptions(addRootOption(command))
    .option(
      '--cache-dir <dir>',
      'where snapshots and file hashes are kept (default: .kili-sync/cache in the root)',
    )
    .option('--refresh', 'read every asset and hash every file again (and refresh the cache)')
    .option('--no-cache', 'neither use nor write snapshots and file hashes');
}

export interface CacheFlags {
  cacheDir?: string;
  refresh?: boolean;
  /** False with `--no-cache`. */
  cache: boolean;
}

export interface PlanningFlags extends ConnectionFlags, CacheFlags {
  root?: string;
  project: string[];
}

/** The snapshot cache for PATHs (manifests), or undefined with `--no-cache`. */
export function cacheFromFlags(
  flags: CacheFlags & { root?: string },
  paths: string[],
  runtime: Runtime,
): SnapshotCache | undefined {
  if (!flags.cache) return undefined;
  const lookup = openCacheDir({ cacheDir: flags.cacheDir, paths, root: flags.root }, runtime.cwd);
  if ('unusable' in lookup) {
    runtime.stderr.write(`warning: ${lookup.unusable}\n`);
    return undefined;
  }
  return { dir: lookup.dir, refresh: flags.refresh === true };
}

import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { KiliSyncError } from '../../errors.js';
import { ensurePrivateFolder } from '../../files/cache-dir.js';
import type { CommandContext } from '../command-context.js';
import { startEmulator } from '../start-emulator.js';

interface EmulatorFlags {
  host: string;
  port: string;
  db?: string;
  apiKey: string;
  latencyMs?: string;
  failRate?: string;
  dropRate?: string;
  rateLimit?: string;
  asyncImportMs?: string;
  asyncImportFailRate?: string;
  seed?: string;
}

const DEFAULT_API_KEY = 'dev';
const DEFAULT_DB = '.kili-sync/emulator.sqlite';

/** `kili-sync emulator`: a local Kili-compatible API, until Ctrl-C. */
export function registerEmulatorCommand(program: Command, context: CommandContext): void {
  program
    .command('emulator')
    .description('run a local Kili-compatible GraphQL API (for demos, tests and benchmarks)')
    .addOption(
      new Option('--host <host>', 'interface to listen on').default('127.0.0.1', '127.0.0.1'),
    )
    .addOption(
      new Option('--port <port>', 'port to listen on (0 picks a free one)').default('4000', '4000'),
    )
    .option('--db <file>', `SQLite file, or :memory: (default: ${DEFAULT_DB})`)
    .addOption(
      new Option('--api-key <key>', 'the API key clients must send').default(
        DEFAULT_API_KEY,
        DEFAULT_API_KEY,
      ),
    )
    .option('--latency-ms <n>', 'delay every GraphQL answer by N milliseconds')
    .option('--fail-rate <p>', 'answer this share of calls with 503 or 429 without executing')
    .option('--drop-rate <p>', 'execute this share of calls, then drop the connection unanswered')
    .option('--rate-limit <n>', 'allow N calls per minute per API key; 429 beyond')
    .option(
      '--async-import-ms <n>',
      'keep asynchronous imports PENDING for N milliseconds before their assets appear (default 300)',
    )
    .option(
      '--async-import-fail-rate <p>',
      'fail the processing of this share of asynchronously imported assets (notification FAILURE)',
    )
    .option('--seed <file>', 'YAML file of projects to create with fixed ids')
    .action(async (flags: EmulatorFlags) => {
      await runEmulator(flags, context);
    });
}

async function runEmulator(flags: EmulatorFlags, context: CommandContext): Promise<void> {
  const { runtime } = context;
  const port = parseNumber('--port', flags.port, { integer: true, max: 65535 });
  const faults = {
    latencyMs: parseOptionalNumber('--latency-ms', flags.latencyMs, {}),
    failRate: parseOptionalNumber('--fail-rate', flags.failRate, { max: 1 }),
    dropRate: parseOptionalNumber('--drop-rate', flags.dropRate, { max: 1 }),
    rateLimitPerMinute: parseOptionalNumber('--rate-limit', flags.rateLimit, {}),
    asyncImportFailRate: parseOptionalNumber(
      '--async-import-fail-rate',
      flags.asyncImportFailRate,
      { max: 1 },
    ),
  };
  const asyncImportMs = parseOptionalNumber('--async-import-ms', flags.asyncImportMs, {});
  if (flags.apiKey.trim() === '') {
    throw new KiliSyncError('usage', '--api-key must not be empty', {
      hint: `omit it to use the default key "${DEFAULT_API_KEY}"`,
    });
  }
  const db = flags.db === ':memory:' ? ':memory:' : resolve(runtime.cwd, flags.db ?? DEFAULT_DB);
  if (db !== ':memory:') {
    if (flags.db === undefined) ensurePrivateFolder(dirname(db));
    else mkdirSync(dirname(db), { recursive: true });
  }

  const emulator = await startEmulator({
    host: flags.host,
    port,
    db,
    apiKey: flags.apiKey,
    faults,
    asyncImportMs,
    seed: flags.seed === undefined ? undefined : resolve(runtime.cwd, flags.seed),
    log: (line) => {
      if (runtime.verbose) runtime.stderr.write(`${line}\n`);
    },
    warn: (line) => runtime.stderr.write(`warning: ${line}\n`),
  });
  // One rule for every key, the default one included: an API key is never printed.
  const keySource =
    flags.apiKey === DEFAULT_API_KEY
      ? 'the default --api-key, see kili-sync emulator --help'
      : 'the --api-key value';
  runtime.stdout.write(`${emulator.graphqlUrl}\n`);
  runtime.stderr.write(`Kili emulator listening on ${emulator.url} (API key: ${keySource})\n`);
  runtime.stderr.write(
    `GraphiQL: open ${emulator.graphqlUrl} in a browser and add the header ` +
      `{"Authorization": "X-API-Key: <the API key>"} in its Headers tab ` +
      '(the page loads GraphiQL from a CDN, so it needs internet access)\n',
  );
  const processing =
    asyncImportMs === undefined ? '' : `; asynchronous imports take ${asyncImportMs} ms`;
  runtime.stderr.write(`database: ${db}${describeFaults(faults)}${processing}\n`);
  runtime.stderr.write('press Ctrl-C to stop\n');

  // Stopped on the first Ctrl-C or SIGTERM, and closed cleanly: its database is written.
  const release = runtime.holdInterrupts();
  const parentExit = watchParentExit();
  const aborted = runtime.signal.aborted ? Promise.resolve() : once(runtime.signal, 'abort');
  const stoppedBy = await Promise.race([
    aborted.then(() => 'signal' as const),
    parentExit.ended.then(() => 'parent' as const),
  ]);
  parentExit.stop();
  if (stoppedBy === 'parent') {
    runtime.stderr.write('the process that started the emulator has ended: stopping\n');
  }
  await emulator.close();
  release();
  runtime.stderr.write('Kili emulator stopped\n');
}

/**
 * `ended` resolves once the process that started this one has ended (this one is then adopted
 * by another): a wrapper such as `npx` may end on SIGTERM without passing it on, and an emulator
 * left listening would hold its port. Checked every second, without keeping the process alive.
 */
function watchParentExit(): { ended: Promise<void>; stop(): void } {
  const parent = process.ppid;
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolveWait) => {
    timer = setInterval(() => {
      if (process.ppid !== parent) resolveWait();
    }, 1_000);
    timer.unref();
  });
  return { ended, stop: () => clearInterval(timer) };
}

function describeFaults(faults: Record<string, number | undefined>): string {
  const active = Object.entries(faults)
    .filter(([, value]) => value !== undefined && value > 0)
    .map(([key, value]) => `${key}=${value}`);
  return active.length > 0 ? `; faults: ${active.join(', ')}` : '';
}

interface NumberRule {
  integer?: boolean;
  max?: number;
}

function parseOptionalNumber(flag: string, raw: string | undefined, rule: NumberRule) {
  return raw === undefined ? undefined : parseNumber(flag, raw, rule);
}

/** A number of at least 0 (and at most `max`), or a usage error naming the flag. */
function parseNumber(flag: string, raw: string, rule: NumberRule): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const max = rule.max ?? Number.POSITIVE_INFINITY;
  const valid =
    Number.isFinite(value) &&
    value >= 0 &&
    value <= max &&
    (!rule.integer || Number.isInteger(value));
  if (valid) return value;
  const expected =
    rule.max === 1
      ? 'a probability between 0 and 1 (e.g. 0.1)'
      : rule.integer
        ? `a whole number between 0 and ${max}`
        : 'a number of at least 0';
  throw new KiliSyncError('usage', `invalid value for ${flag}: ${JSON.stringify(raw)}`, {
    hint: `${flag} takes ${expected}`,
  });
}

import { Command, Option } from 'commander';

/** Every knob of a benchmark run, resolved once from flags and environment. */
export interface BenchConfig {
  smoke: boolean;
  /** Multiplies every asset count. */
  scale: number;
  latencyMs: number;
  /** Calls per minute per key, enforced by the emulator and respected by both clients. */
  rateLimitPerMinute: number;
  /** Requests kili-sync keeps in flight. */
  concurrency: number;
  /** Runs of each side of an offline row and its reference, the fastest kept. */
  repeats: number;
  /** Scenario names to run; empty means all. */
  only: string[];
  /** The command line that produced the run, written into RESULTS.md. */
  command: string;
  sizes: BenchSizes;
}

/** Asset counts of every scenario after scaling. */
export interface BenchSizes {
  planSmall: number;
  planLarge: number;
  declaredPruneOff: number;
  appends: number;
  updates: number;
  deletes: number;
  soak: number;
  validateAssets: number;
  jsonlLines: number;
  pureDiff: number;
  /** Changes in the plan streamed as JSON. */
  planJsonChanges: number;
  /** Local files declared by the file hash cache scenario. */
  localFiles: number;
  /** Changes in the plan rendered as the HTML report and opened in Chromium. */
  planHtmlChanges: number;
  /** Hosted videos applied (asynchronous imports). */
  videos: number;
  /** Videos of local frames applied (30 frames each). */
  frameSequences: number;
}

const FULL_SIZES: BenchSizes = {
  planSmall: 10_000,
  planLarge: 100_000,
  declaredPruneOff: 1_000,
  appends: 10_000,
  updates: 10_000,
  deletes: 1_000,
  soak: 10_000,
  validateAssets: 100_000,
  jsonlLines: 1_000_000,
  pureDiff: 100_000,
  planJsonChanges: 1_000_000,
  localFiles: 20_000,
  planHtmlChanges: 100_000,
  videos: 1_000,
  frameSequences: 200,
};

/** Below these sizes a scenario stops measuring what it is named after. */
const MIN_SIZES: BenchSizes = {
  planSmall: 200,
  planLarge: 1_000,
  declaredPruneOff: 20,
  appends: 200,
  updates: 200,
  deletes: 20,
  soak: 500,
  validateAssets: 1_000,
  jsonlLines: 10_000,
  pureDiff: 1_000,
  planJsonChanges: 10_000,
  localFiles: 200,
  planHtmlChanges: 1_000,
  videos: 150,
  frameSequences: 4,
};

const SMOKE_SCALE = 0.01;
const SMOKE_LATENCY_MS = 5;
const SMOKE_RATE_LIMIT = 6_000;
/** Three runs of each offline side: enough for the fastest to shed most interference. */
const SIDE_BY_SIDE_REPEATS = 3;

/** Applies `scale` to the full sizes, never going under the minimums. */
export function scaleSizes(scale: number): BenchSizes {
  const sizes = { ...FULL_SIZES };
  for (const key of Object.keys(sizes) as (keyof BenchSizes)[]) {
    sizes[key] = Math.max(MIN_SIZES[key], Math.round(FULL_SIZES[key] * scale));
  }
  return sizes;
}

/**
 * Reads `--smoke`, `--scale`, `--latency-ms`, `--rate-limit`, `--concurrency`, `--repeats`,
 * `--only`, falling back to `BENCH_SMOKE`, `BENCH_SCALE`, `BENCH_LATENCY_MS`, `BENCH_RATE_LIMIT`,
 * `BENCH_CONCURRENCY`, `BENCH_REPEATS`, `BENCH_ONLY`.
 */
export function resolveBenchConfig(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
): BenchConfig {
  const program = new Command('bench')
    .option('--smoke', 'tiny, fast run that fails on wrong correctness figures')
    .addOption(new Option('--scale <n>', 'multiplies every asset count').argParser(parsePositive))
    .addOption(new Option('--latency-ms <n>', 'emulator latency').argParser(parseNonNegative))
    .addOption(new Option('--rate-limit <n>', 'calls per minute').argParser(parsePositive))
    .addOption(
      new Option('--concurrency <n>', 'kili-sync requests in flight').argParser(parsePositive),
    )
    .addOption(
      new Option('--repeats <n>', 'runs of each offline side, the fastest kept').argParser(
        parsePositive,
      ),
    )
    .option('--only <names>', 'comma-separated scenario names')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const flags = program.opts<{
    smoke?: boolean;
    scale?: number;
    latencyMs?: number;
    rateLimit?: number;
    concurrency?: number;
    repeats?: number;
    only?: string;
  }>();

  const smoke = flags.smoke === true || isTruthy(env.BENCH_SMOKE);
  const scale = flags.scale ?? readNumber(env.BENCH_SCALE) ?? (smoke ? SMOKE_SCALE : 1);
  const only = (flags.only ?? env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  return {
    smoke,
    scale,
    latencyMs:
      flags.latencyMs ?? readNumber(env.BENCH_LATENCY_MS) ?? (smoke ? SMOKE_LATENCY_MS : 250),
    rateLimitPerMinute:
      flags.rateLimit ?? readNumber(env.BENCH_RATE_LIMIT) ?? (smoke ? SMOKE_RATE_LIMIT : 500),
    concurrency: flags.concurrency ?? readNumber(env.BENCH_CONCURRENCY) ?? 4,
    repeats: Math.max(
      1,
      Math.round(
        flags.repeats ?? readNumber(env.BENCH_REPEATS) ?? (smoke ? 1 : SIDE_BY_SIDE_REPEATS),
      ),
    ),
    only,
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    sizes: scaleSizes(scale),
  };
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value);
}

function readNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`expected a non-negative number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`expected a positive number: ${value}`);
  return parsed;
}

function parseNonNegative(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`expected a non-negative number: ${value}`);
  }
  return parsed;
}

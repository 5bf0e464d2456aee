import { fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job } from './jobs.js';

/** The fastest a run of `requests` calls can be under the protocol's two limits. */
export interface ProtocolBound {
  /** requests × latency ÷ concurrency. */
  latencyMs: number;
  /** requests ÷ rate cap. */
  rateMs: number;
  /** The larger of the two. */
  boundMs: number;
}

/** kili-sync's own client cap (KiliClient's default, Kili's documented limit), in calls/min. */
export const KILI_SYNC_RATE_CAP = 500;

/** The cap that governs a side: its own limiter or the server's, whichever is lower. */
export function governingRate(side: 'kili-sync' | 'baseline', serverRatePerMinute: number): number {
  return side === 'kili-sync'
    ? Math.min(KILI_SYNC_RATE_CAP, serverRatePerMinute)
    : serverRatePerMinute;
}

/** max(requests × latency ÷ concurrency, requests ÷ rate cap). */
export function computeProtocolBound(
  requests: number,
  latencyMs: number,
  concurrency: number,
  rateLimitPerMinute: number,
): ProtocolBound {
  const latencyBound = (requests * latencyMs) / Math.max(1, concurrency);
  const rateBound = (requests * 60_000) / rateLimitPerMinute;
  return { latencyMs: latencyBound, rateMs: rateBound, boundMs: Math.max(latencyBound, rateBound) };
}

/** What a child process reports about the job it ran. */
export interface ChildReport<Figures = Record<string, unknown>> {
  /** Wall time of the measured section only. */
  wallMs: number;
  /** CPU time of the measured section (user + system). */
  cpuMs: number;
  /** Peak resident set size of the whole child process, in bytes. */
  maxRssBytes: number;
  figures: Figures;
}

const CHILD_ENTRY = fileURLToPath(new URL('./child/run-job.ts', import.meta.url));
const RSS_PRELOAD = fileURLToPath(new URL('./child/report-rss.mjs', import.meta.url));

/**
 * Runs one job in a fresh Node process (tsx), so its peak RSS is its own and one scenario does
 * not inflate another's memory. The job travels as JSON; the report comes back over IPC.
 * `inProcess` (the smoke run) skips the process start-up and reports no peak RSS.
 */
export async function runJobInChild<Figures>(
  job: Job,
  options: { inProcess?: boolean } = {},
): Promise<ChildReport<Figures>> {
  if (options.inProcess) {
    const { dispatchJob } = await import('./child/dispatch-job.js');
    const measured = await dispatchJob(job);
    return { ...measured, figures: measured.figures as Figures, maxRssBytes: Number.NaN };
  }
  return new Promise((resolve, reject) => {
    const child = fork(CHILD_ENTRY, [JSON.stringify(job)], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: ChildReport<Figures> | undefined;
    let failure: string | undefined;
    child.on('message', (message: { report?: ChildReport<Figures>; error?: string }) => {
      report = message.report ?? report;
      failure = message.error ?? failure;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (report) resolve(report);
      else reject(new Error(failure ?? `benchmark child exited with code ${code}`));
    });
  });
}

export interface ProcessRun {
  wallMs: number;
  /** User + system CPU of the whole process, every thread included. */
  cpuMs: number;
  maxRssBytes: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const BIN = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
/** Output kept from a measured process: enough for a summary line or an error. */
const KEPT_OUTPUT_CHARS = 20_000;

export interface RunOptions {
  /**
   * For a process that runs until stopped (`kili-sync emulator`): the wall time stops once its
   * stdout so far satisfies this, and the process is then stopped with SIGINT (Ctrl-C).
   */
  readyWhen?: (stdout: string) => boolean;
}

/**
 * Runs the built CLI as users do (`node dist/cli/bin.js …`). Wall time includes Node's
 * start-up.
 */
export function runBuiltCli(
  args: string[],
  cwd: string,
  options: RunOptions = {},
): Promise<ProcessRun> {
  return runNodeScript(BIN, args, cwd, options);
}

/**
 * Runs a Node script in a fresh process and reads its peak RSS and CPU time, which a preloaded
 * module writes when the process exits, so a reference script and the CLI are measured alike.
 */
export async function runNodeScript(
  script: string,
  args: string[],
  cwd: string,
  options: RunOptions = {},
): Promise<ProcessRun> {
  const usageFile = join(tmpdir(), `kili-sync-bench-rss-${process.pid}-${randomUUID()}.json`);
  const started = performance.now();
  let readyMs: number | undefined;
  const { exitCode, stdout, stderr } = await new Promise<{
    exitCode: number;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RSS_PRELOAD, script, ...args], {
      cwd,
      env: { ...process.env, BENCH_RSS_FILE: usageFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => {
        if (output[stream].length < KEPT_OUTPUT_CHARS) output[stream] += chunk;
        if (stream === 'stdout' && readyMs === undefined && options.readyWhen?.(output.stdout)) {
          readyMs = performance.now() - started;
          child.kill('SIGINT');
        }
      });
    }
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, ...output }));
  });
  const wallMs = readyMs ?? performance.now() - started;
  const usage = await readFile(usageFile, 'utf8')
    .then((text) => JSON.parse(text) as { maxRssBytes: number; cpuMs: number })
    .catch(() => ({ maxRssBytes: Number.NaN, cpuMs: Number.NaN }));
  await rm(usageFile, { force: true });
  return { wallMs, ...usage, exitCode, stdout, stderr };
}

/** Runs `section` and reports its wall and CPU time; the caller adds memory and figures. */
export async function timeSection<T>(
  section: () => Promise<T>,
): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await section();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1_000 };
}

/** Peak RSS of this process so far, in bytes (`maxRSS` is in kibibytes). */
export function readMaxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1_024;
}

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Check, ResultRow, ScenarioContext } from '../outcome.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TEST_FILE = 'test/integration/incremental-equivalence.test.ts';

/**
 * The long run of the randomized equivalence test: `rounds` seeded rounds of remote changes,
 * after each of which the incremental plan must equal a full read (the suite runs 50).
 */
export async function runEquivalenceScenario(
  context: ScenarioContext,
  rounds: number,
): Promise<{ rows: ResultRow[]; checks: Check[] }> {
  const name = `incremental plan = full read, ${rounds} seeded rounds of remote changes`;
  context.log(`${name}: ${TEST_FILE}`);
  const started = performance.now();
  const { code, output } = await runVitest(rounds);
  const wallMs = performance.now() - started;
  const passed = code === 0;
  const seed = /\(seed (\d+)\)/.exec(output)?.[1] ?? 'default';
  return {
    rows: [
      {
        scenario: name,
        side: 'kili-sync (equivalence test)',
        wallMs,
        notes: [
          `seed ${seed}`,
          passed ? 'every round equal' : 'FAILED',
          'emulator without latency',
        ],
      },
    ],
    checks: [
      {
        kind: 'correctness',
        name: `${name}: every incremental plan equals the full read`,
        ok: passed,
        measured: passed ? `${rounds} rounds passed` : `vitest exited with ${code}`,
        cause: passed
          ? undefined
          : output
              .split('\n')
              .filter((line) => /FAIL|Error/.test(line))
              .slice(0, 3)
              .join(' / '),
      },
    ],
  };
}

function runVitest(rounds: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vitest', 'run', TEST_FILE], {
      cwd: REPO,
      env: { ...process.env, KILI_SYNC_EQUIVALENCE_ROUNDS: String(rounds), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

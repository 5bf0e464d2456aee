#!/usr/bin/env node
// Runs the official Kili SDK fidelity harness (../shared/sdk-fidelity/run.sh, beside the clone)
// against the built emulator and kili-sync, then judges its report: any failed check fails CI.
// Usage (from the project root, after `npm run build`): node scripts/sdk-fidelity.mjs [run.sh flags]
// With no flag it runs every group (`--core` leaves out `extra` and `media`). Exits 0 when the
// harness is not beside the clone.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const runSh = resolve('..', 'shared', 'sdk-fidelity', 'run.sh');
if (!existsSync(runSh)) {
  console.log(`sdk-fidelity: ${runSh} not found, skipped`);
  process.exit(0);
}
const args = process.argv.slice(2);
const reportPath = join(
  process.env.FID_DIR ?? join(homedir(), '.cache', 'kili-sdk-fidelity'),
  'out',
  'report.json',
);
const startedAt = Date.now();

const { exitCode, lastLine } = await runHarness(['bash', runSh, ...args]);
console.log(`sdk-fidelity: harness exited ${exitCode}; its last line: ${lastLine}`);

if (!existsSync(reportPath) || statSync(reportPath).mtimeMs < startedAt - 1000) {
  console.error(`sdk-fidelity: no fresh report at ${reportPath}; failing`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const failed = report.results.filter((result) => !result.ok);
for (const result of failed) {
  console.error(`sdk-fidelity: FAILED [${result.group}] ${result.name}: ${result.detail}`);
}
if (failed.length > 0 || exitCode !== 0) {
  console.error(
    `sdk-fidelity: ${failed.length} failed check(s)` +
      (failed.length === 0 ? ', and the harness exited non-zero without a failed check' : ''),
  );
  process.exit(1);
}
console.log(`sdk-fidelity: ${report.results.length} passed`);

/** Runs the harness with its output passed through, keeping its last non-empty line. */
function runHarness([command, ...commandArgs]) {
  return new Promise((done) => {
    let lastLine = '';
    let pending = '';
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) lastLine = line.trim();
    });
    child.on('close', (code) => {
      if (pending.trim()) lastLine = pending.trim();
      done({ exitCode: code ?? 1, lastLine });
    });
  });
}

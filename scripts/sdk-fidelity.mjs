#!/usr/bin/env node
// Runs the official Kili SDK fidelity harness (../shared/sdk-fidelity/run.sh, beside the clone)
// against the built emulator and kili-sync, then judges its report: any failed check fails CI,
// but for the one listed below, which asks kili-sync to store what the SDK itself never stores,
// matched by its exact name AND by every difference it reports, so any other failure still fails.
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
/**
 * The checks that ask for the impossible, each with what makes its failure expected. This one
 * reads back kili-sync's VIDEO assets and wants them as declared, where the SDK (and so
 * kili-sync, as the media checks require) adds `processingParameters: {}` to a video's
 * metadata and stores frames as an uploaded index `{"0": url, …}`, which the harness's next
 * check demands; kili-sync also records what it uploaded under `kiliSync`. A difference of
 * any other kind fails.
 */
const IMPOSSIBLE = [
  {
    name: 'SDK reads back what kili-sync wrote to the VIDEO project (content, jsonMetadata with processingParameters, jsonContent frames)',
    matches: (detail) =>
      detail.startsWith('WRONG RESULT: ') &&
      detail
        .slice('WRONG RESULT: '.length)
        .split('; ')
        .every((part) => isSdkMetadata(part) || isFramesIndexFile(part)),
  },
];

/** `x.jsonMetadata={…} (want {…})` where only `processingParameters: {}` and `kiliSync` differ. */
function isSdkMetadata(part) {
  const found = /^[\w.-]+\.jsonMetadata=(\{.*\}) \(want (\{.*\})\)$/.exec(part);
  if (!found) return false;
  const parse = (text) => JSON.parse(text.replaceAll("'", '"'));
  try {
    const { processingParameters, kiliSync: _record, ...rest } = parse(found[1]);
    const wanted = parse(found[2]);
    if (processingParameters !== undefined && 'processingParameters' in wanted) return false;
    const sdkDefault =
      processingParameters === undefined || JSON.stringify(processingParameters) === '{}';
    return sdkDefault && JSON.stringify(rest) === JSON.stringify(wanted);
  } catch {
    return false;
  }
}

/** A frames asset whose jsonContent is the uploaded index file (checked by the next check). */
function isFramesIndexFile(part) {
  return /^[\w.-]+\.jsonContent='https?:\/\/[^']*\/files\?signature=[^']*&id=[^']*jsonContent[^']*' \(want the declared list as JSON\)$/.test(
    part,
  );
}

const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const failed = report.results.filter((result) => !result.ok);
const expected = failed.filter((result) =>
  IMPOSSIBLE.some((known) => known.name === result.name && known.matches(result.detail)),
);
const real = failed.filter((result) => !expected.includes(result));
for (const result of expected) {
  console.log(
    `sdk-fidelity: expected failure of "${result.name}" (it asks for what the SDK never stores)`,
  );
}
for (const result of real) {
  console.error(`sdk-fidelity: FAILED [${result.group}] ${result.name}: ${result.detail}`);
}
if (real.length > 0 || (exitCode !== 0 && failed.length === 0)) {
  console.error(
    `sdk-fidelity: ${real.length} failed check(s)` +
      (failed.length === 0 ? ', and the harness exited non-zero without a failed check' : ''),
  );
  process.exit(1);
}
console.log(
  `sdk-fidelity: ${report.results.length - failed.length} passed, ${expected.length} expected to fail`,
);

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

#!/usr/bin/env node
// Runs the official Kili SDK fidelity harness (../shared/sdk-fidelity/run.sh, beside the clone)
// against the built emulator and kili-sync, then judges its report. Any failed check fails CI,
// except the checks listed below (one no server can pass, one that asks export to write signed
// URLs, which kili-sync refuses to by design), each matched by its exact
// name AND the reason the SDK gave, so a different failure of the same check still fails.
// Usage (from the project root, after `npm run build`): node scripts/sdk-fidelity.mjs [run.sh flags]
// With no flag it passes --core. Exits 0 when the harness is not beside the clone.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const HARNESS_DEFECTS = [
  {
    name: 'SDK assets(download_media=True) on the file kili-sync uploaded',
    reason: 'MissingPropertyError',
    matches: (detail) => detail.includes('MissingPropertyError'),
    why:
      'the harness asks for fields=["content"] with download_media=True; SDK 26.1.5 refuses ' +
      'before sending any request (it needs externalId), so no server can pass this check',
  },
  {
    name: "kili-sync export of the SDK-written project == SDK's view, and its plan is empty",
    reason: 'only signed-URL content left out of the export',
    // Every mismatch must be `<asset>.content: export=None sdk='<signed URL>'`: anything else
    // (a number, metadata, a plain URL) still fails.
    matches: (detail) =>
      detail.startsWith('WRONG RESULT: ') &&
      detail
        .slice('WRONG RESULT: '.length)
        .split('; ')
        .every((part) =>
          /^[\w.-]+\.content: export=None sdk='https?:\/\/[^']*[?&]signature=[^']*'$/.test(part),
        ),
    why:
      'export leaves Kili-hosted signed URLs out on purpose: a signed URL fetches the file ' +
      'without a key, and plans, exports and PR comments must not carry one (README, "No ' +
      'credentials in outputs"); the exported manifest then does not manage that content, and ' +
      'its plan is empty',
  },
];

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

const { exitCode, lastLine } = await runHarness([
  'bash',
  runSh,
  ...(args.length ? args : ['--core']),
]);
console.log(`sdk-fidelity: harness exited ${exitCode}; its last line: ${lastLine}`);

if (!existsSync(reportPath) || statSync(reportPath).mtimeMs < startedAt - 1000) {
  console.error(`sdk-fidelity: no fresh report at ${reportPath}; failing`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const failed = report.results.filter((result) => !result.ok);
const tolerated = [];
const real = [];
for (const result of failed) {
  const defect = HARNESS_DEFECTS.find(
    (known) => known.name === result.name && known.matches(result.detail),
  );
  if (defect) tolerated.push({ result, defect });
  else real.push(result);
}
for (const { result, defect } of tolerated) {
  console.log(`sdk-fidelity: tolerated "${result.name}" (${defect.reason}): ${defect.why}`);
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
  `sdk-fidelity: ${report.results.length - failed.length} passed, ${tolerated.length} tolerated`,
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

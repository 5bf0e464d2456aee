#!/usr/bin/env node
import module from 'node:module';
import { VERSION } from '../version.js';
import { commandNameIn } from './command-name.js';

// Node 22.1+ keeps the compiled code of the modules loaded from here on in a disk cache, so
// later starts skip compiling them (NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has none.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before the command parser loads, as the parser would answer it.
  process.stdout.write(`${VERSION}\n`);
} else {
  // `validate` starts from one bundled file (see run-validate.ts); every other command from
  // the modules tsc compiled.
  const { runOnProcess } =
    commandNameIn(args) === 'validate'
      ? await import('./run-validate.js')
      : await import('./run-on-process.js');
  // The one place the process ends at once: a second Ctrl-C, with requests still in flight.
  process.exitCode = await runOnProcess(args, (code) => process.exit(code));
}

#!/usr/bin/env node
import module from 'node:module';
import { VERSION } from '../version.js';

// Node 22.1+ keeps the compiled code of the modules loaded from here on in a disk cache, so
// later starts skip compiling them (NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has none.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before the command parser loads, as the parser would answer it.
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runOnProcess } = await import('./run-on-process.js');
  process.exitCode = await runOnProcess(args);
}

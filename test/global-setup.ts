import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The end-to-end tests run the built CLI (`dist/cli/bin.js`) as users do. Build it from the
 * current source before any test runs, so `vitest` alone never tests stale code. The build is
 * incremental: when nothing changed it only checks.
 */
export default function buildCli(): void {
  execFileSync('npm', ['run', '--silent', 'build'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: 'inherit',
  });
}

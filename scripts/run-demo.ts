import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@kili-sync/emulator';

/**
 * `npm run demo`: a complete walk through kili-sync against a throwaway local emulator —
 * plan the examples, apply them, then plan again and see nothing left to do.
 */
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const cli = join(repoRoot, 'dist/cli/bin.js');
const apiKey = 'demo-key';

// Headings are bold only where the CLI colours its own output: FORCE_COLOR, NO_COLOR, a TTY.
const forceColor = process.env.FORCE_COLOR;
const useColor =
  forceColor !== undefined && forceColor !== '0' && forceColor !== 'false'
    ? true
    : !process.env.NO_COLOR && process.stdout.isTTY === true;
const bold = (text: string) => (useColor ? `\x1b[1m${text}\x1b[0m` : text);

async function runStep(title: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  process.stdout.write(`\n${bold(`# ${title}`)}\n$ kili-sync ${args.join(' ')}\n`);
  const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function runDemo(): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), 'kili-sync-demo-'));
  const emulator = await startEmulator({
    port: 0,
    db: join(folder, 'emulator.sqlite'),
    apiKey,
    seed: join(repoRoot, 'examples/emulator-seed.yaml'),
  });
  process.stdout.write(`Started a local Kili emulator at ${emulator.graphqlUrl}\n`);
  const env = { ...process.env, KILI_API_KEY: apiKey, KILI_API_ENDPOINT: emulator.graphqlUrl };
  try {
    const steps: [string, string[], number[]][] = [
      ['Check the manifests (offline)', ['validate', 'examples/manifests'], [0]],
      ['What would change?', ['plan', 'examples/manifests'], [0]],
      ['Make it so', ['apply', 'examples/manifests', '--auto-approve'], [0]],
      ['Nothing left to do', ['plan', 'examples/manifests', '--detailed-exitcode'], [0]],
    ];
    for (const [title, args, expected] of steps) {
      const code = await runStep(title, args, env);
      if (!expected.includes(code)) {
        process.stderr.write(`\ndemo failed: "kili-sync ${args.join(' ')}" exited ${code}\n`);
        return 1;
      }
    }
    process.stdout.write('\nDemo complete: the projects match examples/manifests.\n');
    return 0;
  } finally {
    await emulator.close();
    await rm(folder, { recursive: true, force: true });
  }
}

process.exitCode = await runDemo();

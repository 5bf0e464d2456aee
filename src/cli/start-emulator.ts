import type { EmulatorOptions, RunningEmulator } from '@kili-sync/emulator';
import { KiliSyncError } from '../errors.js';
import { VERSION } from '../version.js';

const EMULATOR_PACKAGE = '@kili-sync/emulator';

/**
 * Starts the emulator, loading its package only now: it is installed apart from the CLI (it
 * carries a native SQLite module and a GraphQL server), so every other command starts without
 * it and a CLI install compiles nothing.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const emulator = await loadEmulatorPackage();
  try {
    return await emulator.startEmulator(options);
  } catch (error) {
    if (error instanceof emulator.EmulatorUsageError) {
      throw new KiliSyncError('emulator-cannot-start', error.message, {
        hint: error.hint,
        cause: error,
      });
    }
    throw error;
  }
}

async function loadEmulatorPackage() {
  try {
    return await import('@kili-sync/emulator');
  } catch (error) {
    if (isMissingPackage(error)) {
      throw new KiliSyncError(
        'emulator-not-installed',
        `the emulator is not installed (${EMULATOR_PACKAGE})`,
        {
          hint:
            // Not on the npm registry: its tarball is made from a clone of kili-sync.
            `in a clone of kili-sync, run npm ci (it installs the emulator as a workspace); to add it ` +
            `next to an installed kili-sync, run npm pack --workspace ${EMULATOR_PACKAGE} in a clone, ` +
            `then npm install <path to kili-sync-emulator-${VERSION}.tgz>`,
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** Node's answer when the package itself (not one of its own dependencies) cannot be found. */
function isMissingPackage(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes(`'${EMULATOR_PACKAGE}'`)
  );
}

import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KiliSyncError } from '../errors.js';

/** A file written in pieces that appears only once complete. */
export interface OutputFile {
  write(text: string): Promise<void>;
  /** Moves the finished file into place, so a failed run never leaves half a file. */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Opens a temporary file beside `path`; `what` names the content in the error message. */
export async function openOutputFile(path: string, what: string): Promise<OutputFile> {
  const temporary = `${path}.${process.pid}.tmp`;
  let handle: FileHandle;
  try {
    // `--out exported/cats.yaml` creates `exported/`, as any build tool's output option does.
    await mkdir(dirname(path), { recursive: true });
    handle = await open(temporary, 'w');
  } catch (error) {
    throw new KiliSyncError('cannot-write-output', `cannot write the ${what} to ${path}`, {
      cause: error,
    });
  }
  let closed = false;
  const close = async () => {
    if (!closed) await handle.close();
    closed = true;
  };
  return {
    write: async (text) => {
      await handle.write(text);
    },
    commit: async () => {
      await close();
      await rename(temporary, path);
    },
    discard: async () => {
      await close();
      await rm(temporary, { force: true });
    },
  };
}

import type { Change, PlannedFile } from './types.js';

/** Every local file a change uploads: its `file`, then its frames, in order. */
export function localFilesOf(change: Change): PlannedFile[] {
  if (change.action === 'delete') return [];
  const files: PlannedFile[] = [];
  if (change.file !== undefined) files.push(change.file);
  if (change.frames?.files !== undefined) files.push(...change.frames.files);
  return files;
}

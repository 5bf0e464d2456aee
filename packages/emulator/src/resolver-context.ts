import { createApiError, createNoAccessError } from './api-error.js';
import type { AssetWhereInput, ProjectRecord } from './records.js';
import type { EmulatorStore } from './store.js';

/** What every resolver receives for one request. */
export type EmulatorContext = {
  store: EmulatorStore;
  apiKey: string;
  /** Origin the client reached us at, used to build signed upload URLs. */
  origin: string;
};

export interface PageArgs {
  first?: number | null;
  skip?: number | null;
}

const DEFAULT_PAGE_SIZE = 100;

export function readPage(args: PageArgs): { first: number; skip: number } {
  const skip = args.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) {
    throw createApiError('invalidInput', `skip must be a non-negative integer, got ${skip}.`);
  }
  return { first: args.first ?? DEFAULT_PAGE_SIZE, skip };
}

export function paginate<T>(items: T[], args: PageArgs): T[] {
  const { first, skip } = readPage(args);
  return items.slice(skip, skip + first);
}

export function requireProject(
  ctx: EmulatorContext,
  projectId: string | null | undefined,
): ProjectRecord {
  const project = projectId ? ctx.store.projects.get(projectId) : undefined;
  if (!project) throw createNoAccessError();
  return project;
}

/** A filter that names a project must name one that exists, as Kili checks access first. */
export function requireProjectOf(ctx: EmulatorContext, where: AssetWhereInput): void {
  if (where.project?.id != null) requireProject(ctx, where.project.id);
}

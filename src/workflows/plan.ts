import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { requiredConsent } from '../apply/consent.js';
import { KiliSyncError } from '../errors.js';
import type { KiliClient } from '../kili/client.js';
import { loadDesiredState } from '../manifest/index.js';
import { selectProjects } from '../manifest/select-projects.js';
import type { ConsentNeed } from '../plan/consent-rules.js';
import type { DesiredState } from '../plan/desired-state.js';
import { diffToPlan } from '../plan/diff-to-plan.js';
import { assetsTouchedBy, type RemoteProjectState } from '../plan/remote-state.js';
import type { Plan } from '../plan/types.js';
import { writePlanJson } from '../render/write-plan-json.js';
import type { Output, ProgressListener, Runtime } from '../runtime.js';
import { GENERATOR } from '../version.js';
import { hashLocalFiles } from './hash-local-files.js';
import { planComparingHostedContent } from './hosted-content.js';
import { resolveDefaultOwners } from './ownership-context.js';
import {
  type Connection,
  confirmConsentFigures,
  keepSnapshot,
  type ProjectRead,
  readManagedProjects,
  readRemoteProject,
  type SnapshotCache,
} from './read-remote.js';

export type { Connection, SnapshotCache } from './read-remote.js';

export interface ReadAndPlanOptions {
  paths: string[];
  /** The folder local files must lie in (`--root`); see {@link loadDesiredState}. */
  root?: string;
  runtime: Runtime;
  /**
   * Every call to Kili goes through this client, so one rate cap covers the run, and as many
   * requests are in flight as it allows (the CLI builds it from the key, the endpoint and
   * `--concurrency`; tests pass one pointed at the emulator).
   */
  client: KiliClient;
  /**
   * The endpoint and key the client was made with: the plan names the endpoint, snapshots are
   * kept under it and sealed with the key.
   */
  connection: Connection;
  /** `--project`: plan only these projects of the manifests (all when empty). */
  projects?: readonly string[];
  /** Delete unlabeled remote duplicates even without `prune`. */
  dedupe: boolean;
  /** The snapshot cache (see README, "Incremental plans"); absent with `--no-cache`. */
  cache?: SnapshotCache;
  /**
   * `--verbose`: read projects with prune off in full too, so the plan can list the assets no
   * manifest declares (otherwise only counted).
   */
  listUndeclared?: boolean;
  onProgress?: ProgressListener;
}

export interface ReadAndPlanResult {
  plan: Plan;
  desired: DesiredState;
  /** What was read of each project, by project ID (the HTML report shows current content). */
  remote: ReadonlyMap<string, RemoteProjectState>;
  /** The consents apply needs for this plan, judged on what it sends and what was read. */
  consent: ConsentNeed[];
}

/**
 * The I/O around the pure planner: load and check the manifests (before any network call),
 * hash local files, read each project's current assets, then diff.
 */
export async function readAndPlan(options: ReadAndPlanOptions): Promise<ReadAndPlanResult> {
  const { runtime, client, onProgress } = options;
  const loaded = await loadDesiredState(options.paths, {
    cwd: runtime.cwd,
    root: options.root,
    verbose: runtime.verbose,
    cacheDir: options.cache?.dir,
    onWarning: (diagnostic) =>
      onProgress?.({ kind: 'log', level: 'warn', message: diagnostic.message }),
  });
  const desired = resolveDefaultOwners(selectProjects(loaded, options.projects), runtime.env);
  const localFiles = await hashLocalFiles(desired, options.cache, onProgress);

  const readOptions = {
    connection: options.connection,
    readAll: options.listUndeclared === true,
    cache: options.cache,
    concurrency: client.concurrency,
    onProgress,
  };
  const projects = await readManagedProjects(client, desired.projects);
  const reads = new Map<string, ProjectRead>();
  for (const project of desired.projects) {
    const known = { ...readOptions, project: projects.get(project.projectId) };
    reads.set(project.projectId, await readRemoteProject(client, project, known));
  }
  const remote = new Map<string, RemoteProjectState>();
  const planWith = (hostedFiles: Parameters<typeof diffToPlan>[0]['hostedFiles']) => {
    for (const [projectId, read] of reads) remote.set(projectId, read.state);
    return diffToPlan({
      desired,
      remote,
      localFiles,
      hostedFiles,
      options: {
        dedupe: options.dedupe,
        endpoint: options.connection.endpoint,
        createdAt: new Date().toISOString(),
        generator: GENERATOR,
      },
    });
  };
  // Declared inline text is compared with what SDK-uploaded assets hold (see hosted-content.ts).
  const planFrom = () =>
    planComparingHostedContent(planWith, client, reads, {
      concurrency: client.concurrency,
      onProgress,
    });
  let plan = await planFrom();
  // What consent rests on is confirmed by id; a snapshot found wrong means reading in full.
  let replan = false;
  for (const project of desired.projects) {
    const read = reads.get(project.projectId)!;
    const projectPlan = plan.projects.find((p) => p.projectId === project.projectId)!;
    if (await confirmConsentFigures(client, read, projectPlan)) continue;
    const reason = 'snapshot does not match Kili';
    reads.set(
      project.projectId,
      await readRemoteProject(client, project, { ...readOptions, reason }),
    );
    replan = true;
  }
  if (replan) plan = await planFrom();
  for (const read of reads.values()) {
    const note = keepSnapshot(options.cache, options.connection, read);
    if (note !== undefined) onProgress?.({ kind: 'log', level: 'warn', message: note });
  }
  const consent = requiredConsent(plan, assetsTouchedBy(plan, remote));
  return { plan, desired, remote, consent };
}

/**
 * Saves the plan as JSON (`plan --out`) through a temporary file renamed into place, so a reader
 * never sees half a plan, and streams the same bytes to `alsoTo` when given, in the same pass.
 */
export function savePlan(plan: Plan, file: string, alsoTo?: Output): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(temporary, 'w');
    const target = fd;
    writePlanJson(plan, (chunk) => {
      writeSync(target, chunk);
      alsoTo?.write(chunk);
    });
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw new KiliSyncError('cannot-write-output', `cannot write the plan to ${file}`, {
      cause: error,
    });
  }
}

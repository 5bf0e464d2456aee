import { capDetailLines } from './detail-lines.js';
import type { Change, ProjectPlan } from './types.js';

/**
 * The consent rule (see docs/architecture.md, "Consent"): which flags `apply` needs before it
 * sends what a plan compiles to. It is judged on a description of what is sent
 * ({@link ProjectSends}), which apply/consent.ts computes from the compiled mutations; every
 * output that names a flag (the plans, the step summary, the next-step command, the prompt, the
 * refusal) reads the needs it returns, and nothing else decides them.
 */

/** The consent flags of `apply`, in the order they are named to the user. */
const CONSENT_FLAGS = [
  '--allow-label-loss',
  '--allow-delete',
  '--allow-mass-delete',
  '--take-ownership',
] as const;

export type ConsentFlag = (typeof CONSENT_FLAGS)[number];

/** The consents given on the command line. */
export interface Consent {
  allowDelete: boolean;
  allowMassDelete: boolean;
  allowLabelLoss: boolean;
  /** Change assets another owner marked, and mark them as this project's owner's. */
  allowTakeOwnership?: boolean;
}

const GIVEN_BY: Record<ConsentFlag, keyof Consent> = {
  '--allow-label-loss': 'allowLabelLoss',
  '--allow-delete': 'allowDelete',
  '--allow-mass-delete': 'allowMassDelete',
  '--take-ownership': 'allowTakeOwnership',
};

/** One write that destroys something, as apply sends it. */
export interface DestructiveWrite {
  change: Change;
  /** The asset is deleted, or its `content`/`jsonContent` replaced. */
  kind: 'delete' | 'replace-content';
  /** Labels it holds now; undefined when the asset is not labeled. */
  labels?: number;
}

/** What apply sends to one project that consent is judged on. */
export interface ProjectSends {
  project: Pick<ProjectPlan, 'projectId' | 'title' | 'prune' | 'owner' | 'remote'>;
  /** Deletes and content replacements, in the plan's order. */
  writes: DestructiveWrite[];
  /** Writes to assets another owner marked, with the mark Kili holds. */
  conflicts: { change: Change; mark: string }[];
}

/** One consent a plan needs: the flag, why in a few words, what it allows, and where. */
export interface ConsentNeed {
  flag: ConsentFlag;
  /** "3 assets would be deleted" */
  reason: string;
  /** One line per write it allows, at most 20 and a "… and N more" (see capDetailLines). */
  details: string[];
  /** The projects that need it, in the plan's order. */
  projectIds: string[];
}

/**
 * What the project's prune mode can delete, which the mass-delete guard counts against: with
 * `prune: owned`, the assets marked with the owner (never more than the project holds); else
 * the whole project.
 */
function deletableCount(project: Pick<ProjectPlan, 'prune' | 'remote'>): number {
  const { count, owned } = project.remote;
  return project.prune === 'owned' && owned !== undefined ? Math.min(owned, count) : count;
}

/** A change to an asset another owner marked, as the plan read it. */
export function isOwnershipConflict(change: Change): boolean {
  return 'owner' in change && typeof change.owner === 'object' && change.owner?.before != null;
}

/**
 * The flags apply needs before it sends this, in {@link CONSENT_FLAGS} order: any delete needs
 * `--allow-delete`; a project losing more than half of what its prune mode can delete needs
 * `--allow-mass-delete` as well (so an empty or mistyped manifest set never wipes a project);
 * any delete or content replacement of a labeled asset needs `--allow-label-loss`; any write
 * to an asset another owner marked needs `--take-ownership`.
 */
export function judgeConsent(sends: readonly ProjectSends[]): ConsentNeed[] {
  const deletesOf = (send: ProjectSends) => send.writes.filter((write) => write.kind === 'delete');
  const candidates: [ConsentFlag, (count: number) => string, Picked[]][] = [
    [
      '--allow-label-loss',
      (count) => `${countOf(count, 'change')} would lose labels`,
      pick(sends, (send) =>
        send.writes.filter((write) => write.labels !== undefined).map(describeLabelLoss),
      ),
    ],
    [
      '--allow-delete',
      (count) => `${countOf(count, 'asset')} would be deleted`,
      pick(sends, (send) =>
        deletesOf(send).map(
          (write) => `- delete ${write.change.externalId} (${send.project.projectId})`,
        ),
      ),
    ],
    [
      '--allow-mass-delete',
      (count) => `${countOf(count, 'project')} would lose more than half of its assets`,
      pick(sends, (send) => {
        const count = deletesOf(send).length;
        if (count === 0 || count * 2 <= deletableCount(send.project)) return [];
        return [
          `project ${describeProject(send.project)}: ${count} of ${describeDeletable(send.project)} would be deleted`,
        ];
      }),
    ],
    [
      '--take-ownership',
      (count) => `${countOf(count, 'asset')} another owner manages would change`,
      pick(sends, (send) =>
        send.conflicts.map(
          ({ change, mark }) =>
            `! ${change.externalId} (${send.project.projectId}) is owned by ${mark}, not ${send.project.owner ?? ''}`,
        ),
      ),
    ],
  ];
  return candidates
    .filter(([, , picked]) => picked.length > 0)
    .map(([flag, reason, picked]) => ({
      flag,
      reason: reason(picked.length),
      details: capDetailLines(picked.map((entry) => entry.line)),
      projectIds: [...new Set(picked.map((entry) => entry.projectId))],
    }));
}

/** The needs the given consent does not cover. */
export function missingConsent(needs: readonly ConsentNeed[], consent: Consent): ConsentNeed[] {
  return needs.filter((need) => !isGiven(need.flag, consent));
}

export function isGiven(flag: ConsentFlag, consent: Consent | undefined): boolean {
  return consent?.[GIVEN_BY[flag]] === true;
}

/** The flags of these needs (of one project's, when given), in the order they are named. */
export function flagsOf(needs: readonly ConsentNeed[], projectId?: string): ConsentFlag[] {
  return needs
    .filter((need) => projectId === undefined || need.projectIds.includes(projectId))
    .map((need) => need.flag);
}

interface Picked {
  projectId: string;
  line: string;
}

function pick(sends: readonly ProjectSends[], lines: (send: ProjectSends) => string[]): Picked[] {
  return sends.flatMap((send) =>
    lines(send).map((line) => ({ projectId: send.project.projectId, line })),
  );
}

function describeDeletable(project: ProjectSends['project']): string {
  const count = deletableCount(project);
  return project.prune === 'owned' && project.owner !== undefined
    ? `${count} assets owned by ${project.owner}`
    : `${count} assets`;
}

function describeProject(project: ProjectSends['project']): string {
  return project.title ? `${project.projectId} (${project.title})` : project.projectId;
}

function describeLabelLoss(write: DestructiveWrite): string {
  const labels = write.labels ?? 0;
  const what = write.kind === 'delete' ? 'delete' : 'replace the content of';
  const loss = labels > 0 ? `loses ${countOf(labels, 'label')}` : 'the asset is already labeled';
  return `! ${what} ${write.change.externalId}: ${loss}`;
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

import { type ConsentNeed, flagsOf } from '../../plan/consent-rules.js';
import type { Provenance } from '../../plan/ownership.js';
import type { Change, Plan, ProjectPlan } from '../../plan/types.js';
import {
  blockedOf,
  countLabels,
  describeBlocked,
  describeDeleteReason,
  describeOwnerChange,
  describeProjectFacts,
  describeRead,
  printable,
} from '../render-values.js';
import { describeFields, type FieldLine } from './fields.js';
import type { RemoteImages, ReportPreviews } from './previews.js';
import { changeVisuals, ThumbnailTable, type Visual } from './visuals.js';

/**
 * The data the report's script renders page by page, embedded once as JSON. Keys are short
 * because a plan of 100,000 changes repeats them 100,000 times.
 */
export interface ReportData {
  createdAt: string;
  endpoint: string;
  remoteImages: RemoteImages;
  projects: ReportProject[];
  /** Embedded thumbnails (data URIs), referenced by index from the rows. */
  thumbnails: string[];
  rows: ReportRow[];
}

export interface ReportProject {
  id: string;
  name: string;
  facts: string;
  summary: ProjectPlan['summary'];
  /** The consent flags apply will need for this project. */
  flags: string[];
  read?: string;
  warnings: string[];
}

/** The order groups are shown in: what loses work or data first. */
const GROUPS = ['blocked', 'delete', 'rename', 'update', 'add'] as const;
export type Group = (typeof GROUPS)[number];

export interface ReportRow {
  /** Index into GROUPS. */
  g: number;
  /** Index into projects. */
  p: number;
  id: string;
  /** The old external ID of a rename. */
  from?: string;
  /** Manifest `file:line`. */
  src?: string;
  /** What the change costs or why it happens (blocked, delete reason, labels, ownership). */
  why?: string;
  /** Where kili-sync's last write of the asset came from: `written by a1b2c3d, cats.yaml`. */
  by?: string;
  f: FieldLine[];
  v: Visual[];
}

function groupOf(change: Change): Group {
  return blockedOf(change) !== undefined ? 'blocked' : change.action;
}

function describeWhy(change: Change, project: ProjectPlan): string | undefined {
  const blocked = blockedOf(change);
  const owner = describeOwnerChange(change)?.text;
  if (blocked !== undefined && change.action !== 'add') {
    const why = `blocked: ${describeBlocked(blocked, change.labels)}`;
    return owner === undefined ? why : `${why}; ${owner}`;
  }
  if (change.action === 'delete') {
    return `${describeDeleteReason(change, project)}, ${countLabels(change.labels)}, id ${printable(change.assetId)}`;
  }
  const labels = change.action !== 'add' && change.labels > 0 ? countLabels(change.labels) : '';
  if (owner !== undefined) return labels === '' ? owner : `${owner}, ${labels}`;
  return labels === '' ? undefined : labels;
}

/** `written by a1b2c3d, manifests/cats.yaml (owner cats-repo)`, from an asset's record. */
function describeProvenance(provenance: Provenance | undefined): string | undefined {
  if (provenance === undefined) return undefined;
  const from = [
    ...(provenance.commit === undefined ? [] : [printable(provenance.commit.slice(0, 7))]),
    ...(provenance.manifest === undefined ? [] : [printable(provenance.manifest)]),
  ];
  const owner = provenance.owner === undefined ? '' : ` (owner ${printable(provenance.owner)})`;
  if (from.length === 0) return owner === '' ? undefined : `marked${owner}`;
  return `written by ${from.join(', ')}${owner}`;
}

function projectOf(project: ProjectPlan, needs: readonly ConsentNeed[]): ReportProject {
  return {
    id: printable(project.projectId),
    name: printable(project.title ?? project.projectId),
    facts: describeProjectFacts(project),
    summary: project.summary,
    flags: flagsOf(needs, project.projectId),
    ...(project.read === undefined ? {} : { read: describeRead(project.read) }),
    warnings: project.warnings.map((w) => `[${w.code}] ${printable(w.message)}`),
  };
}

/**
 * The report's data: per-project summaries, then every change as a row, ordered by group
 * (blocked, delete, rename, update, add), then project, then the plan's order.
 */
export function buildReportData(
  plan: Plan,
  previews: ReportPreviews,
  remoteImages: RemoteImages,
  needs: readonly ConsentNeed[],
): ReportData {
  const thumbnails = new ThumbnailTable();
  const buckets: ReportRow[][] = GROUPS.map(() => []);
  plan.projects.forEach((project, p) => {
    const context = { inputType: project.inputType, previews, remoteImages, thumbnails };
    for (const change of project.changes) {
      const g = GROUPS.indexOf(groupOf(change));
      const why = describeWhy(change, project);
      // An add has no asset in Kili yet: no record of its last write, no current text.
      const assetId = change.action === 'add' ? undefined : change.assetId;
      const by = assetId && describeProvenance(previews.provenance?.get(assetId));
      const row: ReportRow = {
        g,
        p,
        id: printable(change.externalId),
        f: describeFields(change, project.inputType, assetId && previews.assets.get(assetId)?.text),
        v: changeVisuals(change, context),
      };
      if (change.action === 'rename') row.from = printable(change.from);
      if (change.source !== undefined) {
        row.src = `${printable(change.source.file)}:${change.source.line}`;
      }
      if (why !== undefined) row.why = why;
      if (by !== undefined) row.by = by;
      buckets[g]!.push(row);
    }
  });
  return {
    createdAt: plan.createdAt,
    endpoint: printable(plan.endpoint),
    remoteImages,
    projects: plan.projects.map((project) => projectOf(project, needs)),
    thumbnails: thumbnails.dataUris,
    rows: buckets.flat(),
  };
}

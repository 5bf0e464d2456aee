import pc from 'picocolors';
import {
  type Change,
  type FieldChange,
  type FieldChanges,
  MANAGED_FIELDS,
  type ManagedField,
  type Plan,
  type ProjectPlan,
} from '../plan/types.js';
import { diffJsonLines, isDiffed } from './json-diff.js';
import {
  blockedOf,
  countLabels,
  describeBlocked,
  describeDeleteReason,
  formatInline,
  formatSummaryLine,
  NO_CHANGES_LINE,
  printable,
  sumSummaries,
} from './render-values.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface RenderTextOptions {
  color: boolean;
  /**
   * The width of the terminal the plan is shown on: a value longer than the room left on its
   * line is cut there, with `…`. Without it (a file, a CI log, `--full`) no value is cut.
   */
  width?: number;
}

/** Up to this width, a change fits on one line: `name: before -> after`. */
const INLINE_LINE_WIDTH = 100;
/** A cut value keeps at least this much, however narrow the terminal. */
const MIN_VALUE_WIDTH = 20;
const FIELD_INDENT = '      ';
const DIFF_INDENT = '        ';

function listFields(fields: FieldChanges): [ManagedField, FieldChange][] {
  const listed: [ManagedField, FieldChange][] = [];
  for (const name of MANAGED_FIELDS) {
    const change = fields[name];
    if (name !== 'externalId' && change !== undefined) listed.push([name, change]);
  }
  return listed;
}

function pushDiff(lines: string[], before: unknown, after: unknown, c: Colors): void {
  for (const line of diffJsonLines(before, after)) {
    const text = printable(line.text);
    if (line.sign === '+') lines.push(c.green(`${DIFF_INDENT}+ ${text}`));
    else if (line.sign === '-') lines.push(c.red(`${DIFF_INDENT}- ${text}`));
    else if (line.sign === '…') lines.push(c.dim(`${DIFF_INDENT}  …`));
    else lines.push(`${DIFF_INDENT}  ${text}`);
  }
}

/** How long a value may be after `prefix` characters of its line: no limit without a width. */
function room(width: number | undefined, prefix: string): number {
  return width === undefined
    ? Number.POSITIVE_INFINITY
    : Math.max(MIN_VALUE_WIDTH, width - prefix.length);
}

function pushAddedFields(lines: string[], fields: FieldChanges, width?: number): void {
  const listed = listFields(fields);
  const nameWidth = Math.max(0, ...listed.map(([name]) => name.length + 1));
  for (const [name, { after }] of listed) {
    const prefix = `${FIELD_INDENT}${`${name}:`.padEnd(nameWidth)} `;
    lines.push(`${prefix}${formatInline(after, room(width, prefix))}`);
  }
}

function pushChangedFields(lines: string[], fields: FieldChanges, c: Colors, width?: number): void {
  const whole = Number.POSITIVE_INFINITY;
  for (const [name, { before, after }] of listFields(fields)) {
    if (isDiffed(name, before, after)) {
      lines.push(`${FIELD_INDENT}${name}:`);
      pushDiff(lines, before, after, c);
      continue;
    }
    const inline = `${FIELD_INDENT}${name}: ${formatInline(before, whole)} -> ${formatInline(after, whole)}`;
    if (inline.length <= Math.min(INLINE_LINE_WIDTH, width ?? INLINE_LINE_WIDTH)) {
      lines.push(inline);
      continue;
    }
    const max = room(width, `${DIFF_INDENT}- `);
    lines.push(`${FIELD_INDENT}${name}:`);
    lines.push(c.red(`${DIFF_INDENT}- ${formatInline(before, max)}`));
    lines.push(c.green(`${DIFF_INDENT}+ ${formatInline(after, max)}`));
  }
}

function formatLabels(labels: number): string {
  return labels > 0 ? `  (${countLabels(labels)})` : '';
}

function formatSource(change: Change, c: Colors): string {
  return change.source === undefined
    ? ''
    : c.dim(`  # ${printable(change.source.file)}:${change.source.line}`);
}

function pushChange(lines: string[], change: Change, c: Colors, width?: number): void {
  const externalId = printable(change.externalId);
  switch (change.action) {
    case 'add':
      lines.push(`  ${c.green('+')} ${c.bold(externalId)}${formatSource(change, c)}`);
      pushAddedFields(lines, change.fields, width);
      break;
    case 'update':
      lines.push(
        `  ${c.yellow('~')} ${c.bold(externalId)}${formatLabels(change.labels)}${formatSource(change, c)}`,
      );
      pushChangedFields(lines, change.fields, c, width);
      break;
    case 'rename':
      lines.push(
        `  ${c.cyan('->')} ${printable(change.from)} => ${c.bold(externalId)}${formatLabels(change.labels)}${formatSource(change, c)}`,
      );
      pushChangedFields(lines, change.fields, c, width);
      break;
    case 'delete':
      lines.push(
        `  ${c.red('-')} ${c.bold(externalId)}  (id ${printable(change.assetId)}, ${countLabels(change.labels)}, ${describeDeleteReason(change.reason)})`,
      );
      break;
    default: {
      const unreachable: never = change;
      throw new Error(`Unknown change ${JSON.stringify(unreachable)}`);
    }
  }
  const blocked = blockedOf(change);
  if (blocked !== undefined && change.action !== 'add') {
    lines.push(
      `${FIELD_INDENT}${c.red(c.bold(`! blocked: ${describeBlocked(blocked, change.labels)}`))}`,
    );
  }
}

function formatProjectHeader(project: ProjectPlan): string {
  const name = printable(
    project.title === undefined ? project.projectId : `${project.title} (${project.projectId})`,
  );
  const facts = [
    ...(project.inputType === undefined ? [] : [project.inputType]),
    `${project.remote.count} ${project.remote.count === 1 ? 'asset' : 'assets'} in Kili`,
    `prune ${project.prune ? 'on' : 'off'}`,
  ];
  return `Project ${name} — ${facts.join(', ')}`;
}

function pushProject(lines: string[], project: ProjectPlan, c: Colors, width?: number): void {
  lines.push(c.bold(formatProjectHeader(project)));
  for (const change of project.changes) pushChange(lines, change, c, width);
  if (project.changes.length === 0) lines.push('  no changes');
  if (project.summary.unchanged > 0)
    lines.push(c.dim(`  (${project.summary.unchanged} unchanged)`));
  for (const warning of project.warnings) {
    lines.push(c.yellow(`  warning [${warning.code}]: ${printable(warning.message)}`));
  }
  lines.push('');
}

/**
 * The plan for people, Terraform-style: `+` add, `~` update, `->` rename, `-` delete, JSON fields
 * as line diffs, blocked changes and warnings marked, and the summary line last.
 */
export function renderPlanText(plan: Plan, options: RenderTextOptions): string {
  const c = pc.createColors(options.color);
  const lines: string[] = [];
  for (const project of plan.projects) pushProject(lines, project, c, options.width);
  const total = sumSummaries(plan.projects.map((project) => project.summary));
  const changeCount = total.add + total.update + total.rename + total.delete;
  if (changeCount === 0) {
    lines.push(c.green(NO_CHANGES_LINE));
  } else {
    if (total.blocked > 0) {
      const blocked = total.blocked === 1 ? '1 change is' : `${total.blocked} changes are`;
      lines.push(
        c.red(
          `${blocked} blocked because labeled work would be lost: apply refuses to start unless --allow-label-loss is given.`,
        ),
      );
    }
    lines.push(c.bold(formatSummaryLine(total)));
  }
  return `${lines.join('\n')}\n`;
}

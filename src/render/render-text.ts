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
  describeRead,
  formatInline,
  formatSummaryLine,
  NO_CHANGES_LINE,
  printable,
  sumSummaries,
} from './render-values.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface RenderTextOptions {
  color: boolean;
}

const ADD_VALUE_WIDTH = 80;
const INLINE_LINE_WIDTH = 100;
const LONG_VALUE_WIDTH = 200;
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

function pushAddedFields(lines: string[], fields: FieldChanges): void {
  const listed = listFields(fields);
  const width = Math.max(0, ...listed.map(([name]) => name.length + 1));
  for (const [name, { after }] of listed) {
    lines.push(
      `${FIELD_INDENT}${`${name}:`.padEnd(width)} ${formatInline(after, ADD_VALUE_WIDTH)}`,
    );
  }
}

function pushChangedFields(lines: string[], fields: FieldChanges, c: Colors): void {
  for (const [name, { before, after }] of listFields(fields)) {
    if (isDiffed(name, before, after)) {
      lines.push(`${FIELD_INDENT}${name}:`);
      pushDiff(lines, before, after, c);
      continue;
    }
    const inline = `${FIELD_INDENT}${name}: ${formatInline(before, LONG_VALUE_WIDTH)} -> ${formatInline(after, LONG_VALUE_WIDTH)}`;
    if (inline.length <= INLINE_LINE_WIDTH) {
      lines.push(inline);
      continue;
    }
    lines.push(`${FIELD_INDENT}${name}:`);
    lines.push(c.red(`${DIFF_INDENT}- ${formatInline(before, LONG_VALUE_WIDTH)}`));
    lines.push(c.green(`${DIFF_INDENT}+ ${formatInline(after, LONG_VALUE_WIDTH)}`));
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

function pushChange(lines: string[], change: Change, c: Colors): void {
  const externalId = printable(change.externalId);
  switch (change.action) {
    case 'add':
      lines.push(`  ${c.green('+')} ${c.bold(externalId)}${formatSource(change, c)}`);
      pushAddedFields(lines, change.fields);
      break;
    case 'update':
      lines.push(
        `  ${c.yellow('~')} ${c.bold(externalId)}${formatLabels(change.labels)}${formatSource(change, c)}`,
      );
      pushChangedFields(lines, change.fields, c);
      break;
    case 'rename':
      lines.push(
        `  ${c.cyan('->')} ${printable(change.from)} => ${c.bold(externalId)}${formatLabels(change.labels)}${formatSource(change, c)}`,
      );
      pushChangedFields(lines, change.fields, c);
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

function pushProject(lines: string[], project: ProjectPlan, c: Colors): void {
  lines.push(c.bold(formatProjectHeader(project)));
  if (project.read !== undefined) lines.push(c.dim(`  read: ${describeRead(project.read)}`));
  for (const change of project.changes) pushChange(lines, change, c);
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
  for (const project of plan.projects) pushProject(lines, project, c);
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

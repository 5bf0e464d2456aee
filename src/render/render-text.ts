import pc from 'picocolors';
import { type Consent, type ConsentNeed, isGiven } from '../plan/consent-rules.js';
import type { Change, Plan, ProjectPlan } from '../plan/types.js';
import { diffJsonLines, isDiffed } from './json-diff.js';
import { diffJsonFields, isJsonObject } from './json-field-diff.js';
import { describeNeedsText } from './render-consent.js';
import {
  blockedOf,
  countLabels,
  describeBlocked,
  describeDeleteReason,
  describeLoss,
  describeMedia,
  describeOwnerChange,
  describeProjectFacts,
  describeRead,
  describeUndeclared,
  formatInline,
  formatSummaryLine,
  listChangedFields,
  NO_CHANGES_LINE,
  printable,
  sumSummaries,
} from './render-values.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface RenderTextOptions {
  color: boolean;
  /** The consents apply needs for this plan (apply/consent.ts `requiredConsent`). */
  needs: readonly ConsentNeed[];
  /**
   * Set when the plan is shown by `apply`: the lines say which needs the flags given allow.
   * Unset for `plan`, whose lines say what apply will need.
   */
  given?: Consent;
  /**
   * The width of the terminal the plan is shown on: a value longer than the room left on its
   * line is cut there, with `…`. Without it (a file, a CI log, `--full`) no value is cut.
   */
  width?: number;
  /** `--verbose`: list the undeclared assets a plan kept (prune off), not only their count. */
  verbose?: boolean;
}

/** Up to this width, a change fits on one line: `~ name: before -> after`. */
const INLINE_LINE_WIDTH = 100;
/** A cut value keeps at least this much, however narrow the terminal. */
const MIN_VALUE_WIDTH = 20;
const FIELD_INDENT = '      ';
const DIFF_INDENT = '          ';
export const LEGEND_LINE =
  'Symbols: + add, ~ change, -> rename, - delete, ! blocked (would lose labeled work)';

function pushDiff(lines: string[], before: unknown, after: unknown, c: Colors): void {
  for (const line of diffJsonLines(before, after)) {
    const text = printable(line.text);
    if (line.sign === '+') lines.push(c.green(`${DIFF_INDENT}+ ${text}`));
    else if (line.sign === '-') lines.push(c.red(`${DIFF_INDENT}- ${text}`));
    else if (line.sign === '…') lines.push(c.dim(`${DIFF_INDENT}  …`));
    else lines.push(`${DIFF_INDENT}  ${text}`);
  }
}

/** A field line with its marker: `+ priority: 2`, `~ priority: 0 -> 3`, `- jsonMetadata.x: 1`. */
function fieldLine(sign: '+' | '-' | '~', text: string, c: Colors): string {
  const marker = sign === '+' ? c.green('+') : sign === '-' ? c.red('-') : c.yellow('~');
  return `${FIELD_INDENT}${marker} ${text}`;
}

/** How long a value may be after `prefix` characters of its line: no limit without a width. */
function room(width: number | undefined, prefix: number): number {
  return width === undefined ? Number.POSITIVE_INFINITY : Math.max(MIN_VALUE_WIDTH, width - prefix);
}

/** Where the text of a field line starts, after its indent and marker. */
const FIELD_TEXT_AT = FIELD_INDENT.length + 2;

function pushAddedFields(lines: string[], change: Change, c: Colors, width?: number): void {
  const listed = listChangedFields(change);
  const nameWidth = Math.max(0, ...listed.map(([name]) => name.length + 1));
  for (const [name, { after }] of listed) {
    const label = `${`${name}:`.padEnd(nameWidth)} `;
    const value = formatInline(after, room(width, FIELD_TEXT_AT + label.length));
    lines.push(fieldLine('+', `${label}${value}`, c));
  }
}

function pushChangedFields(lines: string[], change: Change, c: Colors, width?: number): void {
  for (const [name, { before, after }] of listChangedFields(change)) {
    if (name === 'jsonMetadata' && isJsonObject(before) && isJsonObject(after)) {
      // Metadata reads best key by key, like Terraform's attributes.
      for (const diff of diffJsonFields(before, after)) {
        const path = `${name}.${printable(diff.path)}`;
        if (diff.sign === '~') {
          pushChangedValue(lines, path, diff.before, diff.after, c, width);
        } else {
          const value = diff.sign === '+' ? diff.after : diff.before;
          const max = room(width, FIELD_TEXT_AT + path.length + 2);
          lines.push(fieldLine(diff.sign, `${path}: ${formatInline(value, max)}`, c));
        }
      }
      continue;
    }
    if (isDiffed(name, before, after)) {
      // Multi-line text and structured JSON content: a line diff.
      lines.push(fieldLine('~', `${name}:`, c));
      pushDiff(lines, before, after, c);
      continue;
    }
    pushChangedValue(lines, name, before, after, c, width);
  }
}

function pushChangedValue(
  lines: string[],
  name: string,
  before: unknown,
  after: unknown,
  c: Colors,
  width?: number,
): void {
  const whole = Number.POSITIVE_INFINITY;
  const inline = `${name}: ${formatInline(before, whole)} -> ${formatInline(after, whole)}`;
  if (FIELD_TEXT_AT + inline.length <= Math.min(INLINE_LINE_WIDTH, width ?? INLINE_LINE_WIDTH)) {
    lines.push(fieldLine('~', inline, c));
    return;
  }
  const max = room(width, DIFF_INDENT.length + 2);
  lines.push(fieldLine('~', `${name}:`, c));
  lines.push(c.red(`${DIFF_INDENT}- ${formatInline(before, max)}`));
  lines.push(c.green(`${DIFF_INDENT}+ ${formatInline(after, max)}`));
}

function formatLabels(labels: number): string {
  return labels > 0 ? `  (${countLabels(labels)})` : '';
}

/** `  video, imported asynchronously`: what a media change is, when it is more than a URL. */
function formatMedia(change: Change, c: Colors): string {
  const media = describeMedia(change);
  return media === undefined ? '' : `  ${c.cyan(media)}`;
}

function formatSource(change: Change, c: Colors): string {
  return change.source === undefined
    ? ''
    : c.dim(`  # ${printable(change.source.file)}:${change.source.line}`);
}

function pushChange(
  lines: string[],
  change: Change,
  project: ProjectPlan,
  c: Colors,
  options: RenderTextOptions,
): void {
  const { given, width } = options;
  const externalId = printable(change.externalId);
  switch (change.action) {
    case 'add':
      lines.push(
        `  ${c.green('+')} ${c.bold(externalId)}${formatMedia(change, c)}${formatSource(change, c)}`,
      );
      pushAddedFields(lines, change, c, width);
      break;
    case 'update':
      lines.push(
        `  ${c.yellow('~')} ${c.bold(externalId)}${formatMedia(change, c)}${formatLabels(change.labels)}${formatSource(change, c)}`,
      );
      pushChangedFields(lines, change, c, width);
      break;
    case 'rename':
      lines.push(
        `  ${c.cyan('->')} ${printable(change.from)} => ${c.bold(externalId)}${formatLabels(change.labels)}${formatSource(change, c)}`,
      );
      pushChangedFields(lines, change, c, width);
      break;
    case 'delete':
      lines.push(
        `  ${c.red('-')} ${c.bold(externalId)}  (id ${printable(change.assetId)}, ${countLabels(change.labels)}, ${describeDeleteReason(change, project)})`,
      );
      break;
    default: {
      const unreachable: never = change;
      throw new Error(`Unknown change ${JSON.stringify(unreachable)}`);
    }
  }
  const owner = describeOwnerChange(change, isGiven('--take-ownership', given));
  if (owner !== undefined) {
    const text = `${FIELD_INDENT}${owner.text}`;
    lines.push(owner.conflict ? c.red(c.bold(text)) : c.cyan(text));
  }
  const blocked = blockedOf(change);
  if (blocked !== undefined && change.action !== 'add') {
    const text = isGiven('--allow-label-loss', given)
      ? `! ${describeLoss(blocked, change.labels)} — allowed by --allow-label-loss`
      : `! blocked: ${describeBlocked(blocked, change.labels)}`;
    lines.push(`${FIELD_INDENT}${c.red(c.bold(text))}`);
  }
}

function formatProjectHeader(project: ProjectPlan): string {
  const name = printable(
    project.title === undefined ? project.projectId : `${project.title} (${project.projectId})`,
  );
  return `Project ${name} — ${describeProjectFacts(project)}`;
}

function pushProject(
  lines: string[],
  project: ProjectPlan,
  c: Colors,
  options: RenderTextOptions,
): void {
  lines.push(c.bold(formatProjectHeader(project)));
  if (project.read !== undefined) lines.push(c.dim(`  read: ${describeRead(project.read)}`));
  for (const change of project.changes) pushChange(lines, change, project, c, options);
  if (project.changes.length === 0) lines.push('  no changes');
  if (project.summary.unchanged > 0)
    lines.push(c.dim(`  (${project.summary.unchanged} unchanged)`));
  pushUndeclared(lines, project, c, options.verbose === true);
  for (const warning of project.warnings) {
    lines.push(c.yellow(`  warning [${warning.code}]: ${printable(warning.message)}`));
  }
  lines.push('');
}

/** The undeclared assets prune off keeps: their count, and with --verbose the first of them. */
function pushUndeclared(lines: string[], project: ProjectPlan, c: Colors, verbose: boolean): void {
  const sentence = describeUndeclared(project);
  if (sentence === undefined) return;
  const listed = project.undeclared?.externalIds ?? [];
  // --verbose reads every asset of such a project, so it can always list them.
  lines.push(c.dim(`  (${sentence}${verbose ? '' : '; --verbose lists them'})`));
  if (!verbose) return;
  for (const externalId of listed) lines.push(c.dim(`    · ${printable(externalId)}`));
  const more = (project.undeclared?.count ?? 0) - listed.length;
  if (more > 0) lines.push(c.dim(`    … and ${more} more`));
}

/**
 * The plan for people, Terraform-style: a legend, then per project `+` add, `~` update, `->`
 * rename, `-` delete with a marker per changed field (metadata key by key, multi-line text and
 * JSON content as line diffs), blocked changes and warnings marked, and the summary line last.
 */
export function renderPlanText(plan: Plan, options: RenderTextOptions): string {
  const c = pc.createColors(options.color);
  const lines: string[] = [];
  const total = sumSummaries(plan.projects.map((project) => project.summary));
  const changeCount = total.add + total.update + total.rename + total.delete;
  if (changeCount > 0) lines.push(c.dim(LEGEND_LINE), '');
  for (const project of plan.projects) pushProject(lines, project, c, options);
  if (changeCount === 0) {
    lines.push(c.green(NO_CHANGES_LINE));
  } else {
    for (const line of describeNeedsText(options.needs, options.given)) lines.push(c.red(line));
    lines.push(c.bold(formatSummaryLine(total)));
  }
  return `${lines.join('\n')}\n`;
}

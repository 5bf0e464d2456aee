import { type ConsentNeed, isOwnershipConflict } from '../plan/consent-rules.js';
import type { Change, Plan, PlanSummary, ProjectPlan } from '../plan/types.js';
import { diffJsonLines, isDiffed } from './json-diff.js';
import { MarkdownBudget } from './markdown-budget.js';
import { DEFAULT_MARKDOWN_THUMBNAILS, ThumbnailAllowance } from './markdown-thumbnails.js';
import { describeNeedsMarkdown } from './render-consent.js';
import {
  blockedOf,
  CHANGE_SYMBOLS,
  countLabels,
  describeBlocked,
  describeDeleteReason,
  describeMedia,
  describeOwnerChange,
  describeRead,
  describeUndeclared,
  escapeHtml,
  formatInline,
  formatSummaryLine,
  listChangedFields,
  NO_CHANGES_LINE,
  printable,
  sumSummaries,
} from './render-values.js';

export interface RenderMarkdownOptions {
  /** The consents apply needs for this plan (apply/consent.ts `requiredConsent`). */
  needs: readonly ConsentNeed[];
  /** The longest document allowed (GitHub comments hold 65,536 characters). */
  maxLength?: number;
  /**
   * Image thumbnails (`<img>` of public URLs) shown at most, blocked and destructive changes
   * first; 0 for none. Default 12.
   */
  thumbnails?: number;
}

const DEFAULT_MARKDOWN_MAX_LENGTH = 65_000;
const VALUE_WIDTH = 120;
const FOLD_WARNINGS_OVER = 5;

/** The longest run of backticks in a text: a fence around it must be longer. */
function longestBacktickRun(text: string): number {
  return (text.match(/`+/g) ?? []).reduce((longest, run) => Math.max(longest, run.length), 0);
}

/** An inline code span that survives backticks and newlines in the text. */
function code(text: string): string {
  const oneLine = printable(text.replace(/\r?\n/g, '↵'));
  const fence = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** Text from the plan, made printable, then safe in HTML. */
function escapeText(text: string): string {
  return escapeHtml(printable(text));
}

function escapeCell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|');
}

function projectName(project: ProjectPlan): string {
  return project.title === undefined ? project.projectId : project.title;
}

function renderDiffFence(before: unknown, after: unknown): string {
  const lines = diffJsonLines(before, after).map((line) =>
    line.sign === '…' ? '  …' : `${line.sign} ${printable(line.text)}`,
  );
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(lines.join('\n')) + 1));
  const indent = '    ';
  return [
    `${indent}${fence}diff`,
    ...lines.map((line) => `${indent}${line}`),
    `${indent}${fence}`,
  ].join('\n');
}

function renderFieldLines(change: Change): string[] {
  const lines: string[] = [];
  for (const [name, field] of listChangedFields(change)) {
    if (change.action === 'add') {
      lines.push(`  - ${name}: ${code(formatInline(field.after, VALUE_WIDTH))}`);
    } else if (isDiffed(name, field.before, field.after)) {
      lines.push(`  - ${name}:`, renderDiffFence(field.before, field.after));
    } else {
      const before = code(formatInline(field.before, VALUE_WIDTH));
      lines.push(`  - ${name}: ${before} → ${code(formatInline(field.after, VALUE_WIDTH))}`);
    }
  }
  return lines;
}

function renderChange(change: Change, project: ProjectPlan, thumbnail?: string): string {
  const facts: string[] = [];
  const label = `\`${CHANGE_SYMBOLS[change.action]}\` ${change.action}`;
  const from = change.action === 'rename' ? `${code(change.from)} → ` : '';
  const title = `${label} ${from}${code(change.externalId)}`;
  if (change.action === 'delete') {
    facts.push(`id ${code(change.assetId)}`, escapeText(describeDeleteReason(change, project)));
  }
  if (change.action === 'delete' || (change.action !== 'add' && change.labels > 0)) {
    facts.push(countLabels(change.labels));
  }
  const media = describeMedia(change);
  if (media !== undefined) facts.push(escapeText(media));
  if (change.source !== undefined)
    facts.push(`${escapeText(change.source.file)}:${change.source.line}`);
  const pictures = thumbnail === undefined ? '' : `<br>${thumbnail}`;
  const lines = [`- ${title}${facts.length > 0 ? ` — ${facts.join(', ')}` : ''}${pictures}`];
  const blocked = blockedOf(change);
  if (blocked !== undefined && change.action !== 'add') {
    lines.push(`  - **blocked**: ${describeBlocked(blocked, change.labels)}`);
  }
  const owner = describeOwnerChange(change);
  if (owner !== undefined) {
    lines.push(`  - ${owner.conflict ? '**ownership**' : 'ownership'}: ${escapeText(owner.text)}`);
  }
  lines.push(...renderFieldLines(change));
  return `${lines.join('\n')}\n`;
}

function renderSummaryTable(projects: readonly ProjectPlan[], total: PlanSummary): string {
  const row = (name: string, s: PlanSummary) =>
    `| ${name} | ${s.add} | ${s.update} | ${s.rename} | ${s.delete} | ${s.blocked} | ${s.unchanged} |`;
  const lines = [
    '| Project | Add | Change | Rename | Delete | Blocked | Unchanged |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...projects.map((p) => row(`${escapeCell(projectName(p))} ${code(p.projectId)}`, p.summary)),
  ];
  if (projects.length > 1) lines.push(row('**Total**', total));
  const reads = projects.flatMap((p) =>
    p.read === undefined ? [] : [`${code(p.projectId)} ${escapeText(describeRead(p.read))}`],
  );
  if (reads.length > 0) lines.push('', `<sub>Read: ${reads.join('; ')}</sub>`);
  return `${lines.join('\n')}\n\n`;
}

interface Section {
  title: string;
  intro?: string;
  pick: (change: Change) => boolean;
  /** Folded per project (`<details>`), rather than shown open. */
  fold?: true;
}

const SECTIONS: Section[] = [
  {
    title: 'Blocked changes',
    intro: 'Labeled work would be lost: apply refuses to start without the consent named above.',
    pick: (change) => blockedOf(change) !== undefined,
  },
  {
    title: 'Ownership conflicts',
    intro:
      'These assets are marked with another owner: apply refuses to start without the consent named above.',
    pick: (change) => isOwnershipConflict(change) && blockedOf(change) === undefined,
  },
  {
    title: 'Deletes',
    intro: 'Apply deletes only with the consent named above (or an interactive yes).',
    pick: (change) => change.action === 'delete' && change.blocked === undefined,
  },
  {
    title: 'Other changes',
    pick: (change) =>
      change.action !== 'delete' && blockedOf(change) === undefined && !isOwnershipConflict(change),
    fold: true,
  },
];

function formatFoldSummary(project: ProjectPlan, changes: readonly Change[]): string {
  const count = changes.length === 1 ? '1 change' : `${changes.length} changes`;
  return `${escapeText(projectName(project))} <code>${escapeText(project.projectId)}</code>: ${count}`;
}

/** Adds one section; returns how many changes it showed. */
function addSection(
  budget: MarkdownBudget,
  plan: Plan,
  section: Section,
  thumbnails: ThumbnailAllowance,
): number {
  const groups = plan.projects
    .map((project) => ({ project, changes: project.changes.filter(section.pick) }))
    .filter((group) => group.changes.length > 0);
  const total = groups.reduce((sum, group) => sum + group.changes.length, 0);
  if (total === 0) return 0;
  const intro = section.intro ? `${section.intro}\n\n` : '';
  if (!budget.add(`### ${section.title} (${total})\n\n${intro}`)) return 0;
  let shown = 0;
  for (const { project, changes } of groups) {
    const opened = section.fold
      ? budget.openFold(formatFoldSummary(project, changes))
      : budget.add(`**${escapeText(projectName(project))}** ${code(project.projectId)}\n\n`);
    if (!opened) return shown;
    for (const change of changes) {
      if (!budget.add(renderChange(change, project, thumbnails.render(change, project)))) break;
      shown += 1;
    }
    if (section.fold) budget.closeFold();
    else budget.add('\n');
    if (budget.isCut) return shown;
  }
  return shown;
}

/** With prune off, the assets no manifest declares, which apply keeps: said, and listed folded. */
function addUndeclared(budget: MarkdownBudget, project: ProjectPlan): void {
  const sentence = describeUndeclared(project);
  if (sentence === undefined) return;
  budget.add(`${code(project.projectId)}: ${sentence}.\n\n`);
  const listed = project.undeclared?.externalIds ?? [];
  if (listed.length === 0 || !budget.openFold(`${listed.length} of them`)) return;
  for (const externalId of listed) if (!budget.add(`- ${code(externalId)}\n`)) break;
  budget.closeFold();
}

function addWarnings(budget: MarkdownBudget, plan: Plan): number {
  const lines = plan.projects.flatMap((project) =>
    project.warnings.map(
      (w) => `- ${code(project.projectId)} ${code(w.code)} ${escapeText(w.message)}\n`,
    ),
  );
  if (lines.length === 0 || !budget.add(`### Warnings (${lines.length})\n\n`)) return 0;
  const fold = lines.length > FOLD_WARNINGS_OVER;
  if (fold && !budget.openFold(`${lines.length} warnings`)) return 0;
  let shown = 0;
  for (const line of lines) {
    if (!budget.add(line)) break;
    shown += 1;
  }
  if (fold) budget.closeFold();
  else budget.add('\n');
  return shown;
}

function formatCutLine(hiddenChanges: number, hiddenWarnings: number): string {
  const parts = Object.entries({ change: hiddenChanges, warning: hiddenWarnings })
    .filter(([, hidden]) => hidden > 0)
    .map(([noun, hidden]) => `${hidden} more ${noun}${hidden === 1 ? '' : 's'}`);
  return `\n**… and ${parts.join(' and ')} not shown** (see the full plan with \`kili-sync plan --format json\`).\n`;
}

/**
 * The plan as a pull-request comment: summary table first, blocked and delete changes in full,
 * the rest folded per project, never longer than `maxLength` (default 65,000) characters.
 */
export function renderPlanMarkdown(plan: Plan, options: RenderMarkdownOptions): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH;
  const total = sumSummaries(plan.projects.map((project) => project.summary));
  const changeCount = plan.projects.reduce((sum, p) => sum + p.changes.length, 0);
  const warningCount = plan.projects.reduce((sum, p) => sum + p.warnings.length, 0);
  const budget = new MarkdownBudget(maxLength, formatCutLine(changeCount, warningCount).length);

  const headline = changeCount === 0 ? NO_CHANGES_LINE : formatSummaryLine(total);
  const blocked =
    (total.blocked > 0 ? ` ${total.blocked} blocked (labeled work would be lost).` : '') +
    (total.conflict ? ` ${total.conflict} owned by another owner.` : '');
  budget.add(`## kili-sync plan\n\n**${headline}**${blocked}\n\n`);
  const needs = describeNeedsMarkdown(options.needs);
  if (needs !== '') budget.add(`${needs}\n\n`);
  budget.add(renderSummaryTable(plan.projects, total));
  for (const project of plan.projects) addUndeclared(budget, project);
  const thumbnails = new ThumbnailAllowance(options.thumbnails ?? DEFAULT_MARKDOWN_THUMBNAILS);
  let shownChanges = 0;
  let shownWarnings = 0;
  // Every section but the last (the folded rest), then the warnings, then the rest.
  for (const section of SECTIONS.slice(0, -1)) {
    shownChanges += addSection(budget, plan, section, thumbnails);
  }
  shownWarnings += addWarnings(budget, plan);
  shownChanges += addSection(budget, plan, SECTIONS[SECTIONS.length - 1]!, thumbnails);

  const hiddenChanges = changeCount - shownChanges;
  const hiddenWarnings = warningCount - shownWarnings;
  const ending =
    hiddenChanges > 0 || hiddenWarnings > 0 ? formatCutLine(hiddenChanges, hiddenWarnings) : '';
  return budget.finish(ending).replace(/\n+$/, '\n');
}

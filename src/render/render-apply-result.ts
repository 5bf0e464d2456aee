import { ERROR_CATALOGUE } from '../error-catalogue.js';
import type { ApplyResult } from '../plan/apply-result.js';
import { printable } from './render-values.js';

/** A piece of apply's report and the stream it goes to: the summary to stdout, the rest stderr. */
export interface ReportLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ApplyReportOptions {
  /** The command that removes extra copies, named when some external IDs have them. */
  dedupeCommand: string;
  /** `--verbose`: name the added assets still waiting for fields. */
  verbose: boolean;
}

/** The external IDs with extra copies listed at most; the rest are counted. */
const DUPLICATES_LISTED = 20;

/**
 * What apply prints once it has run, in order: warnings, failures with the server's message, the
 * duplicate report, the summary line, then (verbose) what is pending and, after Ctrl-C, how to
 * finish.
 */
export function renderApplyResult(result: ApplyResult, options: ApplyReportOptions): ReportLine[] {
  const out: ReportLine[] = [];
  const stderr = (text: string) => out.push({ stream: 'stderr', text });
  for (const warning of result.warnings) stderr(`warning: ${warning}\n`);
  const { failed, duplicates } = result;
  if (failed.length > 0) {
    const changes = failed.length === 1 ? 'change' : 'changes';
    stderr(
      `error[${ERROR_CATALOGUE['apply-incomplete'].code}]: ${failed.length} ${changes} failed:\n`,
    );
    for (const { action, externalId, projectId, message } of failed) {
      stderr(`  ${printable(`${action} ${externalId} (${projectId}): ${message}`)}\n`);
    }
  }
  if (duplicates.length > 0) {
    // External IDs that ended up on several assets, with the command that removes the copies.
    const count = duplicates.length;
    stderr(
      `error[${ERROR_CATALOGUE['duplicates-added'].code}]: ${count} added external ${count === 1 ? 'ID is' : 'IDs are'} carried by several ` +
        'assets (another writer added them at the same time):\n',
    );
    for (const { projectId, externalId, copies } of duplicates.slice(0, DUPLICATES_LISTED)) {
      stderr(`  ${externalId} (${projectId}): ${copies} assets\n`);
    }
    if (count > DUPLICATES_LISTED) stderr(`  … and ${count - DUPLICATES_LISTED} more\n`);
    stderr(`hint: delete the unlabeled extra copies with: ${options.dedupeCommand}\n`);
  }
  out.push({ stream: 'stdout', text: `\n${formatApplySummary(result)}\n` });
  if (options.verbose) {
    for (const { projectId, externalId, fields } of result.pending) {
      stderr(
        `  pending ${printable(externalId)} (${projectId}): ${fields.join(', ')} not set yet\n`,
      );
    }
  }
  if (result.interrupted) {
    stderr(
      'interrupted: no batch was started after Ctrl-C; the ones in flight finished\n' +
        'hint: rerun kili-sync apply to finish (kili-sync plan shows what is left)\n',
    );
  } else if (duplicates.length === 0 && failed.length > 0) {
    stderr('hint: rerun kili-sync apply to retry what failed\n');
  }
  return out;
}

/**
 * `Apply complete! 3 added, 1 changed, 1 renamed, 2 deleted.` and its incomplete variants. Adds
 * another run had already made are counted apart (`1000 added, 1000 already added by another
 * run, …`), so the runs' reports add up to the assets created.
 */
export function formatApplySummary(result: ApplyResult): string {
  const already =
    result.alreadyAdded > 0 ? `, ${result.alreadyAdded} already added by another run` : '';
  const counts =
    `${result.added} added${already}, ${result.changed} changed, ` +
    `${result.renamed} renamed, ${result.deleted} deleted`;
  if (result.interrupted) {
    const pending = result.pending.length;
    const unset =
      pending === 0
        ? ''
        : ` ${pending} of the added ${pending === 1 ? 'assets still lacks' : 'assets still lack'} the fields set after the append (priority, labelers, marks); a rerun sets them.`;
    return `Apply interrupted: ${counts} before stopping.${unset}`;
  }
  const problems: string[] = [];
  if (result.failed.length > 0) problems.push(`${result.failed.length} failed`);
  if (result.duplicates.length > 0) {
    const count = result.duplicates.length;
    problems.push(`${count} external ${count === 1 ? 'ID has' : 'IDs have'} duplicates`);
  }
  if (problems.length > 0) return `Apply incomplete: ${counts}; ${problems.join(', ')}.`;
  return `Apply complete! ${counts}.`;
}

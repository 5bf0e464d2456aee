import pc from 'picocolors';
import stringify from 'safe-stable-stringify';
import type { CheckStatus, DoctorReport } from '../schema/doctor-schema.js';
import { printable } from './render-values.js';

const MARKS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '-' };

/**
 * The doctor's checklist for people, one line per check (mark, id, reason), then a verdict that
 * names every failed assumption.
 */
export function renderDoctorText(report: DoctorReport, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const paint: Record<CheckStatus, (text: string) => string> = {
    pass: c.green,
    fail: c.red,
    warn: c.yellow,
    skip: c.dim,
  };
  const width = Math.max(...report.checks.map((check) => check.id.length));
  const lines = [`kili-sync doctor: ${printable(report.endpoint)}`, ''];
  for (const check of report.checks) {
    const reason =
      check.status === 'skip'
        ? `skipped: ${check.reason}`
        : check.code !== undefined
          ? `error[${check.code}]: ${check.reason}`
          : check.reason;
    lines.push(
      `  ${paint[check.status](MARKS[check.status])} ${c.bold(check.id.padEnd(width))}  ${printable(reason)}`,
    );
  }
  lines.push('');
  const failed = report.failed;
  if (failed.length === 0) {
    const warnings = report.checks.filter((check) => check.status === 'warn').length;
    const note = warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'} above)` : '';
    lines.push(c.green(`No problem found: what kili-sync assumes holds here${note}.`));
  } else {
    const what =
      failed.length === 1 ? '1 assumption failed' : `${failed.length} assumptions failed`;
    lines.push(c.red(`${what}: ${failed.join(', ')}.`));
  }
  return `${lines.join('\n')}\n`;
}

/** The report as JSON: sorted keys, 2-space indent, final newline, like the plan document. */
export function renderDoctorJson(report: DoctorReport): string {
  return `${stringify(report, null, 2)}\n`;
}

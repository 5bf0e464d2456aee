import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApplyFixture,
  manifest,
  runApply as runCli,
  startApplyFixture,
} from './apply-support.js';

/** A content URL of 150 characters: wider than a narrow terminal, not cut anywhere else. */
const LONG_URL = `https://cdn.example.com/${'a'.repeat(118)}/cat.jpg`;
const terminal = (columns: number) => ({
  isTTY: { stdin: false, stdout: true, stderr: false },
  stdoutColumns: columns,
});

describe('plan values are cut only to fit a terminal', () => {
  let fixture: ApplyFixture;

  beforeAll(async () => {
    fixture = await startApplyFixture();
    const projectId = await fixture.createProject('Widths');
    await fixture.writeManifest(
      'm.yaml',
      manifest(projectId, `\n  - externalId: long\n    content: ${LONG_URL}`),
    );
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const contentLine = (stdout: string) =>
    stdout.split('\n').find((line) => line.includes('content:'));

  it('shows every value whole when stdout is a file or a CI log', async () => {
    const result = await runCli(fixture, ['plan', 'm.yaml']);
    expect(result.code, result.stderr).toBe(0);
    expect(contentLine(result.stdout)).toBe(`      + content: "${LONG_URL}"`);
  });

  it('cuts a value to the width of a narrower terminal, and not on a wider one', async () => {
    const narrow = await runCli(fixture, ['plan', 'm.yaml'], terminal(80));
    const line = contentLine(narrow.stdout) ?? '';
    expect(line).toHaveLength(80);
    expect(line.endsWith('…')).toBe(true);
    expect(LONG_URL.startsWith(line.slice('      + content: "'.length, -1))).toBe(true);

    const wide = await runCli(fixture, ['plan', 'm.yaml'], terminal(200));
    expect(contentLine(wide.stdout)).toBe(`      + content: "${LONG_URL}"`);
  });

  it('shows everything with --full, and never cuts JSON', async () => {
    const full = await runCli(fixture, ['plan', 'm.yaml', '--full'], terminal(80));
    expect(contentLine(full.stdout)).toBe(`      + content: "${LONG_URL}"`);

    const json = await runCli(fixture, ['plan', 'm.yaml', '--format', 'json'], terminal(80));
    expect(json.stdout).toContain(JSON.stringify(LONG_URL));
    expect(json.stdout).not.toContain('…');
  });

  it('cuts the plan apply shows the same way', async () => {
    const whole = await runCli(fixture, ['apply', 'm.yaml', '--full'], terminal(80));
    // Without a TTY on stdin and --auto-approve, apply shows the plan and refuses.
    expect(whole.code).toBe(1);
    expect(contentLine(whole.stdout)).toBe(`      + content: "${LONG_URL}"`);
    const cut = await runCli(fixture, ['apply', 'm.yaml'], terminal(80));
    expect(contentLine(cut.stdout)).toHaveLength(80);
  });
});

import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../src/cli/progress.js';
import { captureRuntime } from '../helpers/capture-runtime.js';

describe('progress reporter', () => {
  it("draws bars on the runtime's stderr when it is a terminal", () => {
    const runtime = captureRuntime({ isTTY: { stdin: false, stdout: false, stderr: true } });
    const progress = createProgressReporter(runtime);
    progress({ kind: 'start', task: 'Reading assets', total: 2500 });
    progress({ kind: 'advance', task: 'Reading assets', done: 1200, total: 2500 });
    progress.stop();
    expect(runtime.err()).toContain('Reading assets');
    expect(runtime.err()).toContain('/2,500');
    expect(runtime.out()).toBe('');
  });

  it('shows only log lines when stderr is not a terminal', () => {
    const runtime = captureRuntime();
    const progress = createProgressReporter(runtime);
    progress({ kind: 'start', task: 'Reading assets', total: 10 });
    progress({ kind: 'log', level: 'warn', message: 'a glob matched nothing' });
    progress({ kind: 'log', level: 'info', message: 'said only with --verbose' });
    progress.stop();
    expect(runtime.err()).toBe('warning: a glob matched nothing\n');
  });
});

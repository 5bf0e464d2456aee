import { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Output, ProgressListener, Runtime } from '../runtime.js';

export type ProgressReporter = ProgressListener & { stop(): void };

/**
 * Shows the core's progress events: a bar on stderr when it is a TTY, otherwise nothing but the
 * log events (warnings always, info with --verbose), so CI logs stay readable.
 */
export function createProgressReporter(runtime: Runtime): ProgressReporter {
  const bars = new Map<string, cliProgress.SingleBar>();
  const showBars = runtime.isTTY.stderr;
  const stream = showBars ? toTerminalStream(runtime.stderr) : undefined;

  const stopAll = () => {
    for (const bar of bars.values()) bar.stop();
    bars.clear();
  };

  const listener: ProgressListener = (event) => {
    switch (event.kind) {
      case 'start': {
        if (!stream || event.total === 0) return;
        const bar = new cliProgress.SingleBar(
          {
            format: `${event.task} {bar} {value}/{total}`,
            stream,
            hideCursor: true,
            clearOnComplete: true,
            formatValue: (value) => value.toLocaleString('en-US'),
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.total, 0);
        bars.set(event.task, bar);
        return;
      }
      case 'advance': {
        const bar = bars.get(event.task);
        if (bar) {
          bar.setTotal(event.total);
          bar.update(event.done);
        }
        return;
      }
      case 'stop': {
        bars.get(event.task)?.stop();
        bars.delete(event.task);
        return;
      }
      case 'log': {
        if (event.level === 'info' && !runtime.verbose) return;
        const prefix = event.level === 'warn' ? 'warning: ' : '';
        runtime.stderr.write(`${prefix}${event.message}\n`);
        return;
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  };
  return Object.assign(listener, { stop: stopAll });
}

/**
 * The runtime's stderr as the terminal stream cli-progress draws on, so bars go where every
 * other message goes (and tests can capture them).
 */
function toTerminalStream(output: Output): NodeJS.WritableStream {
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      output.write(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY: true });
}

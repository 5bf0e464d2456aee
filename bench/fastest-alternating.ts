import { formatDuration } from './outcome.js';

/** The runs of each side and the fastest of them. */
export interface SideRuns<T> {
  fastest: T;
  slowestMs: number;
  all: T[];
}

interface Timed {
  wallMs: number;
  cpuMs: number;
}

/**
 * Runs a side and its reference in turn (`repeats` times: ours, reference, ours, …) and keeps
 * the fastest run of each by `figure`: other work on the machine only ever slows a run down, and
 * alternating spreads what it does over both sides.
 */
export async function runAlternating<A extends Timed, B extends Timed>(
  repeats: number,
  figure: keyof Timed,
  ours: () => Promise<A>,
  reference: () => Promise<B>,
): Promise<{ ours: SideRuns<A>; reference: SideRuns<B> }> {
  const oursRuns: A[] = [];
  const referenceRuns: B[] = [];
  for (let round = 0; round < Math.max(1, repeats); round += 1) {
    oursRuns.push(await ours());
    referenceRuns.push(await reference());
  }
  return {
    ours: summarise(oursRuns, figure),
    reference: summarise(referenceRuns, figure),
  };
}

/** The runs of a side with the fastest and slowest by `figure`. */
export function summarise<T extends Timed>(runs: T[], figure: keyof Timed): SideRuns<T> {
  const byTime = [...runs].sort((a, b) => a[figure] - b[figure]);
  return { fastest: byTime[0]!, slowestMs: byTime.at(-1)![figure], all: runs };
}

/** A note `fastest of 3 (slowest 4.30 s)`, or none after a single run. */
export function describeRuns(runs: SideRuns<Timed>, figure: keyof Timed = 'wallMs'): string[] {
  if (runs.all.length === 1) return [];
  const unit = figure === 'cpuMs' ? ' CPU' : '';
  return [`fastest of ${runs.all.length} (slowest ${formatDuration(runs.slowestMs)}${unit})`];
}

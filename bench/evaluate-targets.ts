import { type Check, countRequests, formatDuration, type ResultRow } from './outcome.js';

const TARGET_BOUND_FACTOR = 1.15;
const TARGET_SPEEDUP = 2;

/**
 * The time targets of a side-by-side scenario: kili-sync within 1.15 × the protocol bound, and
 * at least 2 × faster than the baseline. When one is missed, the cause is worked out from the
 * figures: the formula's blind spot (the last request's round trip), time spent outside the
 * requests, or a baseline too close to the bound for 2 × to be possible at all.
 */
export function evaluateTargets(name: string, rows: ResultRow[], latencyMs: number): Check[] {
  const ours = rows.find((row) => row.side === 'kili-sync');
  const theirs = rows.find((row) => row.side === 'baseline');
  if (!ours?.bound || !theirs) return [];
  const { bound } = ours;
  const requests = countRequests(ours.requests);
  const ratio = ours.wallMs / bound.boundMs;
  const boundOk = ratio <= TARGET_BOUND_FACTOR;
  const speedup = theirs.wallMs / ours.wallMs;
  const speedupOk = speedup >= TARGET_SPEEDUP;
  const limiting = bound.rateMs >= bound.latencyMs ? 'rate cap' : 'latency ÷ concurrency';
  // Paced starts: the last request starts one interval short of the formula and still needs
  // its own round trip.
  const pacedFloorMs =
    Math.max((bound.rateMs * (requests - 1)) / Math.max(1, requests), bound.latencyMs) + latencyMs;
  const boundCause =
    ours.wallMs <= TARGET_BOUND_FACTOR * pacedFloorMs
      ? `the formula leaves out the last request's round trip: ${requests} paced requests cannot end before ${formatDuration(pacedFloorMs)}, and the wall is ${(ours.wallMs / pacedFloorMs).toFixed(2)} × that`
      : `${formatDuration(ours.wallMs - pacedFloorMs)} above the ${formatDuration(pacedFloorMs)} the paced requests need: time outside the requests (loading manifests, diffing, the emulator's own processing)`;
  return [
    {
      kind: 'target',
      name: `${name}: wall ≤ ${TARGET_BOUND_FACTOR} × protocol bound`,
      ok: boundOk,
      measured: `${formatDuration(ours.wallMs)} = ${ratio.toFixed(2)} × bound ${formatDuration(bound.boundMs)} (${limiting})`,
      cause: boundOk ? undefined : boundCause,
    },
    {
      kind: 'target',
      name: `${name}: ≥ ${TARGET_SPEEDUP}× faster than the sequential baseline`,
      ok: speedupOk,
      measured: `${speedup.toFixed(2)}× (baseline ${formatDuration(theirs.wallMs)})`,
      cause: speedupOk
        ? undefined
        : `the ${limiting} bounds kili-sync at ${formatDuration(bound.boundMs)}, so at most ${(theirs.wallMs / bound.boundMs).toFixed(2)}× is possible against this baseline; kili-sync reached ${speedup.toFixed(2)}×`,
    },
  ];
}

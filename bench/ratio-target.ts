import { type Check, formatDuration } from './outcome.js';

/**
 * A local time target stated as a ratio to a reference measured side by side in the same run:
 * absolute times differ from one machine to the next, ratios measured together do not.
 */
export interface RatioTarget {
  scenario: string;
  /** Which time is compared. */
  figure: 'wall' | 'CPU';
  measuredMs: number;
  referenceMs: number;
  /** Names the reference, e.g. "yaml's bare parse". */
  reference: string;
  maxRatio: number;
  /** Why the target can be missed, said when it is. */
  cause: string;
}

export function evaluateRatioTarget(target: RatioTarget): Check {
  const ratio = target.measuredMs / target.referenceMs;
  const measurable = Number.isFinite(ratio) && target.referenceMs > 0;
  const ok = measurable && ratio <= target.maxRatio;
  const figures = `${formatDuration(target.measuredMs)} vs ${formatDuration(target.referenceMs)}`;
  return {
    kind: 'target',
    name: `${target.scenario}: ${target.figure} ≤ ${target.maxRatio} × ${target.reference}`,
    ok,
    measured: measurable ? `${ratio.toFixed(2)} × (${figures})` : `n/a (${figures})`,
    cause: ok ? undefined : measurable ? target.cause : 'the reference was not measured',
  };
}

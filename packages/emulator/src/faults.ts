/** How the emulator misbehaves on purpose, for retry tests and benchmarks. */
export interface FaultOptions {
  /** Probability (0..1) of answering 503, or 429 with `Retry-After: 1`, without executing. */
  failRate?: number;
  /** Probability (0..1) of executing the operation, then closing the socket without answering. */
  dropRate?: number;
  /** Delay added before every GraphQL answer. */
  latencyMs?: number;
  /** GraphQL calls allowed per minute and API key; beyond, HTTP 429 with `Retry-After`. */
  rateLimitPerMinute?: number;
  /**
   * Probability (0..1) that an asset of an asynchronous import fails processing: it is not
   * created, and its import's notification ends in FAILURE.
   */
  asyncImportFailRate?: number;
  /** Source of randomness in [0, 1); inject a fixed sequence to make tests deterministic. */
  random?: () => number;
  /** Clock in milliseconds for the rate limiter. */
  now?: () => number;
}

/** An answer given instead of executing the operation. */
export type FaultRejection =
  | { kind: 'rateLimited'; status: 429; retryAfterSeconds: number }
  | { kind: 'failed503'; status: 503 }
  | { kind: 'failed429'; status: 429; retryAfterSeconds: 1 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Decides, per GraphQL call, whether to rate-limit, fail, delay or drop. The rate limit is a
 * token bucket per API key refilled at N/60 tokens per second, holding one second's worth.
 */
export class FaultInjector {
  readonly latencyMs: number;
  private readonly failRate: number;
  private readonly dropRate: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly refillPerMs: number;
  private readonly capacity: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: FaultOptions = {}) {
    this.failRate = options.failRate ?? 0;
    this.dropRate = options.dropRate ?? 0;
    this.latencyMs = options.latencyMs ?? 0;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    const perMinute = options.rateLimitPerMinute ?? 0;
    this.refillPerMs = perMinute / 60_000;
    this.capacity = Math.max(1, Math.ceil(perMinute / 60));
  }

  /** Whether to answer this call with an error instead of executing it. */
  reject(apiKey: string): FaultRejection | null {
    const retryAfterSeconds = this.takeToken(apiKey);
    if (retryAfterSeconds !== null) return { kind: 'rateLimited', status: 429, retryAfterSeconds };
    if (this.failRate > 0 && this.random() < this.failRate) {
      return this.random() < 0.5
        ? { kind: 'failed503', status: 503 }
        : { kind: 'failed429', status: 429, retryAfterSeconds: 1 };
    }
    return null;
  }

  /** Whether to close the connection after executing, without answering. */
  shouldDrop(): boolean {
    return this.dropRate > 0 && this.random() < this.dropRate;
  }

  /** Takes a token; returns null when one was available, else the whole seconds to wait. */
  private takeToken(apiKey: string): number | null {
    if (this.refillPerMs <= 0) return null;
    const now = this.now();
    const bucket = this.buckets.get(apiKey) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.refillPerMs,
    );
    bucket.updatedAt = now;
    this.buckets.set(apiKey, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    const waitMs = (1 - bucket.tokens) / this.refillPerMs;
    return Math.max(1, Math.ceil(waitMs / 1000));
  }
}

/** Checks fault options, returning a message for the first invalid one. */
export function findInvalidFaultOption(options: FaultOptions): string | null {
  for (const key of ['failRate', 'dropRate', 'asyncImportFailRate'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1)) {
      return `${key} must be a probability between 0 and 1, got ${value}`;
    }
  }
  for (const key of ['latencyMs', 'rateLimitPerMinute'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      return `${key} must be a number of at least 0, got ${value}`;
    }
  }
  return null;
}

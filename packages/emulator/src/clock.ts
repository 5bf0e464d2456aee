/**
 * A millisecond clock that never repeats nor goes back: each tick is later than the previous one
 * even when called twice within the same millisecond, so `updatedAt` strictly increases.
 */
export class LogicalClock {
  private last: number;

  constructor(
    private readonly now: () => number = Date.now,
    /** The latest timestamp already handed out (e.g. read back from the database). */
    floor = 0,
  ) {
    this.last = floor;
  }

  /** The next timestamp, as ISO-8601 with milliseconds and `Z`. */
  tick(): string {
    this.last = Math.max(this.now(), this.last + 1);
    return new Date(this.last).toISOString();
  }
}

const INITIAL_CAPACITY = 1 << 12;

/**
 * A set of 64-bit fingerprints of strings: `validate`'s duplicate check over the external IDs
 * of a project, which may be millions (a JSONL source).
 *
 * Why not a `Set<string>`: it keeps every ID string alive, and for a million IDs it cost more
 * than the `JSON.parse` of the whole file (bench/RESULTS.md, JSONL row), most of it in the
 * garbage collector tracing the strings. Two 32-bit hashes per ID in a typed array keep no string
 * and nothing to trace.
 *
 * Equal IDs always have equal fingerprints, so a duplicate is never missed. Two different IDs
 * share one with a chance of about n²/2⁶⁵ (3·10⁻⁸ for a million IDs); `add` answering "seen" is
 * therefore a "maybe", and the caller settles it exactly (see CountedAssets).
 */
export class IdFingerprints {
  /** Pairs (high, low); (0, 0) marks an empty slot. */
  private slots = new Int32Array(2 * INITIAL_CAPACITY);
  private size = 0;
  private readonly lowMask: number;
  private readonly highMask: number;

  /** `bits` below 64 shortens the fingerprints, so that tests can make them collide. */
  constructor(bits = 64) {
    this.lowMask = bits >= 32 ? -1 : (1 << bits) - 1;
    this.highMask = bits >= 64 ? -1 : bits <= 32 ? 0 : (1 << (bits - 32)) - 1;
  }

  /** Adds `id`'s fingerprint; false when the set already held it (the ID, or a collision). */
  add(id: string): boolean {
    this.hash(id);
    const found = this.find(fingerprintHigh, fingerprintLow);
    if (this.slots[found] !== 0 || this.slots[found + 1] !== 0) return false;
    this.slots[found] = fingerprintHigh;
    this.slots[found + 1] = fingerprintLow;
    this.size += 1;
    if (this.size * 2 > this.slots.length / 2) this.grow();
    return true;
  }

  /** True when `id`'s fingerprint is in the set (the ID, or a collision). */
  has(id: string): boolean {
    this.hash(id);
    const found = this.find(fingerprintHigh, fingerprintLow);
    return this.slots[found] !== 0 || this.slots[found + 1] !== 0;
  }

  private hash(id: string): void {
    fingerprint(id);
    fingerprintHigh &= this.highMask;
    fingerprintLow &= this.lowMask;
    if (fingerprintHigh === 0 && fingerprintLow === 0) fingerprintLow = 1;
  }

  /** The slot (index of its high half) holding the fingerprint, or the empty one it belongs in. */
  private find(high: number, low: number): number {
    const mask = this.slots.length / 2 - 1;
    // Linear probing from bits the short test fingerprints keep too (the low half).
    for (let slot = (low ^ (high >>> 7)) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 2;
      const slotHigh = this.slots[at]!;
      const slotLow = this.slots[at + 1]!;
      if ((slotHigh === high && slotLow === low) || (slotHigh === 0 && slotLow === 0)) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 2) {
      const high = old[at]!;
      const low = old[at + 1]!;
      if (high === 0 && low === 0) continue;
      const found = this.find(high, low);
      this.slots[found] = high;
      this.slots[found + 1] = low;
    }
  }
}

// The last fingerprint computed: two numbers without allocating a pair per ID.
let fingerprintHigh = 0;
let fingerprintLow = 0;

/**
 * Two independent 32-bit hashes of the string's UTF-16 code units in one pass (FNV-1a, and a
 * multiply-xorshift with another constant), each finished with MurmurHash3's avalanche step.
 */
function fingerprint(text: string): void {
  let high = 0x811c9dc5;
  let low = 0x9747b28c ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    high = Math.imul(high ^ unit, 0x01000193);
    low = Math.imul(low ^ unit, 0x5bd1e995);
    low ^= low >>> 15;
  }
  fingerprintHigh = finish(high);
  fingerprintLow = finish(low);
}

function finish(hash: number): number {
  let mixed = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return mixed ^ (mixed >>> 16);
}

// Deduplication memory for ids (execIds, clientIds, order status keys): a set bounded by a capacity
// that forgets its oldest entries first, so a long session does not grow without end. Duplicates
// from Bybit (or the emulator's duplicate fault) come within seconds, far inside the capacity.
/** A set that forgets its oldest entries past `capacity`; `add` is false when already present. */
export class Remembered {
  private readonly set = new Set<string>();

  constructor(private readonly capacity = 20_000) {}

  has(k: string): boolean {
    return this.set.has(k);
  }

  add(k: string): boolean {
    if (this.set.has(k)) return false;
    this.set.add(k);
    if (this.set.size > this.capacity) this.set.delete(this.set.values().next().value as string);
    return true;
  }
}

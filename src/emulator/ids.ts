// Deterministic ids in Bybit's shapes: orderId and execId as UUID-formatted hex counters (no random
// source, so two runs over the same inputs hand out the same ids), connection ids as `emu-N`.
export class IdSource {
  private n = 0;

  constructor(private readonly prefix: number) {}

  /** xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, the prefix in the first group, the counter in the last. */
  next(): string {
    this.n++;
    const head = this.prefix.toString(16).padStart(8, '0');
    const tail = this.n.toString(16).padStart(12, '0');
    return `${head}-0000-4000-8000-${tail}`;
  }
}

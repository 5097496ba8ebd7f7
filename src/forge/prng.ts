// A seeded pseudo-random generator for synthetic markets (never Math.random): mulberry32 over a
// 32-bit state, seeded through splitmix32 so nearby seeds give unrelated streams. Only integer
// arithmetic and one division per draw: the same seed gives the same numbers on every platform.

export class Prng {
  private state: number;

  constructor(seed: number) {
    // splitmix32 of the seed (its low 32 bits; negative and fractional seeds are refused upstream).
    let z = (seed >>> 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * An approximately standard-normal number: the centred sum of 12 uniforms (Irwin-Hall, variance
   * 1, bounded by ±6), so no transcendental function is needed and every platform agrees.
   */
  normal(): number {
    let s = 0;
    for (let k = 0; k < 12; k++) s += this.next();
    return s - 6;
  }
}

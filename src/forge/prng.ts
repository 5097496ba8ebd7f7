// A seeded pseudo-random generator for synthetic markets (never Math.random): the domain's
// mulberry32, seeded through splitmix32 so nearby seeds give unrelated streams. Only integer
// arithmetic and one division per draw: the same seed gives the same numbers on every platform.

import { mulberry32 } from '../domain';

export class Prng {
  private readonly draw: () => number;

  constructor(seed: number) {
    // splitmix32 of the seed (its low 32 bits; negative and fractional seeds are refused upstream).
    let z = (seed >>> 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.draw = mulberry32((z ^ (z >>> 16)) >>> 0);
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.draw();
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

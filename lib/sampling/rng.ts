/** The complete state of an {@link Rng}: four unsigned 32-bit words (JSON-safe). */
export type RngState = [number, number, number, number];

/**
 * A small seedable generator (sfc32) whose whole state can be saved and
 * restored, so a resumed run draws exactly the numbers the uninterrupted one would.
 *
 * @example
 * const rng = new Rng(7); const saved = rng.state();
 * rng.next() === new Rng(saved).next(); // true
 */
export class Rng {
  private s: Uint32Array;

  constructor(seed: number | RngState) {
    this.s = new Uint32Array(4);
    if (Array.isArray(seed)) {
      if (seed.length !== 4 || seed.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
        throw new Error(`Argument 'seed' passed to 'Rng' must be a number or a saved state of four unsigned 32-bit integers, but got ${JSON.stringify(seed)}.`);
      }
      this.s.set(seed);
      return;
    }
    if (!Number.isFinite(seed)) throw new Error(`Argument 'seed' passed to 'Rng' must be a finite number, but got ${seed}.`);
    // splitmix32 spreads a small integer seed over all four words.
    let x = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const s = this.s;
    const t = (((s[0] + s[1]) >>> 0) + s[3]) >>> 0;
    s[3] = (s[3] + 1) >>> 0;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = (s[2] + (s[2] << 3)) >>> 0;
    s[2] = ((s[2] << 21) | (s[2] >>> 11)) >>> 0;
    s[2] = (s[2] + t) >>> 0;
    return t;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A copy of the state, to save in a checkpoint. */
  state(): RngState {
    return [this.s[0], this.s[1], this.s[2], this.s[3]];
  }
}

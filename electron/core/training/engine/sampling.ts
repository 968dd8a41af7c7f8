/**
 * Poisson sampling for DP-SGD: every step includes each of the N examples
 * independently with probability q = B/N — exactly the sampling the RDP
 * accountant's sampled Gaussian mechanism assumes. Gaps between included
 * indices are drawn from the geometric distribution, so a step costs O(B),
 * not O(N).
 */
import { randomBytes } from 'node:crypto';

/** A small seeded PRNG (sfc32): uniform floats in [0, 1) and 32-bit words. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    // mix the high bits of larger seeds in too
    this.c ^= Math.floor(seed / 2 ** 32) >>> 0;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }
  /** A PRNG seeded from the OS's secure random source. */
  static secure(): Prng {
    return new Prng(randomBytes(6).readUIntBE(0, 6));
  }
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in (0, 1): never exactly 0, so log() of it is finite. */
  nextFloat(): number {
    return (this.nextUint32() + 0.5) / 2 ** 32;
  }
}

/** Indices (ascending) of one Poisson-sampled batch from N examples with rate q. */
export function poissonSample(rng: Prng, n: number, q: number): number[] {
  const out: number[] = [];
  if (q >= 1) {
    for (let i = 0; i < n; i++) out.push(i);
    return out;
  }
  if (q <= 0) return out;
  const logOneMinusQ = Math.log1p(-q);
  let i = -1;
  for (;;) {
    i += 1 + Math.floor(Math.log(rng.nextFloat()) / logOneMinusQ);
    if (i >= n) return out;
    out.push(i);
  }
}

/** Copies the rows `idx` of a row-major array with `rowSize` values per row. */
export function gatherRows(src: Float32Array, rowSize: number, idx: readonly number[], into?: Float32Array): Float32Array {
  const dst = into && into.length >= idx.length * rowSize ? into.subarray(0, idx.length * rowSize) : new Float32Array(idx.length * rowSize);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    dst.set(src.subarray(i * rowSize, (i + 1) * rowSize), k * rowSize);
  }
  return dst;
}

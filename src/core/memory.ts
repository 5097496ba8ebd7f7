// Views over the core's linear memory. A grown memory detaches every old ArrayBuffer view, so
// views are re-created whenever `memory.buffer` changes; callers must take a view after any call
// that may allocate (create, batch) and never keep one across such calls.
import { CoreError } from '../errors';
import { type CoreExports, loadCore } from './wasm';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

let buffer: ArrayBuffer | undefined;
let u8: Uint8Array = new Uint8Array(0);
let f64: Float64Array = new Float64Array(0);

export function core(): CoreExports {
  return loadCore().exports;
}

function refresh(): void {
  const b = core().memory.buffer;
  if (b !== buffer) {
    buffer = b;
    u8 = new Uint8Array(b);
    f64 = new Float64Array(b);
  }
}

export function bytesView(): Uint8Array {
  refresh();
  return u8;
}

/** A zero-copy Float64Array over [ptr, ptr + 8 * len). Valid until the next allocating call. */
export function f64View(ptr: number, len: number): Float64Array {
  refresh();
  return f64.subarray(ptr / 8, ptr / 8 + len);
}

export function readString(ptr: number, len: number): string {
  return decoder.decode(bytesView().subarray(ptr, ptr + len));
}

/** Reads the JSON export left in the core's scratch string by `fill()` (which returns its length). */
export function readScratchJson<T>(fill: () => number): T {
  const len = fill();
  return JSON.parse(readString(core().scratch_ptr(), len)) as T;
}

/** A buffer in core memory of `len` f64 values, freed explicitly. */
export class F64Buffer {
  readonly ptr: number;
  readonly len: number;
  private freed = false;

  constructor(len: number) {
    this.len = len;
    this.ptr = core().core_alloc(Math.max(1, len) * 8);
    if (this.ptr === 0) throw new CoreError('CORE', `core could not allocate ${len} f64`);
  }

  /** The view of the last call, kept while the memory has not grown (no allocation per read). */
  private cached: Float64Array | undefined;

  view(): Float64Array {
    // A grown memory detaches the old buffer (its byteLength becomes 0): then take a new view.
    if (this.cached === undefined || this.cached.buffer.byteLength === 0) this.cached = f64View(this.ptr, this.len);
    return this.cached;
  }

  free(): void {
    if (!this.freed) {
      core().core_free(this.ptr, Math.max(1, this.len) * 8);
      this.freed = true;
    }
  }
}

/** Copies a UTF-8 string into core memory; returns [ptr, len, free]. */
export function writeString(s: string): [number, number, () => void] {
  const bytes = encoder.encode(s);
  const size = Math.max(1, bytes.length);
  const ptr = core().core_alloc(size);
  bytesView().set(bytes, ptr);
  return [ptr, bytes.length, () => core().core_free(ptr, size)];
}

// Splits a text source into lines while its bytes stream in, without decoding or holding it: the
// byte-level twin of LineCursor (csv.ts) with exactly its lines. Lines end at LF (or the end of the
// text); one CR before that end is removed; a line that starts after the last non-blank byte of the
// text (blanks: space, tab, CR, LF) is not a line at all, so blank lines at the end are never
// delivered. Streaming that rule means a blank-only line is held back until a later non-blank byte
// (then it is delivered) or the end (then it is dropped); any other line is delivered at once as a
// view into the chunk. Lines that are empty after the CR is removed (other than line 1) are skipped:
// a reader skips them anyway. Invariant: lines are delivered once, in order, with their 1-based number.

/** Receives one line as bytes [start, end) of `buf` (valid only during the call). */
export type LineSink = (buf: Uint8Array, start: number, end: number, lineNo: number) => void;

const LF = 0x0a;
const CR = 0x0d;
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === CR || c === LF;

/** A run of blank-only lines. */
interface Held {
  bytes: Uint8Array;
  lineNo: number;
  /** Identical lines that follow (line numbers lineNo+1 .. lineNo+repeats). */
  repeats: number;
}

export class LineSplitter {
  private carry: Uint8Array | undefined;
  private lineNo = 0;
  private readonly held: Held[] = [];

  constructor(private readonly sink: LineSink) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    let lf = chunk.indexOf(LF);
    if (this.carry) {
      // The line begun in an earlier chunk: joined in a small buffer, the chunk itself is not copied.
      const head = lf < 0 ? chunk : chunk.subarray(0, lf);
      const joined = new Uint8Array(this.carry.length + head.length);
      joined.set(this.carry);
      joined.set(head, this.carry.length);
      this.carry = undefined;
      if (lf < 0) {
        this.carry = joined;
        return;
      }
      this.complete(joined, 0, joined.length);
      at = lf + 1;
      lf = chunk.indexOf(LF, at);
    }
    for (; lf >= 0; lf = chunk.indexOf(LF, at)) {
      this.complete(chunk, at, lf);
      at = lf + 1;
    }
    if (at < chunk.length) this.carry = chunk.slice(at);
  }

  /** The end of the text: a last line without LF is complete; held blank-only lines are dropped. */
  finish(): void {
    if (this.carry) {
      const last = this.carry;
      this.carry = undefined;
      this.complete(last, 0, last.length);
    }
    this.held.length = 0;
  }

  /** One line [start, end) of `buf` (without its LF). */
  private complete(buf: Uint8Array, start: number, end: number): void {
    const lineNo = ++this.lineNo;
    const cut = end > start && buf[end - 1] === CR ? end - 1 : end;
    let blankOnly = true;
    for (let i = start; i < end && blankOnly; i++) blankOnly = isBlank(buf[i] as number);
    if (blankOnly && cut > start) {
      this.hold(buf, start, end, lineNo);
      return;
    }
    if (blankOnly && lineNo > 1) return; // empty: skipped wherever it is
    this.flushHeld();
    this.sink(buf, start, cut, lineNo);
  }

  private hold(buf: Uint8Array, start: number, end: number, lineNo: number): void {
    const prev = this.held[this.held.length - 1];
    if (prev && prev.lineNo + prev.repeats + 1 === lineNo && sameBytes(prev.bytes, buf, start, end)) {
      prev.repeats++;
      return;
    }
    this.held.push({ bytes: buf.slice(start, end), lineNo, repeats: 0 });
  }

  /** A non-blank byte follows the held lines: they are ordinary lines after all. */
  private flushHeld(): void {
    if (this.held.length === 0) return;
    for (const h of this.held) {
      const b = h.bytes;
      const cut = b.length > 0 && b[b.length - 1] === CR ? b.length - 1 : b.length;
      for (let k = 0; k <= h.repeats; k++) this.sink(b, 0, cut, h.lineNo + k);
    }
    this.held.length = 0;
  }
}

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}

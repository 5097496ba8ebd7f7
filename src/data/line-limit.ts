// Checks the bytes of an import source as they stream in, before any line becomes a string: a line
// longer than the cap (a 200 MB single line would otherwise be held, decoded and split whole) and
// CR-only line endings (the whole file would read as one line) are refused as soon as they are seen,
// so a hostile file costs one chunk of memory, not its size. The chunks of an accepted source are
// kept and joined once at the end, unless the caller passes them on as they come (`keep: false`). Invariant: at most `maxLineBytes` bytes of any line are scanned
// past the cap before the refusal; nothing is decoded.
import { rejection, withSource } from './issues';

/** Longest CSV line accepted, in bytes: market-data rows are under 200; a longer line is not market data. */
export const MAX_LINE_BYTES = 4096;
/** Longest line of a JSON source: a compact Bybit kline response is one line (82 KB for 1000 rows of the sample month). */
export const MAX_JSON_LINE_BYTES = 64 * 1024 * 1024;
/** Largest source accepted after decompression (about 25 years of 1m candles as CSV). */
export const MAX_SOURCE_BYTES = 1024 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const CR_ONLY = 'line endings are CR only (expected LF or CRLF; convert the file, e.g. tr "\\r" "\\n")';

export class LineLimit {
  private readonly parts: Uint8Array[] = [];
  private totalBytes = 0;
  /** Unset until the first byte that is not a BOM or white space says CSV or JSON. */
  private maxLineBytes = 0;
  private line = 1;
  private lineBytes = 0;
  private sawLf = false;
  /** A CR followed by another byte of the same line (not a CRLF). */
  private innerCr = false;
  private lastWasCr = false;
  private crAt = -1;

  constructor(
    private readonly path: string,
    private readonly opts: { keep: boolean } = { keep: true },
  ) {}

  /** Takes the next chunk; throws the import rejection as soon as a limit is broken. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.maxLineBytes === 0) this.maxLineBytes = capFor(chunk);
    this.totalBytes += chunk.length;
    if (this.totalBytes > MAX_SOURCE_BYTES) this.fail(0, `file is larger than ${MAX_SOURCE_BYTES / 1024 ** 3} GiB (split it)`);
    let at = 0;
    // The next CR in this chunk at or after `at` (searched again only once passed: one scan per chunk).
    this.crAt = chunk.indexOf(CR);
    while (at < chunk.length) {
      const lf = chunk.indexOf(LF, at);
      const end = lf < 0 ? chunk.length : lf;
      this.scanCr(chunk, at, end, lf >= 0);
      this.lineBytes += end - at;
      if (this.lineBytes > this.maxLineBytes) {
        const what =
          this.maxLineBytes === MAX_LINE_BYTES
            ? `${MAX_LINE_BYTES} bytes (market-data rows are far shorter)`
            : `${MAX_JSON_LINE_BYTES / 1024 ** 2} MiB in a JSON file (a Bybit kline response of 1000 rows is about 82 KB)`;
        this.fail(this.line, this.innerCr ? CR_ONLY : `line is longer than ${what}`);
      }
      if (lf < 0) break;
      this.sawLf = true;
      this.line++;
      this.lineBytes = 0;
      this.innerCr = false;
      this.lastWasCr = false;
      at = lf + 1;
    }
    if (this.opts.keep) this.parts.push(chunk);
  }

  /** The whole source (empty unless kept), once every chunk has been pushed; refuses CR-only line endings. */
  finish(): Uint8Array {
    if (!this.sawLf && this.innerCr) this.fail(1, CR_ONLY);
    if (this.parts.length === 0) return new Uint8Array(0);
    if (this.parts.length === 1) return this.parts[0] as Uint8Array;
    return Buffer.concat(this.parts, this.totalBytes);
  }

  /** Notes a CR inside the segment [at, end) of the current line that is not the CR of a CRLF. */
  private scanCr(chunk: Uint8Array, at: number, end: number, endsWithLf: boolean): void {
    if (this.lastWasCr && end > at) this.innerCr = true;
    if (end === at) return;
    if (this.crAt >= 0 && this.crAt < at) this.crAt = chunk.indexOf(CR, at);
    const cr = this.crAt;
    if (cr >= 0 && cr < end - 1) this.innerCr = true;
    this.lastWasCr = !endsWithLf && chunk[end - 1] === CR;
  }

  private fail(line: number, reason: string): never {
    throw rejection(withSource(this.path, [{ line, reason }]));
  }
}

/** The line cap for a source whose first chunk this is: JSON when its first meaningful byte is `{` or `[`. */
function capFor(chunk: Uint8Array): number {
  let i = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
  while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === LF || chunk[i] === CR)) i++;
  return chunk[i] === 0x7b || chunk[i] === 0x5b ? MAX_JSON_LINE_BYTES : MAX_LINE_BYTES;
}

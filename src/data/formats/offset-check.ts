// One UTC offset per file: the first time cell that carries a zone (`Z`, `+03:00`) sets the file's
// offset, and every later cell written with another offset is a problem naming both. A file of `Z`
// times with one `+03:00` row was exported by two tools or edited by hand; even when that row names
// the right instant, the file cannot be trusted to say which of its times are which. `Z` and
// `+00:00` are the same offset. Epoch numbers and zone-less cells (NaN) are not compared here.
import { formatOffset } from '../timestamps';
import type { Issue } from './parsed';

export class OffsetCheck {
  private firstOffsetMin = Number.NaN;
  private firstLine = 0;
  private firstText = '';

  /** True when a cell at `offsetMin` would pass `see` without changing anything (the file's offset is that one). */
  agrees(offsetMin: number): boolean {
    return this.firstOffsetMin === offsetMin;
  }

  /** Records the offset of one time cell (NaN: none written); returns the problem when it differs from the file's. */
  see(offsetMin: number, line: number, cell: string): Issue | undefined {
    if (Number.isNaN(offsetMin)) return undefined;
    if (Number.isNaN(this.firstOffsetMin)) {
      this.firstOffsetMin = offsetMin;
      this.firstLine = line;
      this.firstText = cell;
      return undefined;
    }
    if (offsetMin === this.firstOffsetMin) return undefined;
    return {
      line,
      reason:
        `time '${cell}' is at UTC offset ${formatOffset(offsetMin)}, but line ${this.firstLine} ('${this.firstText}') ` +
        `is at ${formatOffset(this.firstOffsetMin)} (expected one offset for the whole file)`,
    };
  }
}

// Projection of a higher-timeframe (HTF) series onto the exec timeframe, the one path by which
// every higher-TF feature reaches an exec bar. Rule (TradingView-style forward fill, no look-ahead):
// the value at exec bar j is that of the LAST HTF bar whose close (tsOpen + htfTfMs) is at or
// before exec bar j's close (tsOpen + execTfMs); NaN when no HTF bar has closed yet. An HTF bar is
// therefore never visible before it closes, and across HTF gaps the older value is carried.
// Both timestamp arrays are candle OPEN times in ms and must be strictly ascending.
// O(n + m) two-pointer walk over typed arrays; the index mapping can be computed once per
// (HTF, exec) pair and applied to every output column with `projectByIndex`.
import { CoreError } from '../errors';

function assertAscending(ts: ArrayLike<number>, what: string): void {
  for (let i = 1; i < ts.length; i++) {
    if (!((ts[i] as number) > (ts[i - 1] as number))) {
      throw new CoreError(
        'DATA_INVALID',
        `${what}[${i}] = ${ts[i]} is not after ${what}[${i - 1}] = ${ts[i - 1]} (expected strictly ascending open times)`,
      );
    }
  }
}

function assertTf(tfMs: number, what: string): void {
  if (!Number.isInteger(tfMs) || tfMs <= 0) throw new CoreError('DATA_INVALID', `${what} = ${tfMs} (expected a positive integer of ms)`);
}

/** For each exec bar, the index of the last HTF bar closed at or before its close; -1 when none. */
export function execToHtfIndex(
  htfTsOpenMs: ArrayLike<number>,
  htfTfMs: number,
  execTsOpenMs: ArrayLike<number>,
  execTfMs: number,
): Int32Array {
  assertTf(htfTfMs, 'htfTfMs');
  assertTf(execTfMs, 'execTfMs');
  assertAscending(htfTsOpenMs, 'htfTsOpenMs');
  assertAscending(execTsOpenMs, 'execTsOpenMs');
  const n = htfTsOpenMs.length;
  const m = execTsOpenMs.length;
  const index = new Int32Array(m);
  let i = -1;
  for (let j = 0; j < m; j++) {
    const execCloseMs = (execTsOpenMs[j] as number) + execTfMs;
    while (i + 1 < n && (htfTsOpenMs[i + 1] as number) + htfTfMs <= execCloseMs) i++;
    index[j] = i;
  }
  return index;
}

/** Applies an `execToHtfIndex` mapping to one HTF column. */
export function projectByIndex(index: Int32Array, htfValues: ArrayLike<number>): Float64Array {
  const out = new Float64Array(index.length);
  for (let j = 0; j < index.length; j++) {
    const i = index[j] as number;
    out[j] = i < 0 ? Number.NaN : (htfValues[i] as number);
  }
  return out;
}

/** One HTF column forward-filled onto exec bars (see the header for the rule). */
export function projectToExec(
  htfTsOpenMs: ArrayLike<number>,
  htfTfMs: number,
  htfValues: ArrayLike<number>,
  execTsOpenMs: ArrayLike<number>,
  execTfMs: number,
): Float64Array {
  if (htfValues.length !== htfTsOpenMs.length) {
    throw new CoreError(
      'DATA_INVALID',
      `htfValues has ${htfValues.length} values for ${htfTsOpenMs.length} HTF bars (expected equal lengths)`,
    );
  }
  return projectByIndex(execToHtfIndex(htfTsOpenMs, htfTfMs, execTsOpenMs, execTfMs), htfValues);
}

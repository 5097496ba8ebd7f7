// projectToExec: hand-built 15m -> 5m, gaps, same TF, errors, and a brute-force comparison with
// the definition (last HTF bar with close <= exec close) on seeded random timestamps.
import { describe, expect, test } from 'bun:test';
import { execToHtfIndex, projectByIndex, projectToExec } from '../../../src/core';

const M = 60_000;

describe('projectToExec', () => {
  test('15m values appear on the 5m bar that closes with the 15m bar, never earlier', () => {
    // HTF 15m bars open at 0, 15, 30 min (close 15, 30, 45). Exec 5m bars open 0..50 step 5.
    // Exec bar open 10 closes at 15 = close of HTF bar 0: first to see it. Open 0 and 5: NaN.
    const htfTs = [0, 15 * M, 30 * M];
    const values = [1, 2, 3];
    const execTs = Array.from({ length: 11 }, (_, j) => j * 5 * M);
    const got = Array.from(projectToExec(htfTs, 15 * M, values, execTs, 5 * M));
    expect(got).toEqual([NaN, NaN, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  test('a gap carries the older value; same TF is the identity; lower HTF still waits for closes', () => {
    // HTF 1h bars at 0h, 1h, then a gap, 4h. Exec 1h bars 0h..5h.
    const H = 60 * M;
    expect(Array.from(projectToExec([0, H, 4 * H], H, [10, 11, 14], [0, H, 2 * H, 3 * H, 4 * H, 5 * H], H))).toEqual([
      10, 11, 11, 11, 14, 14,
    ]);
    // 1m "HTF" onto 5m exec bars: each 5m bar sees the 1m bar that closes with it (its last minute).
    const oneMin = Array.from({ length: 10 }, (_, i) => i * M);
    expect(Array.from(execToHtfIndex(oneMin, M, [0, 5 * M], 5 * M))).toEqual([4, 9]);
  });

  test('matches the definition by brute force on random grids', () => {
    let s = 12345;
    const rnd = (k: number) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % k;
    };
    for (let trial = 0; trial < 20; trial++) {
      const htfTf = (1 + rnd(6)) * 15 * M;
      const execTf = (1 + rnd(3)) * 5 * M;
      const htfTs: number[] = [];
      for (let t = rnd(4) * htfTf; htfTs.length < 40; t += htfTf * (1 + (rnd(5) === 0 ? rnd(3) : 0))) htfTs.push(t);
      const execTs: number[] = [];
      for (let t = 0; execTs.length < 300; t += execTf * (1 + (rnd(7) === 0 ? 1 : 0))) execTs.push(t);
      const values = Float64Array.from(htfTs, (_, i) => i * 1.5);
      const got = projectToExec(htfTs, htfTf, values, execTs, execTf);
      execTs.forEach((e, j) => {
        let want = Number.NaN;
        htfTs.forEach((h, i) => {
          if (h + htfTf <= e + execTf) want = values[i] as number;
        });
        expect(got[j]).toBe(want);
      });
    }
  });

  test('rejects unsorted timestamps, bad timeframes and length mismatches with one-line messages', () => {
    expect(() => projectToExec([0, 0], M, [1, 2], [0], M)).toThrow(
      'htfTsOpenMs[1] = 0 is not after htfTsOpenMs[0] = 0 (expected strictly ascending open times)',
    );
    expect(() => projectToExec([0], 0, [1], [0], M)).toThrow('htfTfMs = 0 (expected a positive integer of ms)');
    expect(() => projectToExec([0, M], M, [1], [0], M)).toThrow('htfValues has 1 values for 2 HTF bars (expected equal lengths)');
    expect(Array.from(projectByIndex(Int32Array.from([-1, 0]), [7]))).toEqual([NaN, 7]);
  });
});

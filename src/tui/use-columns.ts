// The terminal's width, updated when it is resized (the layout reflows). `fixed` pins it (tests).
// A narrower terminal re-wraps what is already on screen, and Ink erases its last frame by
// counting lines, so the top of the wide frame would stay above the new one. So once a shrink
// has settled (SETTLE_MS, longer than a throttled render), the screen is cleared through Ink's own
// writer, which draws the last frame (laid out at the new width by then) again from the top, and
// `redraws` goes up so the log prints its last lines again.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export const DEFAULT_COLUMNS = 80;

/** Erase the whole screen and put the cursor at its top-left corner (ECMA-48 ED 2, CUP). */
const CLEAR_SCREEN = '\x1b[2J\x1b[H';
/** Wait after the last shrink before clearing: Ink renders at most every 100 ms (MAX_FPS 10). */
const SETTLE_MS = 250;

export interface Columns {
  columns: number;
  /** How many times the screen was cleared after the terminal got narrower. */
  redraws: number;
}

export function useColumns(fixed?: number): Columns {
  const { stdout, write } = useStdout();
  const [columns, setColumns] = useState(fixed ?? stdout.columns ?? DEFAULT_COLUMNS);
  const [redraws, setRedraws] = useState(0);
  useEffect(() => {
    if (fixed !== undefined) return;
    let last = stdout.columns ?? DEFAULT_COLUMNS;
    let settle: ReturnType<typeof setTimeout> | undefined;
    const onResize = () => {
      const now = stdout.columns ?? DEFAULT_COLUMNS;
      if (now < last) {
        clearTimeout(settle);
        settle = setTimeout(() => {
          write(CLEAR_SCREEN);
          setRedraws((r) => r + 1);
        }, SETTLE_MS);
      }
      last = now;
      setColumns(now);
    };
    stdout.on('resize', onResize);
    return () => {
      clearTimeout(settle);
      stdout.off('resize', onResize);
    };
  }, [stdout, write, fixed]);
  return { columns, redraws };
}

// The terminal's width, updated when it is resized (the layout reflows). `fixed` pins it (tests).
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export const DEFAULT_COLUMNS = 80;

export function useColumns(fixed?: number): number {
  const { stdout } = useStdout();
  const [columns, setColumns] = useState(fixed ?? stdout.columns ?? DEFAULT_COLUMNS);
  useEffect(() => {
    if (fixed !== undefined) return;
    const onResize = () => setColumns(stdout.columns ?? DEFAULT_COLUMNS);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return columns;
}

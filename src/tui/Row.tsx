// One labelled row of the dashboard: a dim fixed-width label, then its content (which wraps).
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export const LABEL_WIDTH = 10;

export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Box width={LABEL_WIDTH} flexShrink={0}>
        <Text dimColor>{label}</Text>
      </Box>
      <Box flexGrow={1} flexWrap="wrap" columnGap={2}>
        {children}
      </Box>
    </Box>
  );
}

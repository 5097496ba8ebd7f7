// The alerts no one may miss (HALTED, REDUCING, stale data, a dead session), one full-width
// inverse line each, red for the kill switch, yellow for stale data.
import { Box, Text } from 'ink';
import type { Alert } from './status';

const BG = { bad: 'red', warn: 'yellow', info: 'gray' } as const;

export function Banner({ alerts, width }: { alerts: Alert[]; width: number }) {
  if (alerts.length === 0) return null;
  return (
    <Box flexDirection="column">
      {alerts.map((a) => (
        <Text key={a.word} backgroundColor={BG[a.level]} color={a.level === 'warn' ? 'black' : 'white'} bold wrap="truncate">
          {` ${a.text}`.padEnd(width)}
        </Text>
      ))}
    </Box>
  );
}

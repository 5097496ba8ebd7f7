// The top line: mode, play and symbol, the connection, the ages of the last closed bar and of the
// ticker, and the kill-switch state (green ACTIVE, red REDUCING / HALTED).
import { Box, Text } from 'ink';
import type { DashboardState } from './dashboard-state';
import { age } from './format';
import { ModeBadge } from './ModeBadge';
import { ages } from './status';

const CONNECTION_COLOUR = { up: 'green', down: 'red', connecting: 'yellow' } as const;

export function Header({ state, nowMs }: { state: DashboardState; nowMs: number }) {
  const a = ages(state, nowMs);
  const s = state.session;
  const killColour = state.kill === 'ACTIVE' ? 'green' : 'red';
  return (
    <Box gap={1} flexWrap="wrap">
      <ModeBadge mode={s?.mode} />
      <Text bold wrap="truncate">
        {s ? `${s.play} ${s.symbol}` : 'starting…'}
      </Text>
      <Text color={CONNECTION_COLOUR[state.connection]}>● {state.connection}</Text>
      {state.reconnects > 0 ? <Text color="yellow">reconnects {state.reconnects}</Text> : null}
      <Text>bar {age(a.barMs)}</Text>
      <Text>ticker {age(a.tickerMs)}</Text>
      <Text color={killColour} bold>
        {state.kill}
      </Text>
      <Text dimColor>{state.phase}</Text>
    </Box>
  );
}

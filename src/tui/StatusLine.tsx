// Below 60 columns: the whole dashboard as one status line (the first alert, then mode, symbol,
// kill switch unless the alert names it, position and bar age), truncated to the width.
import { Text } from 'ink';
import type { DashboardState } from './dashboard-state';
import { alerts, statusText } from './status';

const BG = { bad: 'red', warn: 'yellow', info: 'gray' } as const;

export function StatusLine({ state, nowMs, width }: { state: DashboardState; nowMs: number; width: number }) {
  const first = alerts(state, nowMs)[0];
  // The first alert's word already says HALTED or REDUCING: the kill switch is not repeated.
  const text = `${first ? ' ' : ''}${statusText(state, nowMs, first?.word !== state.kill)}`;
  return (
    <Text wrap="truncate">
      {first ? (
        <Text backgroundColor={BG[first.level]} color={first.level === 'warn' ? 'black' : 'white'} bold>
          {first.word}
        </Text>
      ) : null}
      {text.slice(0, Math.max(0, width - (first ? first.word.length : 0)))}
    </Text>
  );
}

// Today's PnL (UTC day, from the equity at its first close) against the Play's daily loss limit,
// with a bar of how much of the limit is used; red once more than 80% is.
import { Text } from 'ink';
import type { DashboardState } from './dashboard-state';
import { signedUsdt, usdt } from './format';
import { Row } from './Row';

const GAUGE_CELLS = 10;

export function PnlPanel({ state }: { state: DashboardState }) {
  const pnl = state.todayPnlUsdt;
  const limit = state.dailyLossLimitUsdt;
  const used = pnl !== undefined && limit !== undefined && limit > 0 ? Math.min(1, Math.max(0, -pnl / limit)) : undefined;
  const cells = used === undefined ? 0 : Math.round(used * GAUGE_CELLS);
  return (
    <Row label="Today">
      <Text color={pnl === undefined ? undefined : pnl >= 0 ? 'green' : 'red'}>PnL {signedUsdt(pnl)}</Text>
      {limit === undefined ? (
        <Text dimColor>no daily loss limit</Text>
      ) : (
        <Text>
          limit −{usdt(limit)} ({state.dailyLossLimitPct}%){' '}
          <Text color={used !== undefined && used > 0.8 ? 'red' : 'yellow'}>{'█'.repeat(cells)}</Text>
          <Text dimColor>{'░'.repeat(GAUGE_CELLS - cells)}</Text>
        </Text>
      )}
      <Text>equity {usdt(state.equityUsdt)}</Text>
    </Row>
  );
}

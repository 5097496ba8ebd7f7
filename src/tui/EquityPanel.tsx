// The equity since the start, as a sparkline that fills the width, with its low and high.
import { Text } from 'ink';
import type { DashboardState } from './dashboard-state';
import { usdt } from './format';
import { LABEL_WIDTH, Row } from './Row';
import { sparkline } from './sparkline';

/** Room left on the row for the low/high figures. */
const FIGURES_WIDTH = 24;

export function EquityPanel({ state, width }: { state: DashboardState; width: number }) {
  const curve = state.equityCurve;
  const cells = Math.max(8, width - LABEL_WIDTH - FIGURES_WIDTH);
  const lo = curve.length ? Math.min(...curve) : undefined;
  const hi = curve.length ? Math.max(...curve) : undefined;
  return (
    <Row label="Equity">
      {curve.length === 0 ? <Text dimColor>no closed bar yet</Text> : <Text color="cyan">{sparkline(curve, cells)}</Text>}
      {curve.length > 0 ? (
        <Text dimColor>
          {usdt(lo)}..{usdt(hi)}
        </Text>
      ) : null}
    </Row>
  );
}

// The position: side, qty, entry, mark, unrealised PnL, liquidation price, and the TP/SL and
// trailing distance protecting it.
import { Text } from 'ink';
import type { DashboardState } from './dashboard-state';
import { price, signedUsdt } from './format';
import { Row } from './Row';

export function PositionPanel({ state }: { state: DashboardState }) {
  const p = state.position;
  const pr = state.protection;
  const sideColour = p.side === 'long' ? 'green' : p.side === 'short' ? 'red' : undefined;
  return (
    <Row label="Position">
      <Text color={sideColour} bold>
        {p.side === 'flat' ? 'flat' : `${p.side} ${p.qty}`}
      </Text>
      {p.side !== 'flat' ? <Text>entry {price(p.entryPrice)}</Text> : null}
      <Text>mark {price(state.markPrice)}</Text>
      {p.side !== 'flat' ? <Text color={p.unrealisedUsdt >= 0 ? 'green' : 'red'}>uPnL {signedUsdt(p.unrealisedUsdt)}</Text> : null}
      {p.side !== 'flat' ? <Text>liq {price(p.liqPrice)}</Text> : null}
      {p.side !== 'flat' ? (
        <Text>
          TP {price(pr.takeProfit)} SL {price(pr.stopLoss)} trail {price(pr.trailingDistance)}
        </Text>
      ) : null}
    </Row>
  );
}

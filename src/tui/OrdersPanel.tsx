// The engine's working orders (from the newest snapshot) and the last reject, in red, until an
// order is accepted again.
import { Box, Text } from 'ink';
import type { DashboardState, OrderView } from './dashboard-state';
import { price } from './format';
import { Row } from './Row';

function orderText(o: OrderView): string {
  const px = o.price === null ? '' : ` @ ${price(o.price)}`;
  const filled = o.cumQty > 0 ? ` (${o.cumQty} filled)` : '';
  return `${o.clientId} ${o.side} ${o.type} ${o.qty}${px}${o.reduceOnly ? ' reduce-only' : ''} ${o.status}${filled}`;
}

export function OrdersPanel({ state }: { state: DashboardState }) {
  const r = state.lastReject;
  return (
    <Row label="Orders">
      <Box flexDirection="column">
        {state.orders.length === 0 ? <Text dimColor>none working</Text> : null}
        {state.orders.map((o) => (
          <Text key={o.clientId} wrap="truncate">
            {orderText(o)}
          </Text>
        ))}
        {r ? (
          <Text color="red" bold wrap="truncate">
            REJECTED {r.clientId} {r.code} {r.reason}
          </Text>
        ) : null}
      </Box>
    </Row>
  );
}

// The inputs the rules read at the last decision (features first, then the built-ins), with
// their values.
import { Text } from 'ink';
import type { DashboardState } from './dashboard-state';
import { value } from './format';
import { Row } from './Row';

export function FeaturesPanel({ state }: { state: DashboardState }) {
  return (
    <Row label="Features">
      {state.features.length === 0 ? <Text dimColor>no decision yet</Text> : null}
      {state.features.map((f) => (
        <Text key={f.name}>
          <Text dimColor>{f.name}</Text> {value(f.value)}
        </Text>
      ))}
    </Row>
  );
}

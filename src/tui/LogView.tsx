// The log: decisions, orders, fills, reconnects and reconciliation findings, printed once each
// above the live dashboard by Ink's <Static> (it never redraws them), from entry `from` on.
import { Static, Text } from 'ink';
import type { LogEntry } from './dashboard-state';

const COLOUR = { plain: undefined, good: 'green', warn: 'yellow', bad: 'red', dim: 'gray' } as const;

export function LogView({ entries, from = 0 }: { entries: readonly LogEntry[]; from?: number }) {
  return (
    <Static items={entries.slice(from)}>
      {(e) => (
        <Text key={e.id} color={COLOUR[e.tone]}>
          {e.text}
        </Text>
      )}
    </Static>
  );
}

// The session's mode as a coloured badge: LIVE on red (real money), DEMO on yellow, SHADOW on blue.
import { Text } from 'ink';

const COLOURS: Record<string, string> = { live: 'red', demo: 'yellow', shadow: 'blue' };

export function ModeBadge({ mode }: { mode: string | undefined }) {
  const m = mode ?? '…';
  return (
    <Text backgroundColor={COLOURS[m] ?? 'gray'} color={m === 'demo' ? 'black' : 'white'} bold>
      {` ${m.toUpperCase()} `}
    </Text>
  );
}

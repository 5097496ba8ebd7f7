// The bottom line: the keys, the panic confirmation when asked, and the answer to the last key.
import { Box, Text } from 'ink';

export function KeysBar({ confirming, notice, detachWord }: { confirming: boolean; notice: string | undefined; detachWord: string }) {
  return (
    <Box flexDirection="column">
      {confirming ? (
        <Text backgroundColor="red" color="white" bold>
          {' PANIC: cancel every order and close the position? y/n '}
        </Text>
      ) : (
        <Text dimColor>p panic h halt r resume q {detachWord} ? help</Text>
      )}
      {notice ? (
        <Text color="cyan" wrap="truncate">
          {notice}
        </Text>
      ) : null}
    </Box>
  );
}

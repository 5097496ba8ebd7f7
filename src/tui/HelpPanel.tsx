// The `?` help: what each key does and that it goes through the same path as the CLI commands.
import { Box, Text } from 'ink';

export function HelpPanel({ detachWord }: { detachWord: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>keys</Text>
      <Text>p panic: cancel every order, close the position reduce-only, HALTED (asks y/n)</Text>
      <Text>h halt: send nothing more; protection on the venue stays</Text>
      <Text>r resume: ACTIVE again (only a person moves the switch up)</Text>
      <Text>q {detachWord}: leave the dashboard; the session keeps running</Text>
      <Text>? this help</Text>
      <Text dimColor>p, h and r write to the journal's control table, as trade panic|halt|resume do</Text>
    </Box>
  );
}

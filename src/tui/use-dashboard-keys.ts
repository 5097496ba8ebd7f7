// The dashboard's keys: p asks y/n and then panics, h halts, r resumes, q detaches (or quits), ?
// toggles the help, Ctrl-C interrupts. Panic, halt and resume are handed to `control`, which
// writes the journal's control table as `trade panic|halt|resume` do. Whether a y/n is awaited is
// kept in a ref as well: a key that arrives right after the prompt is drawn, before React has
// handed Ink the new handler, still sees it.
import { useInput } from 'ink';
import { useRef, useState } from 'react';
import type { ControlCommand } from '../state/control';

export interface KeyActions {
  control(command: ControlCommand): void;
  quit(): void;
  interrupt(): void;
}

export function useDashboardKeys(actions: KeyActions, active: boolean) {
  const [confirming, setConfirming] = useState(false);
  const asking = useRef(false);
  const [help, setHelp] = useState(false);
  const ask = (on: boolean) => {
    asking.current = on;
    setConfirming(on);
  };
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return actions.interrupt();
      if (asking.current) {
        ask(false);
        if (input === 'y' || input === 'Y') actions.control('panic');
        return;
      }
      if (input === 'p') ask(true);
      else if (input === 'h') actions.control('halt');
      else if (input === 'r') actions.control('resume');
      else if (input === 'q') actions.quit();
      else if (input === '?') setHelp((h) => !h);
    },
    { isActive: active },
  );
  return { confirming, help };
}

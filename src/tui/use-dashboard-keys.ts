// The dashboard's keys: p asks y/n and then panics, h halts, r resumes, q detaches (or quits), ?
// toggles the help, Ctrl-C interrupts. Panic, halt and resume are handed to `control`, which
// writes the journal's control table as `trade panic|halt|resume` do.
import { useInput } from 'ink';
import { useState } from 'react';
import type { ControlCommand } from '../state/control';

export interface KeyActions {
  control(command: ControlCommand): void;
  quit(): void;
  interrupt(): void;
}

export function useDashboardKeys(actions: KeyActions, active: boolean) {
  const [confirming, setConfirming] = useState(false);
  const [help, setHelp] = useState(false);
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return actions.interrupt();
      if (confirming) {
        setConfirming(false);
        if (input === 'y' || input === 'Y') actions.control('panic');
        return;
      }
      if (input === 'p') setConfirming(true);
      else if (input === 'h') actions.control('halt');
      else if (input === 'r') actions.control('resume');
      else if (input === 'q') actions.quit();
      else if (input === '?') setHelp((h) => !h);
    },
    { isActive: active },
  );
  return { confirming, help };
}

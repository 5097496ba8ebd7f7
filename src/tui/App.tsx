// The mounted dashboard: the store's state and log, the ticking clock, the terminal width and the
// keys, laid out by Dashboard.tsx. After the screen was cleared for a narrower terminal, the log
// prints its last REPRINT_LINES lines again.
import { useRef } from 'react';
import { Dashboard } from './Dashboard';
import type { DashboardStore } from './store';
import { useColumns } from './use-columns';
import { type KeyActions, useDashboardKeys } from './use-dashboard-keys';
import { useNow } from './use-now';
import { useStore } from './use-store';

/** Log lines printed again above the dashboard after a clear. */
export const REPRINT_LINES = 20;

export interface AppProps {
  store: DashboardStore;
  actions: KeyActions;
  nowMs: () => number;
  /** Keys are read only from a terminal (raw mode). */
  keys: boolean;
  detachWord: string;
  columns?: number;
  tickMs?: number;
}

export function App(p: AppProps) {
  const { state, log } = useStore(p.store);
  const now = useNow(p.nowMs, p.tickMs);
  const { columns, redraws } = useColumns(p.columns);
  const { confirming, help } = useDashboardKeys(p.actions, p.keys);
  const reprint = useRef({ redraws: 0, from: 0 });
  if (reprint.current.redraws !== redraws) reprint.current = { redraws, from: Math.max(0, log.length - REPRINT_LINES) };
  return (
    <Dashboard
      state={state}
      log={log}
      logFrom={reprint.current.from}
      logKey={redraws}
      nowMs={now}
      columns={columns}
      confirming={confirming}
      help={help}
      detachWord={p.detachWord}
    />
  );
}

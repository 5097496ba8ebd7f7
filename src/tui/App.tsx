// The mounted dashboard: the store's state and log, the ticking clock, the terminal width and the
// keys, laid out by Dashboard.tsx.
import { Dashboard } from './Dashboard';
import type { DashboardStore } from './store';
import { useColumns } from './use-columns';
import { type KeyActions, useDashboardKeys } from './use-dashboard-keys';
import { useNow } from './use-now';
import { useStore } from './use-store';

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
  const columns = useColumns(p.columns);
  const { confirming, help } = useDashboardKeys(p.actions, p.keys);
  return <Dashboard state={state} log={log} nowMs={now} columns={columns} confirming={confirming} help={help} detachWord={p.detachWord} />;
}

// The dashboard's layout for a given state, clock and width: the log above (<Static>), then the
// header, the banners, position, orders, today's PnL, equity, features and the keys. Below
// NARROW_COLUMNS it is one status line. Pure: App.tsx feeds it from the store.
import { Box } from 'ink';
import { Banner } from './Banner';
import type { DashboardState, LogEntry } from './dashboard-state';
import { EquityPanel } from './EquityPanel';
import { FeaturesPanel } from './FeaturesPanel';
import { Header } from './Header';
import { HelpPanel } from './HelpPanel';
import { KeysBar } from './KeysBar';
import { LogView } from './LogView';
import { OrdersPanel } from './OrdersPanel';
import { PnlPanel } from './PnlPanel';
import { PositionPanel } from './PositionPanel';
import { StatusLine } from './StatusLine';
import { alerts } from './status';

/** Narrower than this, the dashboard is one status line. */
export const NARROW_COLUMNS = 60;

export interface DashboardProps {
  state: DashboardState;
  log: readonly LogEntry[];
  /** The first log entry to print, and a key that changes when the log must be printed again. */
  logFrom?: number;
  logKey?: number;
  nowMs: number;
  columns: number;
  confirming?: boolean;
  help?: boolean;
  /** 'detach' (trade run --tui: the session goes on) or 'quit' (trade dashboard). */
  detachWord?: string;
}

export function Dashboard(p: DashboardProps) {
  const width = Math.max(1, p.columns);
  const detachWord = p.detachWord ?? 'quit';
  if (width < NARROW_COLUMNS)
    return (
      <>
        <LogView key={p.logKey ?? 0} entries={p.log} from={p.logFrom ?? 0} />
        <StatusLine state={p.state} nowMs={p.nowMs} width={width} />
      </>
    );
  return (
    <>
      <LogView key={p.logKey ?? 0} entries={p.log} from={p.logFrom ?? 0} />
      <Box flexDirection="column" width={width}>
        <Header state={p.state} nowMs={p.nowMs} />
        <Banner alerts={alerts(p.state, p.nowMs)} width={width} />
        <PositionPanel state={p.state} />
        <OrdersPanel state={p.state} />
        <PnlPanel state={p.state} />
        <EquityPanel state={p.state} width={width} />
        <FeaturesPanel state={p.state} />
        {p.help ? <HelpPanel detachWord={detachWord} /> : null}
        <KeysBar confirming={p.confirming ?? false} notice={p.state.notice} detachWord={detachWord} />
      </Box>
    </>
  );
}

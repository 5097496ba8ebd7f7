// `trade run --tui`: the dashboard in the session's own process. The session's printed lines go
// to the dashboard's log instead of stdout while it is mounted; after q (detach) they are printed
// as plain lines again and the session goes on. Ctrl-C stops the session as SIGINT does.
import type { SessionLine } from '../live/session-lines';
import type { LogTone } from './dashboard-state';
import { mountDashboard } from './mount';

export interface TuiSink {
  mounted: boolean;
  line(line: SessionLine, text: string): void;
  unmount(): void;
}

function toneOf(l: SessionLine): LogTone {
  if (l.type === 'fill') return 'good';
  if (l.type === 'warning') return 'warn';
  if (l.type === 'step' || l.type === 'bar') return 'dim';
  if (l.type === 'connection') return l.state === 'up' ? 'good' : 'warn';
  if (l.type === 'event') {
    if (l.kind === 'rejected' || l.kind === 'liquidation' || l.kind === 'kill_switch') return l.detail.endsWith('ACTIVE') ? 'good' : 'bad';
    if (l.kind === 'cancelled' || l.kind === 'expired') return 'warn';
  }
  return 'plain';
}

export function runDashboard(journalPath: string, interrupt: () => void): TuiSink {
  const sink: TuiSink = {
    mounted: true,
    line: (line, text) => d.store.append(text, toneOf(line)),
    unmount: () => {
      sink.mounted = false;
      d.unmount();
    },
  };
  const d = mountDashboard({
    journalPath,
    inProcess: true,
    nowMs: () => Date.now(),
    onInterrupt: interrupt,
    onQuit: () => {
      sink.mounted = false;
    },
  });
  return sink;
}

// Mounts the dashboard on the terminal: a store fed from the session's journal, Ink rendering at
// most 10 frames a second, and the keys' actions. Panic, halt and resume go through
// sendSessionControl, the path of `trade panic|halt|resume`; its refusal (a session that is not
// running) is shown, never thrown. Quitting unmounts the dashboard only: the session goes on.
import { render } from 'ink';
import { TradeError } from '../errors';
import type { ControlCommand } from '../state/control';
import { sendSessionControl } from '../tools/control';
import { App } from './App';
import { JournalFeed } from './journal-feed';
import { DashboardStore } from './store';

/** Ink's own frame cap, on top of the store's. */
export const MAX_FPS = 10;

export interface MountOptions {
  journalPath: string;
  /** This process runs the session (`trade run --tui`): the log is what it prints. */
  inProcess: boolean;
  nowMs: () => number;
  /** Ctrl-C (the terminal is in raw mode, so it arrives as a key). */
  onInterrupt: () => void;
  /** After q: the dashboard is gone. */
  onQuit?: () => void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

export interface MountedDashboard {
  store: DashboardStore;
  feed: JournalFeed;
  unmount(): void;
  exited: Promise<void>;
}

export function mountDashboard(o: MountOptions): MountedDashboard {
  const store = new DashboardStore();
  const feed = new JournalFeed({ path: o.journalPath, store, log: !o.inProcess, inProcess: o.inProcess });
  feed.start();
  const control = (command: ControlCommand) => {
    try {
      const r = sendSessionControl({ ref: o.journalPath, command, nowMs: o.nowMs });
      store.set({ notice: `${command} sent (control #${r.id}); the session applies it before its next bar, within a second` });
    } catch (e) {
      if (!(e instanceof TradeError)) throw e;
      store.set({ notice: `${command} not sent: ${e.message}` });
    }
  };
  const stdout = o.stdout ?? process.stdout;
  const stdin = o.stdin ?? process.stdin;
  let done = false;
  const unmount = () => {
    if (done) return;
    done = true;
    feed.stop();
    instance.unmount();
    store.close();
  };
  const app = (
    <App
      store={store}
      nowMs={o.nowMs}
      keys={Boolean(stdin.isTTY)}
      detachWord={o.inProcess ? 'detach' : 'quit'}
      actions={{
        control,
        quit: () => {
          unmount();
          o.onQuit?.();
        },
        interrupt: o.onInterrupt,
      }}
    />
  );
  const instance = render(app, { stdout, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: MAX_FPS });
  return { store, feed, unmount, exited: instance.waitUntilExit().then(() => undefined) };
}

// The dashboard's cost (issue 17): `dist/trade run --tui` and `dist/trade dashboard` in two tmux
// panes (a real terminal, tmux on its own socket) against a paused `dist/trade emulator`.
// (1) idle: nothing is stepped for IDLE_S seconds; CPU of each process from /proc/<pid>/stat
// (utime + stime) over the window, as % of one core; (2) busy: the replay is stepped a minute
// every 20 ms for BUSY_S seconds (about 50 bars a second, far more than a live session sees), so
// the store changes all the time. Renders are counted from what each pane's process wrote to its
// terminal (tmux pipe-pane): each Ink render starts by moving the cursor to column 1 after erasing
// the previous frame (ESC [ G), once per frame. Prints one line per figure.
// Run: bun run build && bun scripts/bench/dashboard.ts
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dir, '../..');
const BIN = join(ROOT, 'dist/trade');
const PLAY = join(ROOT, 'test/fault/plays/fast-cross.yml');
const FROM_MS = Date.UTC(2024, 7, 5, 12);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 60);
const BUSY_S = Number(process.env.BENCH_BUSY_S ?? 20);
const KEY = 'bench-dash-key';
const SECRET = 'bench-dash-secret';
const SOCKET = `trade-bench-dash-${process.pid}`;
const CLK_TCK = 100;

const dir = mkdtempSync(join(tmpdir(), 'trade-bench-dash-'));
const tmuxBin = Bun.which('tmux');
if (!existsSync(BIN) || !tmuxBin) {
  console.error('bench/dashboard: needs dist/trade (bun run build) and tmux');
  process.exit(2);
}
const tmux = (...args: string[]) => {
  const p = Bun.spawnSync([tmuxBin, '-L', SOCKET, '-f', '/dev/null', ...args]);
  if (p.exitCode !== 0) throw new Error(`tmux ${args.join(' ')}: ${p.stderr}`);
  return p.stdout.toString().trim();
};

function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
}

const frames = (path: string) => (existsSync(path) ? readFileSync(path, 'latin1').split('\x1b[G').length - 1 : 0);

async function waitFor(pred: () => boolean, what: string, maxMs = 60_000) {
  const end = performance.now() + maxMs;
  while (!pred()) {
    if (performance.now() > end) throw new Error(`bench/dashboard: timed out waiting for ${what}`);
    await Bun.sleep(100);
  }
}

const figures: string[] = [];
const report = (name: string, value: string) => {
  figures.push(`${name}: ${value}`);
  console.log(`${name}: ${value}`);
};

let emu: ReturnType<typeof Bun.spawn> | undefined;
try {
  const emuDb = join(dir, 'emu.duckdb');
  Bun.spawnSync([BIN, 'data', 'import', '--sample', '--db', emuDb], { cwd: dir });
  emu = Bun.spawn(
    [
      BIN,
      'emulator',
      '--json',
      '--admin',
      '--db',
      emuDb,
      '--account',
      `${KEY}:${SECRET}:10000`,
      '--symbol',
      'BTCUSDT',
      '--from',
      new Date(FROM_MS).toISOString(),
      '--to',
      new Date(FROM_MS + 2880 * 60_000).toISOString(),
      '--speed',
      '0',
      '--decision-ms',
      '0',
    ],
    { cwd: dir, stdout: 'pipe', stderr: 'ignore' },
  );
  const reader = (emu.stdout as ReadableStream<Uint8Array>).getReader();
  let first = '';
  while (!first.includes('\n')) first += new TextDecoder().decode((await reader.read()).value);
  const url = (JSON.parse(first.split('\n')[0]!) as { rest: string }).rest;
  const step = () => fetch(`${url}/admin/step`, { method: 'POST', body: '{"minutes":1}' }).then((r) => r.json());
  const state = join(dir, 'state');
  const env = `export TZ=UTC TERM=xterm-256color TRADE_DB='${join(dir, 'run.duckdb')}' BYBIT_DEMO_API_KEY=${KEY} BYBIT_DEMO_API_SECRET=${SECRET}`;
  writeFileSync(
    join(dir, 'run.sh'),
    `cd '${dir}'\n${env}\nexec '${BIN}' run '${PLAY}' --mode demo --endpoint ${url} --state '${state}' --tui\n`,
  );
  writeFileSync(join(dir, 'dash.sh'), `cd '${dir}'\nexport TZ=UTC TERM=xterm-256color\nexec '${BIN}' dashboard --state '${state}'\n`);
  tmux('new-session', '-d', '-s', 'b', '-x', '100', '-y', '50', `exec bash '${join(dir, 'run.sh')}'`);
  const runPid = Number(tmux('display', '-p', '-t', 'b.0', '#{pane_pid}'));
  await waitFor(() => existsSync(join(state, 'fast-cross')), 'the session journal');
  await Bun.sleep(3000); // start-up done (warm-up, reconcile, subscribe)
  for (let i = 0; i < 5; i++) await step();
  await Bun.sleep(1000);
  tmux('split-window', '-t', 'b.0', '-v', `exec bash '${join(dir, 'dash.sh')}'`);
  const dashPid = Number(tmux('display', '-p', '-t', 'b.1', '#{pane_pid}'));
  await Bun.sleep(2000);
  const rawRun = join(dir, 'run.raw');
  const rawDash = join(dir, 'dash.raw');
  tmux('pipe-pane', '-o', '-t', 'b.0', `cat >> '${rawRun}'`);
  tmux('pipe-pane', '-o', '-t', 'b.1', `cat >> '${rawDash}'`);

  const measure = async (label: string, seconds: number, during?: () => Promise<void>) => {
    const f0 = [frames(rawRun), frames(rawDash)];
    const c0 = [cpuTicks(runPid), cpuTicks(dashPid)];
    const t0 = performance.now();
    const perSecond: number[] = [];
    let last = frames(rawDash);
    const sampler = setInterval(() => {
      const n = frames(rawDash);
      perSecond.push(n - last);
      last = n;
    }, 1000);
    if (during) await during();
    else await Bun.sleep(seconds * 1000);
    clearInterval(sampler);
    const s = (performance.now() - t0) / 1000;
    const cpu = (pid: number, ticks0: number) => ((cpuTicks(pid) - ticks0) / CLK_TCK / s) * 100;
    report(`${label} CPU trade dashboard`, `${cpu(dashPid, c0[1]!).toFixed(2)}% of one core over ${s.toFixed(1)} s`);
    report(`${label} CPU trade run --tui (session + dashboard)`, `${cpu(runPid, c0[0]!).toFixed(2)}% of one core`);
    report(
      `${label} renders/s trade dashboard`,
      `${((frames(rawDash) - f0[1]!) / s).toFixed(2)} (max in one second ${Math.max(0, ...perSecond)})`,
    );
    report(`${label} renders/s trade run --tui`, `${((frames(rawRun) - f0[0]!) / s).toFixed(2)}`);
  };
  await measure(`idle ${IDLE_S} s`, IDLE_S);
  await measure(`busy ${BUSY_S} s (a minute stepped every 20 ms)`, BUSY_S, async () => {
    const end = performance.now() + BUSY_S * 1000;
    while (performance.now() < end) {
      await step();
      await Bun.sleep(20);
    }
  });
} finally {
  Bun.spawnSync([tmuxBin, '-L', SOCKET, 'kill-server']);
  emu?.kill('SIGTERM');
  await emu?.exited;
  rmSync(dir, { recursive: true, force: true });
}

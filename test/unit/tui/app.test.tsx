// The mounted App: keys (p asks y/n then panics, n cancels, h halts, r resumes, q quits, ?
// shows the help), the store's changes re-rendering it, and a terminal resize reflowing it.
import { describe, expect, test } from 'bun:test';
import { render } from 'ink-testing-library';
import type { ControlCommand } from '../../../src/state';
import { App, DashboardStore } from '../../../src/tui';
import { NOW_MS, stateOf } from './states';

const tick = () => Bun.sleep(20);

function mount(columns?: number) {
  const store = new DashboardStore(0);
  store.set(stateOf('active in position'));
  const sent: ControlCommand[] = [];
  let quits = 0;
  let interrupts = 0;
  const r = render(
    <App
      store={store}
      nowMs={() => NOW_MS}
      keys
      detachWord="detach"
      columns={columns}
      tickMs={0}
      actions={{
        control: (c) => sent.push(c),
        quit: () => quits++,
        interrupt: () => interrupts++,
      }}
    />,
  );
  return { r, store, sent, quits: () => quits, interrupts: () => interrupts };
}

describe('keys', () => {
  test('p asks y/n; y panics, n does not', async () => {
    const m = mount();
    await tick();
    m.r.stdin.write('p');
    await tick();
    expect(m.r.lastFrame()).toContain('PANIC: cancel every order and close the position? y/n');
    m.r.stdin.write('n');
    await tick();
    expect(m.sent).toEqual([]);
    expect(m.r.lastFrame()).not.toContain('y/n');
    m.r.stdin.write('p');
    await tick();
    m.r.stdin.write('y');
    await tick();
    expect(m.sent).toEqual(['panic']);
    m.r.unmount();
  });

  test('h halts, r resumes, q quits, ? toggles the help, Ctrl-C interrupts', async () => {
    const m = mount();
    await tick();
    for (const k of ['h', 'r', '?']) {
      m.r.stdin.write(k);
      await tick();
    }
    expect(m.sent).toEqual(['halt', 'resume']);
    expect(m.r.lastFrame()).toContain('panic: cancel every order, close the position reduce-only, HALTED (asks y/n)');
    m.r.stdin.write('?');
    await tick();
    expect(m.r.lastFrame()).not.toContain('this help');
    m.r.stdin.write('q');
    await tick();
    expect(m.quits()).toBe(1);
    m.r.stdin.write('\x03');
    await tick();
    expect(m.interrupts()).toBe(1);
    m.r.unmount();
  });
});

describe('store and terminal', () => {
  test('a store change re-renders: HALTED appears', async () => {
    const m = mount();
    await tick();
    expect(m.r.lastFrame()).not.toContain('HALTED');
    m.store.set({ kill: 'HALTED', killWhy: 'halt' });
    await tick();
    expect(m.r.lastFrame()).toContain('HALTED (halt): nothing is sent; r resumes');
    m.r.unmount();
  });

  test('a resize reflows: wide, then below 60 columns one line', async () => {
    const m = mount();
    await tick();
    let columns = 100;
    Object.defineProperty(m.r.stdout, 'columns', { get: () => columns, configurable: true });
    m.r.stdout.emit('resize');
    await tick();
    expect(m.r.lastFrame()!.split('\n').length).toBeGreaterThan(5);
    columns = 50;
    m.r.stdout.emit('resize');
    await tick();
    expect(m.r.lastFrame()).toBe('DEMO BTCUSDT ACTIVE long 0.58 −3.13 bar 5s');
    m.r.unmount();
  });
});

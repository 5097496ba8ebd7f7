// POST /admin/speed: a paused replay starts at the given pace ("max" or minutes per wall second) and
// runs to its end; 0 pauses it again after the current minute; a bad value or no replay is 10001.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { DAY_MS, type Rig, rig, until } from './helpers';

let r: Rig;
beforeAll(async () => {
  r = await rig({ replay: { symbol: 'BTCUSDT', fromMs: DAY_MS, toMs: DAY_MS + 120 * 60_000, speed: 0, decisionMs: 0 } });
});
afterAll(async () => {
  await r.close();
});

async function speed(url: string, body: unknown): Promise<{ retCode: number; result: unknown }> {
  const res = await fetch(`${url}/admin/speed`, { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as { retCode: number; result: unknown };
}

test('a paused replay starts at max and runs every minute to its end', async () => {
  const replay = r.emu.replay as NonNullable<typeof r.emu.replay>;
  expect(replay.confirmed).toBe(0);
  expect(await speed(r.emu.url, { speed: 'max' })).toMatchObject({ retCode: 0, result: { speed: 'max', marketNowMs: DAY_MS } });
  await until(() => replay.finished, 'the end of the replay');
  expect([replay.confirmed, replay.marketNowMs]).toEqual([120, DAY_MS + 120 * 60_000]);
});

test('a bad speed, or a speed without a replay, is 10001', async () => {
  expect((await speed(r.emu.url, { speed: -1 })).retCode).toBe(10001);
  expect((await speed(r.emu.url, { speed: 'fast' })).retCode).toBe(10001);
  const bare = await rig({ replay: undefined });
  try {
    expect((await speed(bare.emu.url, { speed: 'max' })).retCode).toBe(10001);
  } finally {
    await bare.close();
  }
}, 30_000);

test('0 pauses a running replay after the current minute; a speed restarts it', async () => {
  const p = await rig({ replay: { symbol: 'BTCUSDT', fromMs: DAY_MS, toMs: DAY_MS + 600 * 60_000, speed: 0, decisionMs: 0 } });
  try {
    const replay = p.emu.replay as NonNullable<typeof p.emu.replay>;
    // 60 minutes a second: a quarter-minute sleep between path points, so the loop is still running when paused.
    expect((await speed(p.emu.url, { speed: 60 })).retCode).toBe(0);
    await until(() => replay.confirmed >= 1, 'a first minute');
    expect((await speed(p.emu.url, { speed: 0 })).retCode).toBe(0);
    await replay.idle();
    const paused = replay.confirmed;
    expect(replay.finished).toBe(false);
    expect(replay.step(1)).toBe(1);
    expect(replay.confirmed).toBe(paused + 1);
    expect((await speed(p.emu.url, { speed: 'max' })).retCode).toBe(0);
    await until(() => replay.finished, 'the end of the replay');
    expect(replay.confirmed).toBe(600);
  } finally {
    await p.close();
  }
}, 30_000);

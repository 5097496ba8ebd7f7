// `bun run bench`: every benchmark, printing throughput and peak memory. Needs ../shared/data/market
// (the real 2024 BTCUSDT year). Figures vary with machine load; nothing here is asserted.

import { benchBacktest } from './bench/backtest';
import { peakRssMb } from './bench/candles';
import { benchEmulator } from './bench/emulator';
import { benchIndicators } from './bench/indicators';
import { benchLive } from './bench/live';
import { benchSpeed, printSpeed } from './bench/speed';
import { benchData } from './bench-data';

console.log('== data');
for (const f of await benchData((line) => console.log(line))) {
  console.log(`${f.name.padEnd(34)} ${Number.isInteger(f.value) ? f.value : f.value.toFixed(2)} ${f.unit}`);
}
console.log('\n== indicators');
benchIndicators();
console.log('\n== DSL');
Bun.spawnSync([process.execPath, new URL('./bench-dsl.ts', import.meta.url).pathname], { stdout: 'inherit', stderr: 'inherit' });
console.log('\n== backtest');
await benchBacktest();
console.log('\n== emulator');
for (const f of await benchEmulator()) console.log(`${f.name.padEnd(34)} ${f.value.toFixed(0)} ${f.unit}`);
console.log('\n== speed targets (needs dist/trade; writes bench.json)');
printSpeed(await benchSpeed());
console.log('\n== sweeps (needs dist/trade; redis-server for the queue row)');
for (const [script, arg] of [
  ['./bench/variant.ts', '30'],
  ['./bench/sweep.ts', '4'],
]) {
  Bun.spawnSync([process.execPath, new URL(script as string, import.meta.url).pathname, arg as string], {
    stdout: 'inherit',
    stderr: 'inherit',
  });
}
console.log('\n== trade run (needs dist/trade)');
for (const f of await benchLive()) console.log(`${f.name.padEnd(34)} ${f.value.toFixed(2)} ${f.unit}`);
console.log(`\npeak RSS of this bench process: ${peakRssMb().toFixed(0)} MB`);

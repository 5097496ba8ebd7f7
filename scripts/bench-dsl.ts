// Benchmark: evaluations per second of the compiled 5-condition rule in bench-dsl-fixture.ts
// (cross, three comparisons, a higher-TF ref, arithmetic), one evaluation per exec bar with the
// cursors advanced like the engine does. Prints the closure compiler's figure and, for the record,
// the flat instruction-array interpreter's (scripts/bench-dsl-bytecode.ts).  Run: bun scripts/bench-dsl.ts
import { compileRules, STATE_SIZE } from '../src/dsl';
import { compileBytecode } from './bench-dsl-bytecode';
import { benchColumns, benchPlay } from './bench-dsl-fixture';

const N_EXEC = 1_000_000;
const HTF_RATIO = 16;
const ROUNDS = 5;

const checked = benchPlay();
const column = benchColumns(N_EXEC, HTF_RATIO);
const cursors = new Int32Array(2);
const state = new Float64Array(STATE_SIZE);
const env = { cursors, state, column };

function measure(name: string, evaluate: () => number): number {
  let best = 0;
  let fired = 0;
  for (let r = 0; r < ROUNDS; r++) {
    fired = 0;
    const t0 = Bun.nanoseconds();
    for (let i = 0; i < N_EXEC; i++) {
      cursors[0] = i;
      cursors[1] = ((i + 1) / HTF_RATIO - 1) | 0;
      if (evaluate() !== 0) fired++;
    }
    const perSec = N_EXEC / ((Bun.nanoseconds() - t0) / 1e9);
    best = Math.max(best, perSec);
  }
  console.log(`${name.padEnd(28)} ${(best / 1e6).toFixed(1).padStart(6)} M evaluations/s  (${fired} entries over ${N_EXEC} bars)`);
  return best;
}

const closures = compileRules(checked.rules).bind(env);
const bytecode = compileBytecode(checked.rules, env);
const a = measure('closures (kept)', () => closures.evaluate());
const b = measure('flat instruction array', () => bytecode());
console.log(`closures / instruction array: ${(a / b).toFixed(2)}x; target >= 20 M/s: ${a >= 20e6 ? 'met' : 'NOT met'}`);

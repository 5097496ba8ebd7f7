// Writes TA-Lib golden outputs for test/parity/talib.test.ts (run with `node`, never Bun: the
// talib addon is a NAN module). Input: the 2024 BTCUSDT 1m candles, resampled to 15m and 4h.
// Output: test/parity/golden/index.json plus one Float64 little-endian file per (case, output)
// holding TA-Lib's nbElement values from begIndex. The directory is written under a temporary
// name and renamed, so a crash never leaves a half-written golden set that looks complete.
// `--print-key` prints the staleness key (hash of this directory's *.mjs, package.json and the
// data file) without generating; test/parity/golden.ts computes the same key.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnsSha256, DATA_FILE, marketDir, readMinuteCandles, resample, sourceColumn, TIMEFRAMES } from './candles.mjs';
import { CASES } from './cases.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, '../../..');
const GOLDEN_DIR = join(HERE, '../golden');
const FORMAT_VERSION = 1;

const sha256Hex = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Key = sha256 over "name\nsha256\n" of each *.mjs here and package.json (sorted), then the data file. */
export function goldenKey(dataPath) {
  const names = readdirSync(HERE)
    .filter((f) => f.endsWith('.mjs') || f === 'package.json')
    .sort();
  let text = '';
  for (const name of names) text += `${name}\n${sha256Hex(readFileSync(join(HERE, name)))}\n`;
  text += `${DATA_FILE}\n${sha256Hex(readFileSync(dataPath))}\n`;
  return sha256Hex(text);
}

function loadTalib() {
  try {
    return createRequire(import.meta.url)('talib');
  } catch (cause) {
    throw new Error(`cannot load the talib addon from ${HERE}/node_modules: run 'bash scripts/parity-golden' (${cause.message})`);
  }
}

const caseId = (indicator, params, source, tf) => {
  const p = Object.entries(params).map(([k, v]) => `${k}=${v}`);
  if (source) p.push(`source=${source}`);
  return `${indicator}(${p.join(',')})@${tf}`;
};

/** Runs every case on one timeframe; writes its files under `dir/tf` and returns the index entries. */
function runTimeframe(talib, tf, cols, dir) {
  mkdirSync(join(dir, tf), { recursive: true });
  const n = cols.close.length;
  const plain = {
    open: Array.from(cols.open),
    high: Array.from(cols.high),
    low: Array.from(cols.low),
    close: Array.from(cols.close),
    volume: Array.from(cols.volume),
  };
  const sourceArrays = new Map();
  const sourceArray = (s) => {
    if (!sourceArrays.has(s)) sourceArrays.set(s, s === 'close' || s === null ? plain.close : Array.from(sourceColumn(cols, s)));
    return sourceArrays.get(s);
  };
  const entries = [];
  for (const def of CASES) {
    for (const set of def.sets) {
      const id = caseId(def.indicator, set.params, set.source, tf);
      const outputs = [];
      for (const c of set.calls) {
        const r = talib.execute({ name: c.fn, startIdx: 0, endIdx: n - 1, ...plain, inReal: sourceArray(set.source), ...c.opts });
        for (const [ours, theirs] of Object.entries(c.outputs)) {
          const values = r.result[theirs];
          if (!values) throw new Error(`${id}: TA-Lib ${c.fn} has no output ${theirs} (got ${Object.keys(r.result).join(', ')})`);
          const file = `${tf}/${entries.length}-${def.indicator}-${ours}.f64`;
          writeFileSync(join(dir, file), new Uint8Array(Float64Array.from(values).buffer));
          outputs.push({ name: ours, talib: `${c.fn}.${theirs}`, file, begIndex: r.begIndex, nbElement: r.nbElement });
        }
      }
      entries.push({
        id,
        talibReadsSource: set.calls.some((c) => talib.explain(c.fn).inputs.some((input) => input.name === 'inReal')),
        indicator: def.indicator,
        params: set.params,
        source: set.source,
        tf,
        exact: def.exact,
        notCompared: def.notCompared ?? {},
        talibCalls: set.calls.map((c) => ({ fn: c.fn, opts: c.opts })),
        outputs,
      });
    }
  }
  return entries;
}

function main() {
  const dataPath = join(marketDir(REPO_ROOT), DATA_FILE);
  const key = goldenKey(dataPath);
  if (process.argv.includes('--print-key')) {
    process.stdout.write(`${key}\n`);
    return;
  }
  const talib = loadTalib();
  const started = performance.now();
  const minute = readMinuteCandles(dataPath);
  const tmpDir = `${GOLDEN_DIR}.tmp`;
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const series = {};
  const cases = [];
  for (const { name, tfMs } of TIMEFRAMES) {
    const cols = resample(minute, tfMs);
    series[name] = { tfMs, bars: cols.close.length, firstTsMs: cols.tsMs[0], columnsSha256: columnsSha256(cols) };
    cases.push(...runTimeframe(talib, name, cols, tmpDir));
  }
  const index = { formatVersion: FORMAT_VERSION, key, talibNpmVersion: talib.version, dataFile: DATA_FILE, series, cases };
  writeFileSync(join(tmpDir, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
  rmSync(GOLDEN_DIR, { recursive: true, force: true });
  renameSync(tmpDir, GOLDEN_DIR);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const outputs = cases.reduce((a, c) => a + c.outputs.length, 0);
  process.stdout.write(`parity golden: ${cases.length} cases, ${outputs} outputs in ${GOLDEN_DIR} (${seconds} s)\n`);
}

main();

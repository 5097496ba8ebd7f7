// Reads the TA-Lib golden set written by test/parity/talib/generate.mjs: the index (cases,
// outputs, begIndex) and the Float64 little-endian output files. Also recomputes the staleness
// key exactly as the generator does (sha256 over "name\nsha256\n" of every *.mjs and package.json
// in test/parity/talib, sorted, then the data file), so a test can tell missing from stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILE, findDataFile, REPO_ROOT } from './candles';

export const GOLDEN_DIR = join(REPO_ROOT, 'test/parity/golden');
export const GENERATOR_DIR = join(REPO_ROOT, 'test/parity/talib');
export const GENERATE_HINT =
  'run `bash scripts/parity-golden` (installs talib into test/parity/talib and writes test/parity/golden/, ~1 min)';
const FORMAT_VERSION = 1;

export interface GoldenOutput {
  name: string;
  talib: string;
  file: string;
  begIndex: number;
  nbElement: number;
}

export interface GoldenCase {
  id: string;
  indicator: string;
  params: Record<string, number>;
  /** The series our indicator reads if the registry gives it a source; null: fixed bar fields only. */
  source: string | null;
  /** True when a TA-Lib function of the case takes inReal, i.e. `source` is what TA-Lib read. */
  talibReadsSource: boolean;
  tf: string;
  exact: boolean;
  /** Our outputs with no TA-Lib counterpart, with the reason. */
  notCompared: Record<string, string>;
  talibCalls: { fn: string; opts: Record<string, number> }[];
  outputs: GoldenOutput[];
}

export interface GoldenIndex {
  formatVersion: number;
  key: string;
  talibNpmVersion: string;
  dataFile: string;
  series: Record<string, { tfMs: number; bars: number; firstTsMs: number; columnsSha256: string }>;
  cases: GoldenCase[];
}

export type GoldenState = { ok: true; index: GoldenIndex } | { ok: false; problem: string };

export function loadGoldenIndex(): GoldenState {
  const path = join(GOLDEN_DIR, 'index.json');
  if (!existsSync(path)) return { ok: false, problem: `TA-Lib golden data missing (${path} does not exist): ${GENERATE_HINT}` };
  const index = JSON.parse(readFileSync(path, 'utf8')) as GoldenIndex;
  if (index.formatVersion !== FORMAT_VERSION) {
    return { ok: false, problem: `${path}: formatVersion ${index.formatVersion}, expected ${FORMAT_VERSION}: ${GENERATE_HINT}` };
  }
  return { ok: true, index };
}

const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** The key the generator would write today, or undefined when the data file is absent. */
export function expectedGoldenKey(): string | undefined {
  const dataPath = findDataFile();
  if (!dataPath) return undefined;
  const names = readdirSync(GENERATOR_DIR)
    .filter((f) => f.endsWith('.mjs') || f === 'package.json')
    .sort();
  let text = '';
  for (const name of names) text += `${name}\n${sha256Hex(readFileSync(join(GENERATOR_DIR, name)))}\n`;
  text += `${DATA_FILE}\n${sha256Hex(readFileSync(dataPath))}\n`;
  return sha256Hex(text);
}

/** TA-Lib's values for one output: nbElement numbers, the first at bar begIndex. */
export function readGoldenOutput(out: GoldenOutput): Float64Array {
  const path = join(GOLDEN_DIR, out.file);
  if (!existsSync(path)) throw new Error(`${path} missing although index.json lists it: ${GENERATE_HINT}`);
  const bytes = readFileSync(path);
  if (bytes.byteLength !== out.nbElement * 8) {
    throw new Error(`${path}: ${bytes.byteLength} bytes, expected ${out.nbElement * 8} (${out.nbElement} Float64): ${GENERATE_HINT}`);
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

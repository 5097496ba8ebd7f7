// The variants of a sweep: the grid of every --param (first param varies slowest), or a seeded
// sample of it (--random N --seed S). A variant is the Play YAML with each PATH set to its value,
// checked like any Play file, so it has its own play_hash; two variants with the same play_hash
// are one variant (the first kept).
import { stringify } from 'yaml';
import type { CheckedPlay } from '../dsl';
import { checkPlayData } from '../dsl';
import { TradeError } from '../errors';
import { type Catalog, loadYaml } from '../play';
import { playDataText } from './job-play';
import type { ParamSpec } from './param-spec';
import { sampleIndices } from './prng';

export interface Variant {
  /** Position in the sweep (0-based), stable for a given grid and sample. */
  index: number;
  /** PATH → value. */
  params: Record<string, number>;
  /** The variant's Play YAML. */
  yaml: string;
  /** The same Play as JSON text (RunJob.data), when JSON carries it exactly. */
  data: string | undefined;
  checked: CheckedPlay;
}

/** Grids larger than this need --random. */
export const MAX_VARIANTS = 100_000;

function getIn(value: unknown, segments: readonly string[]): unknown {
  let v = value;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function setIn(value: unknown, segments: readonly string[], x: number): void {
  let v = value as Record<string, unknown>;
  for (const s of segments.slice(0, -1)) v = v[s] as Record<string, unknown>;
  v[segments.at(-1)!] = x;
}

/** The parsed base Play; every PATH must name a number in it. */
export function baseDocument(text: string, file: string, params: readonly ParamSpec[], option = '--param'): unknown {
  const loaded = loadYaml(text, file);
  if (loaded.issues.length > 0) throw new TradeError('PLAY_INVALID', `${file}: not a valid Play YAML (${loaded.issues[0]!.message})`);
  for (const p of params) {
    const at = getIn(loaded.value, p.segments);
    if (typeof at !== 'number')
      throw new TradeError(
        'USAGE',
        `${option} '${p.path}=…': expected PATH to name a number in ${file} (found ${at === undefined ? 'nothing' : JSON.stringify(at)})`,
        { option, value: p.path },
      );
  }
  return loaded.value;
}

/** Every combination index of the grid, or `random` of them drawn with `seed`. */
export function combinationIndices(params: readonly ParamSpec[], random?: number, seed = 1): number[] {
  const total = params.reduce((n, p) => n * p.values.length, 1);
  if (random !== undefined) return sampleIndices(total, random, seed);
  if (total > MAX_VARIANTS)
    throw new TradeError('USAGE', `--param: the grid has ${total} variants (expected at most ${MAX_VARIANTS}; sample it with --random N)`);
  return Array.from({ length: total }, (_, i) => i);
}

/** The parameter values of combination `k` (mixed radix, last param fastest). */
export function combination(params: readonly ParamSpec[], k: number): Record<string, number> {
  const out: Record<string, number> = {};
  let rest = k;
  for (let i = params.length - 1; i >= 0; i--) {
    const p = params[i]!;
    out[p.path] = p.values[rest % p.values.length]!;
    rest = Math.floor(rest / p.values.length);
  }
  return Object.fromEntries(params.map((p) => [p.path, out[p.path]!]));
}

/** Builds and checks every variant; an invalid one fails the sweep naming its values and the problem. */
export function buildVariants(
  base: unknown,
  file: string,
  params: readonly ParamSpec[],
  indices: readonly number[],
  catalog: Catalog,
): Variant[] {
  const out: Variant[] = [];
  const seen = new Set<string>();
  for (const k of indices) {
    const values = combination(params, k);
    const doc = structuredClone(base);
    for (const p of params) setIn(doc, p.segments, values[p.path]!);
    const r = checkPlayData(doc, file, catalog);
    if (!r.checked) {
      const first = r.issues.find((i) => i.severity === 'error');
      const named = Object.entries(values)
        .map(([k2, v]) => `${k2}=${v}`)
        .join(' ');
      throw new TradeError(
        'USAGE',
        `--param: the variant ${named} is not a valid Play: ${first?.path ?? ''} ${first?.message ?? ''}`.trim(),
      );
    }
    if (seen.has(r.checked.hash)) continue;
    seen.add(r.checked.hash);
    out.push({ index: out.length, params: values, yaml: stringify(doc), data: playDataText(doc), checked: r.checked });
  }
  return out;
}

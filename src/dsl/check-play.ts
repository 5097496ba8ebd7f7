// The whole Play check: YAML with positions → schema and cross-field checks (src/play) → rule
// parsing and type checking (here) → normalized Play with canonical rule text → play_hash.
// Every problem of every stage is returned at once, located (file:line:col) and sorted.

import { DslError } from '../errors';
import {
  type Catalog,
  checkPlayValue,
  compareIssues,
  error,
  formatPath,
  isRecord,
  type LoadedYaml,
  type LocatedIssue,
  type Locator,
  loadYaml,
  type PathSeg,
  type Play,
  type PlayIssue,
  playHash,
} from '../play';
import { walk } from './analysis';
import type { Node } from './ast';
import { checkRule } from './check';
import type { CheckedPlay } from './checked-play';
import type { RuleBlock, RuleSet } from './compile';
import { printRule } from './print';
import { playRequirements } from './requirements';
import { type Symbols, symbolsFromRaw } from './symbols';
import { parseString, ruleFromYaml } from './yaml-rules';

export interface PlayCheckResult {
  file: string;
  checked?: CheckedPlay;
  /** Errors and warnings, sorted by position. */
  issues: LocatedIssue[];
  /** Position of a YAML path in this file (for issues found later, e.g. duplicate ids across files). */
  locate(path: readonly PathSeg[]): { line: number; col: number };
}

const LEVEL_SECTIONS = ['stop_loss', 'take_profit'] as const;
const ATR_SECTIONS = ['stop_loss', 'take_profit', 'trailing_stop'] as const;

export function checkPlaySource(text: string, file: string, catalog: Catalog): PlayCheckResult {
  return checkLoaded(loadYaml(text, file), catalog);
}

/** Every issue of a Play that has no text of its own is placed on the first line of `file`. */
const FIRST_LINE: Locator = { locate: () => ({ line: 1, col: 1 }) };

/**
 * The same checks for a Play already read into a plain value (a sweep variant: a checked base with
 * parameters set), without writing it out and parsing it again. Gives the same Play and play_hash
 * as checkPlaySource of its YAML; issues are placed on the first line of `file`.
 */
export function checkPlayData(value: unknown, file: string, catalog: Catalog): PlayCheckResult {
  return checkLoaded({ file, value, map: FIRST_LINE, issues: [] }, catalog);
}

function checkLoaded(loaded: LoadedYaml, catalog: Catalog): PlayCheckResult {
  const file = loaded.file;
  const at = (path: readonly PathSeg[]) => loaded.map.locate(path);
  if (loaded.issues.length > 0) return { file, issues: locate(loaded, loaded.issues), locate: at };
  const { play, issues } = checkPlayValue(loaded.value, catalog);
  const syms = symbolsFromRaw(loaded.value, catalog);
  const whens = parseWhens(loaded.value, syms, issues);
  const levels = parseLevels(loaded.value, syms, issues);
  if (!play || issues.some((i) => i.severity === 'error')) return { file, issues: locate(loaded, issues), locate: at };
  const rules = buildRuleSet(play, whens, levels, syms);
  const checked: CheckedPlay = { file, play, hash: '', rules, catalog, warnings: [] };
  canonicalize(checked, whens, levels);
  checked.hash = playHash(checked.play);
  checked.warnings = locate(loaded, playRequirements(checked).warnings);
  return { file, checked, issues: checked.warnings, locate: at };
}

function locate(loaded: LoadedYaml, issues: readonly PlayIssue[]): LocatedIssue[] {
  const out = issues.map((i): LocatedIssue => {
    const pos = i.line !== undefined ? { line: i.line, col: i.col ?? 1 } : loaded.map.locate(i.path, i.at, i.charIndex);
    return { severity: i.severity, file: loaded.file, line: pos.line, col: pos.col, path: formatPath(i.path), message: i.message };
  });
  return out.sort(compareIssues);
}

/** Case lists of every block, with the YAML path prefix of their cases. */
function rawCases(raw: unknown): { block: string; prefix: PathSeg[]; cases: unknown[] }[] {
  const actions = isRecord(raw) && isRecord(raw.actions) ? raw.actions : {};
  const out: { block: string; prefix: PathSeg[]; cases: unknown[] }[] = [];
  for (const [block, v] of Object.entries(actions)) {
    if (Array.isArray(v)) out.push({ block, prefix: ['actions', block], cases: v });
    else if (isRecord(v) && Array.isArray(v.cases)) out.push({ block, prefix: ['actions', block, 'cases'], cases: v.cases });
  }
  return out;
}

/** Parsed and checked `when` of every case, keyed "block/index". */
function parseWhens(raw: unknown, syms: Symbols, issues: PlayIssue[]): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const { block, prefix, cases } of rawCases(raw)) {
    cases.forEach((c, i) => {
      if (!isRecord(c)) return;
      const path = [...prefix, i, 'when'];
      if (c.when === undefined) {
        issues.push(error([...prefix, i], 'needs when: <condition>'));
        return;
      }
      const node = ruleFromYaml(c.when, path, issues);
      if (node && checkRule(node, 'bool', syms, issues)) out.set(`${block}/${i}`, node);
    });
  }
  return out;
}

/** Parsed and checked risk level expressions, keyed "stop_loss.level_long" etc. */
function parseLevels(raw: unknown, syms: Symbols, issues: PlayIssue[]): Map<string, Node> {
  const out = new Map<string, Node>();
  const risk = isRecord(raw) && isRecord(raw.risk) ? raw.risk : {};
  for (const section of LEVEL_SECTIONS) {
    const s = risk[section];
    if (!isRecord(s)) continue;
    for (const key of ['level_long', 'level_short']) {
      const text = s[key];
      if (typeof text !== 'string') continue;
      const node = parseString(text, ['risk', section, key], issues);
      if (node && checkRule(node, 'num', syms, issues) && positionFree(node, issues)) out.set(`${section}.${key}`, node);
    }
  }
  return out;
}

/** Levels are read just before the entry, while flat: position built-ins have no value then. */
const FLAT_UNKNOWN = new Set(['in_position', 'side', 'entry_price', 'bars_in_trade', 'unrealized_pnl_pct']);

function positionFree(node: Node, issues: PlayIssue[]): boolean {
  let ok = true;
  walk(node, (n) => {
    if (n.k === 'ref' && n.res?.k === 'state' && FLAT_UNKNOWN.has(n.res.name)) {
      issues.push(
        error(n.loc.path, `'${n.res.name}' has no value in a level: levels are read before the entry, while flat`, {
          charIndex: n.loc.index,
        }),
      );
      ok = false;
    }
  });
  return ok;
}

function buildRuleSet(play: Play, whens: Map<string, Node>, levels: Map<string, Node>, syms: Symbols): RuleSet {
  const blocks: RuleBlock[] = Object.keys(play.actions)
    .sort()
    .map((name) => {
      const b = play.actions[name] as Play['actions'][string];
      const cases = b.cases.map((c, index) => ({
        block: name,
        index,
        when: whens.get(`${name}/${index}`) as Node,
        emit: c.emit,
        tag: c.tag,
      }));
      return { name, match: b.match, cases };
    });
  const values: Record<string, Node> = Object.fromEntries(levels);
  for (const section of ATR_SECTIONS) {
    const id = play.risk[section]?.atr;
    if (id === undefined) continue;
    const node: Node = {
      k: 'ref',
      parts: [id],
      partLocs: [{ path: ['risk', section, 'atr'] }],
      offset: 0,
      loc: { path: ['risk', section, 'atr'] },
    };
    if (!checkRule(node, 'num', syms, []))
      throw new DslError('INTERNAL', `check-play: risk.${section}.atr '${id}' passed validation but does not resolve`);
    values[`${section}.atr`] = node;
  }
  const tfNames = [
    'exec',
    ...Object.keys(play.timeframes)
      .filter((t) => t !== 'exec')
      .sort(),
  ];
  return { tfNames, blocks, values };
}

function canonicalize(checked: CheckedPlay, whens: Map<string, Node>, levels: Map<string, Node>): void {
  for (const [name, block] of Object.entries(checked.play.actions)) {
    block.cases.forEach((c, i) => {
      c.when = printRule(whens.get(`${name}/${i}`) as Node);
    });
  }
  for (const [key, node] of levels) {
    const [section, field] = key.split('.') as ['stop_loss' | 'take_profit', 'level_long' | 'level_short'];
    const s = checked.play.risk[section];
    if (s) s[field] = printRule(node);
  }
}

// Cross-field checks on risk, execution and actions: one kind per stop/target/trail/sizing, ATR
// stops naming an atr feature, risk sizing needing a stop, limit-only entry fields, block names.
// Works on the raw value, like semantics-features.ts.
import { isRecord } from './guards';
import { error, type PathSeg, type PlayIssue } from './issues';
import { NAME_RE } from './schema';
import { listNames, meanClause } from './suggest';

type Kind = 'pct' | 'atr' | 'distance_usdt' | 'level' | 'rr';

const KIND_KEYS: Record<Kind, readonly string[]> = {
  pct: ['pct'],
  atr: ['atr'],
  distance_usdt: ['distance_usdt'],
  level: ['level_long', 'level_short'],
  rr: ['rr'],
};

const KIND_TEXT: Record<Kind, string> = {
  pct: 'pct',
  atr: 'atr with mult',
  distance_usdt: 'distance_usdt',
  level: 'level_long/level_short',
  rr: 'rr',
};

export function checkRisk(risk: unknown, features: unknown): PlayIssue[] {
  if (!isRecord(risk)) return [];
  const issues: PlayIssue[] = [];
  const sections: [string, Kind[]][] = [
    ['stop_loss', ['pct', 'atr', 'distance_usdt', 'level']],
    ['take_profit', ['pct', 'atr', 'distance_usdt', 'level', 'rr']],
    ['trailing_stop', ['pct', 'atr', 'distance_usdt']],
  ];
  for (const [name, kinds] of sections) {
    const v = risk[name];
    if (isRecord(v)) issues.push(...checkDistance(['risk', name], v, kinds, features));
  }
  const hasStop = isRecord(risk.stop_loss);
  if (isRecord(risk.take_profit) && 'rr' in risk.take_profit && !hasStop) {
    issues.push(error(['risk', 'take_profit', 'rr'], 'needs risk.stop_loss (rr is a multiple of the stop distance)', { at: 'key' }));
  }
  if (isRecord(risk.sizing)) {
    const present = ['risk_pct', 'notional_usdt', 'equity_pct', 'qty'].filter((k) => k in (risk.sizing as object));
    if (present.length === 0) issues.push(error(['risk', 'sizing'], 'needs one of risk_pct, notional_usdt, equity_pct, qty'));
    for (const extra of present.slice(1)) {
      issues.push(error(['risk', 'sizing', extra], `cannot be combined with ${present[0]} (one sizing rule per Play)`, { at: 'key' }));
    }
    if ('risk_pct' in risk.sizing && !hasStop) {
      issues.push(error(['risk', 'sizing', 'risk_pct'], 'needs risk.stop_loss (risk is measured to the stop)', { at: 'key' }));
    }
  }
  return issues;
}

function checkDistance(path: PathSeg[], v: Record<string, unknown>, kinds: Kind[], features: unknown): PlayIssue[] {
  const issues: PlayIssue[] = [];
  const present = kinds.filter((k) => KIND_KEYS[k].some((key) => key in v));
  if (present.length === 0) issues.push(error(path, `needs one of ${kinds.map((k) => KIND_TEXT[k]).join(', ')}`));
  const first = present[0];
  for (const extra of present.slice(1)) {
    const key = KIND_KEYS[extra].find((k) => k in v) as string;
    issues.push(
      error([...path, key], `cannot be combined with ${KIND_KEYS[first as Kind].find((k) => k in v)} (one kind per rule)`, { at: 'key' }),
    );
  }
  if ('mult' in v && !('atr' in v)) issues.push(error([...path, 'mult'], 'applies only with atr', { at: 'key' }));
  if ('atr' in v && !('mult' in v)) issues.push(error([...path, 'atr'], 'needs mult, the ATR multiple (e.g. mult: 2)', { at: 'key' }));
  if (typeof v.atr === 'string' && isRecord(features)) issues.push(...checkAtrFeature([...path, 'atr'], v.atr, features));
  return issues;
}

function checkAtrFeature(path: PathSeg[], id: string, features: Record<string, unknown>): PlayIssue[] {
  const decl = features[id];
  if (decl === undefined) {
    const atrIds = Object.keys(features).filter(
      (k) => isRecord(features[k]) && (features[k] as { indicator?: unknown }).indicator === 'atr',
    );
    return [
      error(
        path,
        `must name a declared atr feature (got '${id}'${meanClause(id, Object.keys(features)) || ';'} atr features: ${listNames(atrIds)})`,
      ),
    ];
  }
  const indicator = isRecord(decl) ? decl.indicator : undefined;
  if (typeof indicator === 'string' && indicator !== 'atr') {
    return [error(path, `must name an atr feature (got '${id}', an ${indicator} feature)`)];
  }
  return [];
}

export function checkExecution(execution: unknown): PlayIssue[] {
  if (!isRecord(execution) || !isRecord(execution.entry)) return [];
  const entry = execution.entry;
  if (entry.type === 'limit') return [];
  return ['offset_pct', 'time_in_force']
    .filter((k) => k in entry)
    .map((k) => error(['execution', 'entry', k], 'applies only to limit entries (type: limit)', { at: 'key' }));
}

export function checkActions(actions: unknown): PlayIssue[] {
  if (!isRecord(actions)) return [];
  const names = Object.keys(actions);
  if (names.length === 0) return [error(['actions'], 'must declare at least one block of cases')];
  const issues: PlayIssue[] = [];
  for (const name of names) {
    if (!NAME_RE.test(name))
      issues.push(error(['actions', name], 'must be a lower-case block name (a-z, 0-9, _; starting with a letter)', { at: 'key' }));
  }
  return issues;
}

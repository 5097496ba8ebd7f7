// Loading one Play: read the file, check it against a Catalog (the core's by default) and return
// the checked Play, or one PlayError whose message lists every problem (one per line).
import { readFileSync } from 'node:fs';
import { PlayError, TradeError } from '../errors';
import { type Catalog, formatIssue } from '../play';
import { checkPlaySource } from './check-play';
import type { CheckedPlay } from './checked-play';
import { defaultCatalog } from './default-catalog';

/** One valid Play, or a PlayError whose message lists every problem (one per line). */
export function loadPlay(file: string, catalog: Catalog = defaultCatalog()): CheckedPlay {
  return loadPlayWithSource(file, catalog).checked;
}

/** `loadPlay`, with the exact text it checked (a live session journals it for replays). */
export function loadPlayWithSource(file: string, catalog: Catalog = defaultCatalog()): { checked: CheckedPlay; source: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new TradeError('USAGE', `${file}: cannot read the Play file`, undefined, { cause });
  }
  return { checked: loadPlayText(text, file, catalog), source: text };
}

/** A Play from its text (`file` names it in messages). */
export function loadPlayText(text: string, file: string, catalog: Catalog = defaultCatalog()): CheckedPlay {
  const r = checkPlaySource(text, file, catalog);
  if (r.checked) return r.checked;
  const errors = r.issues.filter((i) => i.severity === 'error');
  throw new PlayError('PLAY_INVALID', errors.map(formatIssue).join('\n').replace(/^✖ /, ''), { issues: errors });
}

// `trade replay <session>`: resolves the session (id, unique prefix or journal path), reads its
// record, checks the Play it journaled, replays it through the backtest path and writes the report
// as `<journal>.parity.json` beside the journal (atomically). Identical: exit 0; otherwise 1.
import { renameSync, writeFileSync } from 'node:fs';
import { TradeError } from '../errors';
import { type ReplayReport, replaySession } from '../live';
import { readSessionRecord, resolveSession } from '../state';
import { defaultCatalog } from './play-catalog';
import { loadPlayText } from './play-validate';
import { DEFAULT_STATE_DIR } from './sessions';

export interface ReplayInput {
  ref: string;
  stateDir?: string;
}

export function replay(input: ReplayInput): ReplayReport & { journal: string; parityFile: string } {
  const journal = resolveSession(input.stateDir ?? DEFAULT_STATE_DIR, input.ref);
  const rec = readSessionRecord(journal);
  if (rec.play.source === null)
    throw new TradeError(
      'STATE',
      `${journal}: the session did not journal its Play's text (recorded by an older build); it cannot be replayed`,
    );
  const checked = loadPlayText(rec.play.source, `${journal}#play`, defaultCatalog());
  if (checked.hash !== rec.play.hash)
    throw new TradeError('STATE', `${journal}: the journaled Play hashes to ${checked.hash}, the session recorded ${rec.play.hash}`);
  const report = replaySession(rec, checked);
  const parityFile = `${journal.replace(/\.sqlite$/, '')}.parity.json`;
  const tmp = `${parityFile}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(tmp, parityFile);
  return { ...report, journal, parityFile };
}

// `trade plays [dir]`: the Plays of a directory (default plays/) with id, symbol, timeframes and
// play_hash; an invalid Play is listed with its first error instead.
import { formatIssue } from '../play';
import { loadPlay, validatePlays } from './play-validate';

export interface PlayListEntry {
  file: string;
  ok: boolean;
  id?: string;
  symbol?: string;
  timeframes?: Record<string, string>;
  playHash?: string;
  error?: string;
}

export function listPlays(dir: string): PlayListEntry[] {
  const v = validatePlays([dir]);
  return v.files.map((f) => {
    if (!f.ok) {
      const first = v.issues.find((i) => i.file === f.file && i.severity === 'error');
      return { file: f.file, ok: false, id: f.id, error: first ? formatIssue(first).replace(/^✖ /, '') : 'invalid' };
    }
    const play = loadPlay(f.file).play;
    return { file: f.file, ok: true, id: f.id, symbol: play.symbol, timeframes: { ...play.timeframes }, playHash: f.playHash };
  });
}

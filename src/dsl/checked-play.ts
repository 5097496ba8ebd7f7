// A Play that passed every check: normalized, hashed, its rules typed (its own file so that
// check-play.ts and requirements.ts can both name it without importing each other).
import type { Catalog, LocatedIssue, Play } from '../play';
import type { RuleSet } from './compile';

export interface CheckedPlay {
  file: string;
  /** Normalized: defaults filled, every `when` and risk level replaced by its canonical text. */
  play: Play;
  hash: string;
  rules: RuleSet;
  catalog: Catalog;
  warnings: LocatedIssue[];
}

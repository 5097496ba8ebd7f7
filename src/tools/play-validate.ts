// `trade play validate`: checks Play files (or every .yml/.yaml directly inside a directory),
// collecting every error of every file, plus duplicate ids across files. Also `loadPlay` for
// commands that need one valid Play (throws PlayError listing every problem).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlaySource } from '../dsl';
import { TradeError } from '../errors';
import { checkValidationBlock } from '../forge';
import { type Catalog, compareIssues, type LocatedIssue } from '../play';
import { defaultCatalog } from './play-catalog';

export interface ValidatedFile {
  file: string;
  ok: boolean;
  id?: string;
  playHash?: string;
}

export interface PlayValidation {
  files: ValidatedFile[];
  /** Errors and warnings of every file, sorted by file and position. */
  issues: LocatedIssue[];
  errors: number;
  warnings: number;
}

export function expandPlayPaths(paths: readonly string[], command = 'play validate'): string[] {
  if (paths.length === 0) throw new TradeError('USAGE', `${command}: give at least one Play file or directory`);
  const out: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (cause) {
      throw new TradeError('USAGE', `${command}: ${p}: no such file or directory`, undefined, { cause });
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const files = readdirSync(p)
      .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
      .sort()
      .map((f) => join(p, f));
    if (files.length === 0) throw new TradeError('USAGE', `${command}: ${p}: no .yml or .yaml files in this directory`);
    out.push(...files);
  }
  return out;
}

export function validatePlays(paths: readonly string[], catalog: Catalog = defaultCatalog()): PlayValidation {
  const files: ValidatedFile[] = [];
  const issues: LocatedIssue[] = [];
  const idOwner = new Map<string, string>();
  for (const file of expandPlayPaths(paths)) {
    const r = checkPlaySource(readFileSync(file, 'utf8'), file, catalog);
    issues.push(...r.issues);
    const c = r.checked;
    if (!c) {
      files.push({ file, ok: false });
      continue;
    }
    const owner = idOwner.get(c.play.id);
    if (owner !== undefined) {
      const pos = r.locate(['id']);
      issues.push({ severity: 'error', file, ...pos, path: 'id', message: `'${c.play.id}' is already the id of ${owner}` });
      files.push({ file, ok: false, id: c.play.id });
      continue;
    }
    idOwner.set(c.play.id, file);
    // The validation block is read (not run) here too, so `play validate` names a bad expectation.
    const block = c.play.validation ? checkValidationBlock(c.play.validation, r.locate).problems : [];
    for (const p of block) issues.push({ severity: 'error', file, line: p.line, col: p.col, path: p.path, message: p.message });
    files.push({ file, ok: block.length === 0, id: c.play.id, ...(block.length === 0 ? { playHash: c.hash } : {}) });
  }
  issues.sort(compareIssues);
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { files, issues, errors, warnings: issues.length - errors };
}

export { loadPlay, loadPlayText, loadPlayWithSource } from '../dsl';

// Registered Play tools: validate files (every problem of every file), list a folder's Plays, and
// describe one Play in plain words: its features, its entry and exit rules in canonical text, its
// risk settings and the history it needs before the first tradable bar.
import { z } from 'zod';
import { playRequirements } from '../../dsl';
import { formatIssue } from '../../play';
import { listPlays } from '../play-list';
import { loadPlay, validatePlays } from '../play-validate';
import { defineTool, type ToolDef } from './tool-def';

/** 1485 → "24 h 45 min", 2880 → "2 d". */
function minutesText(m: number): string {
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  return [d ? `${d} d` : '', h ? `${h} h` : '', min || m === 0 ? `${min} min` : ''].filter((x) => x !== '').join(' ');
}

export const PLAY_TOOLS: readonly ToolDef[] = [
  defineTool({
    name: 'play.validate',
    group: 'play',
    description: 'Check Play files or folders: every error and warning with file:line:col, plus duplicate ids',
    input: z.object({ paths: z.array(z.string().min(1)).min(1).describe('Play files or folders of .yml files') }).strict(),
    run: async (i) => {
      const v = validatePlays(i.paths);
      return { ok: v.errors === 0, ...v, messages: v.issues.map(formatIssue) };
    },
  }),
  defineTool({
    name: 'play.list',
    group: 'play',
    description: "The Plays of a folder: id, symbol, timeframes and play_hash, or an invalid Play's first error",
    input: z.object({ dir: z.string().min(1).default('plays').describe('folder of Play files (default plays/)') }).strict(),
    run: async (i) => ({ dir: i.dir, plays: listPlays(i.dir) }),
  }),
  defineTool({
    name: 'play.describe',
    group: 'play',
    description: 'One Play in plain words: features, entry and exit rules, risk, and the warm-up history it needs',
    input: z.object({ path: z.string().min(1).describe('Play file') }).strict(),
    run: async (i) => {
      const checked = loadPlay(i.path);
      const { play } = checked;
      const req = playRequirements(checked);
      return {
        id: play.id,
        name: play.name,
        symbol: play.symbol,
        playHash: checked.hash,
        timeframes: play.timeframes,
        features: req.features.map((f) => ({
          ...f,
          text: `${f.id}: ${f.kind} ${f.name}(${Object.entries(f.params)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}) on ${f.tf}, reads ${f.outputs.join(', ') || 'its value'}, valid from bar ${f.warmupBars}`,
        })),
        actions: Object.fromEntries(
          Object.entries(play.actions).map(([block, b]) => [
            block,
            { match: b.match, cases: b.cases.map((c) => ({ when: c.when, emit: c.emit, ...(c.tag ? { tag: c.tag } : {}) })) },
          ]),
        ),
        risk: play.risk,
        warmup: {
          minutes1m: req.warmup1m,
          text: `needs ${req.warmup1m} 1m bars (${minutesText(req.warmup1m)}) of history before the first tradable bar`,
        },
        warnings: [...checked.warnings.map(formatIssue), ...req.warnings.map((w) => `${w.path.join('.')}: ${w.message}`)],
      };
    },
  }),
];

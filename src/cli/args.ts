// Minimal, strict argument parser: `--flag`, `--key value`, `--key=value`, repeated keys collect,
// positionals in order. Unknown options are reported by the command that declares its options.
import { TradeError } from '../errors';

export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  /** true: takes a value; false: boolean flag. */
  value: boolean;
  repeat?: boolean;
  env?: string;
  help: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedArgs = { positionals: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const spec = byName.get(name);
    if (!spec) {
      const known = specs.map((s) => `--${s.name}`).join(', ');
      throw new TradeError('USAGE', `${command}: unknown option --${name} (expected one of ${known || 'no options'})`);
    }
    if (!spec.value) {
      if (eq > 0) throw new TradeError('USAGE', `${command}: --${name} takes no value (got '${a.slice(eq + 1)}')`);
      out.flags.add(name);
      continue;
    }
    let v: string | undefined;
    if (eq > 0) v = a.slice(eq + 1);
    else {
      v = argv[i + 1];
      i++;
    }
    if (v === undefined) throw new TradeError('USAGE', `${command}: --${name} needs a value`);
    const list = out.options.get(name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new TradeError('USAGE', `${command}: --${name} given more than once`);
    list.push(v);
    out.options.set(name, list);
  }
  for (const s of specs) {
    if (s.env && !out.options.has(s.name)) {
      const v = process.env[s.env];
      if (v !== undefined && v !== '') out.options.set(s.name, [v]);
    }
  }
  return out;
}

export function optionValue(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

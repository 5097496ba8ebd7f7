// Mode guards and secrets (LIVE.md §7). Live trading needs three things at once: --mode live,
// TRADE_LIVE=yes in the environment and --confirm <SYMBOL>; each one missing is its own message.
// Keys come from the environment or from a file readable by its owner only (0600) given by
// --keys, in KEY=VALUE lines with the same names. A secret is never put into a message.
import { readFileSync, statSync } from 'node:fs';
import { TradeError } from '../errors';

export type RunMode = 'shadow' | 'demo' | 'live';

export interface Keys {
  key: string;
  secret: string;
}

const KEY_NAMES: Record<'demo' | 'live', [string, string]> = {
  demo: ['BYBIT_DEMO_API_KEY', 'BYBIT_DEMO_API_SECRET'],
  live: ['BYBIT_API_KEY', 'BYBIT_API_SECRET'],
};

export function parseMode(raw: string | undefined): RunMode {
  if (raw === 'shadow' || raw === 'demo' || raw === 'live') return raw;
  throw new TradeError('USAGE', `--mode '${raw ?? ''}': expected shadow, demo or live`);
}

/** Refuses live trading unless all three opt-ins are present. */
export function checkLiveOptIn(mode: RunMode, env: Record<string, string | undefined>, confirm: string | undefined, symbol: string): void {
  if (mode !== 'live') return;
  if (env.TRADE_LIVE !== 'yes')
    throw new TradeError('USAGE', 'live trading needs TRADE_LIVE=yes in the environment (with --mode live and --confirm <SYMBOL>)');
  if (confirm === undefined) throw new TradeError('USAGE', `live trading needs --confirm ${symbol} (with --mode live and TRADE_LIVE=yes)`);
  if (confirm !== symbol)
    throw new TradeError(
      'USAGE',
      `--confirm '${confirm}' does not match the traded symbol ${symbol}: live trading needs --confirm ${symbol}`,
    );
}

/** The keys of an exchange mode, from --keys FILE (0600) or the environment. */
export function loadKeys(mode: 'demo' | 'live', env: Record<string, string | undefined>, keysFile: string | undefined): Keys {
  const [keyName, secretName] = KEY_NAMES[mode];
  let source: Record<string, string | undefined> = env;
  let where = 'the environment';
  if (keysFile !== undefined) {
    let text: string;
    let mode_: number;
    try {
      mode_ = statSync(keysFile).mode;
      text = readFileSync(keysFile, 'utf8');
    } catch (cause) {
      throw new TradeError('USAGE', `--keys ${keysFile}: cannot read it (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, undefined, {
        cause,
      });
    }
    if ((mode_ & 0o077) !== 0)
      throw new TradeError(
        'USAGE',
        `--keys ${keysFile}: mode ${(mode_ & 0o777).toString(8)} lets others read it; expected 600 (chmod 600 ${keysFile})`,
      );
    source = {};
    for (const line of text.split('\n')) {
      const m = /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) source[m[1] as string] = m[2];
    }
    where = keysFile;
  }
  const key = source[keyName];
  const secret = source[secretName];
  if (!key) throw new TradeError('USAGE', `--mode ${mode} needs ${keyName} (and ${secretName}) in ${where}`);
  if (!secret) throw new TradeError('USAGE', `--mode ${mode} needs ${secretName} in ${where}`);
  return { key, secret };
}

/** Removes every occurrence of the secrets from a text (a last guard on anything printed). */
export function redact(text: string, keys: Keys | undefined): string {
  if (!keys) return text;
  let out = text;
  for (const s of [keys.secret, keys.key]) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

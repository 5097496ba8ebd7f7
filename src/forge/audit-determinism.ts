// The determinism audit: the same Play on the same window twice, in one process; the SHA-256 of
// every decision and every closed trade must be equal.
import { runOnWindow, type WindowRunInput } from './run-window';

export interface DeterminismReport {
  check: 'determinism';
  pass: boolean;
  hashes: [string, string];
  decisions: number;
  trades: number;
}

export function auditDeterminism(input: WindowRunInput): DeterminismReport {
  const runs = [runOnWindow(input), runOnWindow(input)];
  const hash = (r: (typeof runs)[number]) =>
    new Bun.CryptoHasher('sha256').update(JSON.stringify({ decisions: r.decisions, trades: r.sim.trades })).digest('hex');
  const hashes: [string, string] = [hash(runs[0]!), hash(runs[1]!)];
  return {
    check: 'determinism',
    pass: hashes[0] === hashes[1],
    hashes,
    decisions: runs[0]!.decisions.length,
    trades: runs[0]!.sim.trades.length,
  };
}

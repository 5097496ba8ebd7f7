// Canonical bytes of a JSON-able value and play_hash: keys sorted by code unit, no whitespace,
// numbers in JavaScript's shortest round-trip form (so YAML `1.0` and `1` are the same), undefined
// members dropped. play_hash = SHA-256 hex of the canonical normalized Play.
import { createHash } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`canonicalJson: non-finite number ${v}`);
      return Object.is(v, -0) ? '0' : JSON.stringify(v);
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec)
        .filter((k) => rec[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(rec[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: cannot encode ${typeof v}`);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 hex of the canonical form of a normalized Play (rule strings already canonical). */
export function playHash(canonicalPlay: unknown): string {
  return sha256Hex(canonicalJson(canonicalPlay));
}

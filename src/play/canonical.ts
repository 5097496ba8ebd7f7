// play_hash = SHA-256 hex of the canonical JSON (domain/canonical.ts: keys sorted by code unit, no
// whitespace, shortest round-trip numbers, so YAML `1.0` and `1` are the same; undefined members
// dropped) of the normalized Play.
import { canonicalJson } from '../domain';

/** The one canonical JSON of the project (domain/canonical.ts). */
export { canonicalJson };

export function sha256Hex(text: string): string {
  return new Bun.CryptoHasher('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 hex of the canonical form of a normalized Play (rule strings already canonical). */
export function playHash(canonicalPlay: unknown): string {
  return sha256Hex(canonicalJson(canonicalPlay));
}

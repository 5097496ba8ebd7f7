// SHA-256 helpers for the manifest: over canonical JSON, over typed-array bytes, over files.
import { readFileSync } from 'node:fs';
import { canonicalJson } from '../domain';

export function sha256Hex(...parts: (string | Uint8Array | ArrayBufferView)[]): string {
  const h = new Bun.CryptoHasher('sha256');
  for (const p of parts) {
    if (typeof p === 'string') h.update(p);
    else h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  }
  return h.digest('hex');
}

export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** Hash of named float columns: name, length and little-endian f64 bytes of each, in order. */
export function hashColumns(columns: readonly [string, Float64Array][]): string {
  const h = new Bun.CryptoHasher('sha256');
  for (const [name, col] of columns) {
    h.update(`${name}:${col.length};`);
    h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  }
  return h.digest('hex');
}

export function hashFile(path: string): string {
  return sha256Hex(readFileSync(path));
}

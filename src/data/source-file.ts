// Reads one import source: raw bytes (for the content SHA-256 recorded in import_log), gunzipped
// when the bytes start with the gzip magic (whatever the extension), decoded as UTF-8 text.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors';

export interface SourceText {
  /** Path as given by the caller; used in every `file:line:` message. */
  path: string;
  /** File name without directories, for symbol and timeframe inference. */
  name: string;
  /** SHA-256 (hex) of the file's bytes as stored (compressed bytes for .gz, as in SOURCES.md). */
  sha256: string;
  text: string;
}

export function readSource(path: string): SourceText {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new DataError('DATA_MISSING', `${path}: cannot read file (${(cause as Error).message})`, { path }, { cause });
  }
  return sourceFromBytes(path, bytes);
}

export function sourceFromBytes(path: string, bytes: Uint8Array): SourceText {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let raw = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (cause) {
      throw new DataError('DATA_INVALID', `${path}: gzip data is corrupt (${(cause as Error).message})`, { path }, { cause });
    }
  }
  let text = new TextDecoder('utf-8').decode(raw);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path, name: basename(path), sha256, text };
}

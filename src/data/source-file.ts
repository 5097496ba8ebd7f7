// Reads one import source: raw bytes (for the content SHA-256 recorded in import_log), gunzipped
// when the bytes start with the gzip magic (whatever the extension), decoded as UTF-8 text.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors';
import { rejection, withSource } from './issues';

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
  checkLines(path, raw);
  let text = new TextDecoder('utf-8').decode(raw);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path, name: basename(path), sha256, text };
}

/** Longest line accepted, in bytes: market-data rows are under 200; a longer line is not market data. */
export const MAX_LINE_BYTES = 4096;

/**
 * Refuses, before any line becomes a string: a line longer than MAX_LINE_BYTES (a 200 MB single line
 * would otherwise cost gigabytes), and CR-only line endings (the whole file would read as one line).
 */
function checkLines(path: string, bytes: Uint8Array): void {
  if (bytes.indexOf(0x0a) < 0 && bytes.indexOf(0x0d) >= 0 && bytes.indexOf(0x0d) < bytes.length - 1) {
    const reason = 'line endings are CR only (expected LF or CRLF; convert the file, e.g. tr "\\r" "\\n")';
    throw rejection(withSource(path, [{ line: 1, reason }]));
  }
  let start = 0;
  let line = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end - start > MAX_LINE_BYTES) {
      const cr = bytes.subarray(start, Math.min(end, start + MAX_LINE_BYTES + 1)).indexOf(0x0d);
      const reason =
        cr >= 0 && cr < end - start - 1
          ? 'line endings are CR only (expected LF or CRLF; convert the file, e.g. tr "\\r" "\\n")'
          : `line is longer than ${MAX_LINE_BYTES} bytes (market-data rows are far shorter)`;
      throw rejection(withSource(path, [{ line, reason }]));
    }
    start = end + 1;
    line++;
  }
}

// Reads one import source: raw bytes (for the content SHA-256 recorded in import_log), gunzipped
// when the bytes start with the gzip magic (whatever the extension), decoded as UTF-8 text.
// The file is streamed in chunks through LineLimit, so hostile input (a 200 MB single line, CR-only
// endings) is refused after one chunk, before the rest is read or anything is decoded.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { DataError } from '../errors';
import { LineLimit } from './line-limit';

export interface SourceText {
  /** Path as given by the caller; used in every `file:line:` message. */
  path: string;
  /** File name without directories, for symbol and timeframe inference. */
  name: string;
  /** SHA-256 (hex) of the file's bytes as stored (compressed bytes for .gz, as in SOURCES.md). */
  sha256: string;
  text: string;
}

/** Bytes read from disk per step; also the most a refused file costs beyond the line cap. */
const CHUNK_BYTES = 64 * 1024;

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Streams a file (a FIFO too) through the line checks; refuses it at the first broken limit. */
export async function readSource(path: string): Promise<SourceText> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    const first = await chunks.next();
    const head = first.done ? Buffer.alloc(0) : first.value;
    const hash = createHash('sha256');
    const lines = new LineLimit(path);
    async function* raw(): AsyncGenerator<Buffer> {
      for (let r: IteratorResult<Buffer> = first; !r.done; r = await chunks.next()) {
        hash.update(r.value);
        yield r.value;
      }
    }
    const sink = async (decoded: AsyncIterable<Buffer>) => {
      for await (const chunk of decoded) lines.push(chunk);
    };
    const gzip = isGzip(head);
    try {
      if (gzip) await pipeline(raw, createGunzip({ chunkSize: CHUNK_BYTES }), sink);
      else await pipeline(raw, sink);
    } catch (cause) {
      if (cause instanceof DataError || !gzip || !String((cause as NodeJS.ErrnoException).code ?? '').startsWith('Z_')) throw cause;
      throw corruptGzip(path, cause);
    }
    return { path, name: basename(path), sha256: hash.digest('hex'), text: decode(lines.finish()) };
  } catch (cause) {
    if (cause instanceof DataError) throw cause;
    const reason = `cannot read file (${(cause as Error).message})`;
    throw new DataError('DATA_MISSING', `${path}: ${reason}`, { path, reason }, { cause });
  } finally {
    file.destroy();
  }
}

/** The same checks over bytes already in memory (the bundled sample, tests). */
export function sourceFromBytes(path: string, bytes: Uint8Array): SourceText {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch (cause) {
      throw corruptGzip(path, cause);
    }
  }
  const lines = new LineLimit(path);
  lines.push(raw);
  return { path, name: basename(path), sha256, text: decode(lines.finish()) };
}

function decode(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function corruptGzip(path: string, cause: unknown): DataError {
  return new DataError('DATA_INVALID', `${path}: gzip data is corrupt (${(cause as Error).message})`, { path }, { cause });
}

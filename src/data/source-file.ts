// Reads one import source: raw bytes (for the content SHA-256 recorded in import_log), gunzipped
// when the bytes start with the gzip magic (whatever the extension), then handed on as they stream
// in. The file goes in chunks through LineLimit, so hostile input (a 200 MB single line, CR-only
// endings) is refused after one chunk, before the rest is read. The consumer is chosen from the
// source's head (its first HEAD_BYTES bytes as text), and one or two leading UTF-8 BOMs are removed
// from the bytes it gets (what decoding the whole file as UTF-8 and dropping a U+FEFF did).
// `readSource` / `sourceFromBytes` collect the whole text for the readers that need it.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type * as Zlib from 'node:zlib';
import { DataError } from '../errors';
import { LineLimit } from './line-limit';

export interface SourceInfo {
  /** Path as given by the caller; used in every `file:line:` message. */
  path: string;
  /** File name without directories, for symbol and timeframe inference. */
  name: string;
  /** SHA-256 (hex) of the file's bytes as stored (compressed bytes for .gz, as in SOURCES.md). */
  sha256: string;
}

export interface SourceText extends SourceInfo {
  text: string;
}

/** Takes a source's decompressed, line-checked bytes, chunk by chunk in order. */
export interface ByteSink {
  push(chunk: Uint8Array): void;
}

/** Chooses the consumer of a source from its head: the text of its first HEAD_BYTES bytes (all of a shorter source). */
export type SinkChooser = (head: string) => ByteSink;

/** Bytes read from disk per step; also the most a refused file costs beyond the line cap. */
const CHUNK_BYTES = 64 * 1024;
/** Bytes decoded for the head: at least 4096 UTF-16 code units of text, whatever the characters. */
export const HEAD_BYTES = 16 * 1024;

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const textDecoder = () => new TextDecoder('utf-8', { ignoreBOM: true });

/** Streams a file (a FIFO too) through the line checks into the chosen sink; refuses it at the first broken limit. */
export async function streamSource(path: string, choose: SinkChooser): Promise<SourceInfo> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    const first = await chunks.next();
    const head = first.done ? Buffer.alloc(0) : first.value;
    const hash = new Bun.CryptoHasher('sha256');
    const lines = new LineLimit(path, { keep: false });
    const router = new HeadRouter(choose);
    async function* raw(): AsyncGenerator<Buffer> {
      for (let r: IteratorResult<Buffer> = first; !r.done; r = await chunks.next()) {
        hash.update(r.value);
        yield r.value;
      }
    }
    const sink = async (decoded: AsyncIterable<Buffer>) => {
      for await (const chunk of decoded) {
        lines.push(chunk);
        router.push(chunk);
      }
    };
    const gzip = isGzip(head);
    // Streams and zlib are loaded here, not at start-up: only imports read files this way.
    const { pipeline } = await import('node:stream/promises');
    const { createGunzip } = zlib();
    try {
      if (gzip) await pipeline(raw, createGunzip({ chunkSize: CHUNK_BYTES }), sink);
      else await pipeline(raw, sink);
    } catch (cause) {
      if (cause instanceof DataError || !gzip || !String((cause as NodeJS.ErrnoException).code ?? '').startsWith('Z_')) throw cause;
      throw corruptGzip(path, cause);
    }
    lines.finish();
    router.finish();
    return { path, name: basename(path), sha256: hash.digest('hex') };
  } catch (cause) {
    if (cause instanceof DataError) throw cause;
    const reason = `cannot read file (${(cause as Error).message})`;
    throw new DataError('DATA_MISSING', `${path}: ${reason}`, { path, reason }, { cause });
  } finally {
    file.destroy();
  }
}

const zlib = () => require('node:zlib') as typeof Zlib;

/** The same checks over bytes already in memory (the bundled sample, tests). */
export function streamBytes(path: string, bytes: Uint8Array, choose: SinkChooser): SourceInfo {
  const sha256 = new Bun.CryptoHasher('sha256').update(bytes).digest('hex');
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = zlib().gunzipSync(bytes);
    } catch (cause) {
      throw corruptGzip(path, cause);
    }
  }
  const lines = new LineLimit(path, { keep: false });
  lines.push(raw);
  lines.finish();
  const router = new HeadRouter(choose);
  router.push(raw);
  router.finish();
  return { path, name: basename(path), sha256 };
}

/** Reads a whole source as text. */
export async function readSource(path: string): Promise<SourceText> {
  const collect = new TextCollector();
  const info = await streamSource(path, () => collect);
  return { ...info, text: collect.text() };
}

/** A source in memory as text (tests). */
export function sourceFromBytes(path: string, bytes: Uint8Array): SourceText {
  const collect = new TextCollector();
  const info = streamBytes(path, bytes, () => collect);
  return { ...info, text: collect.text() };
}

/** Keeps every chunk and decodes them once, at the end. */
export class TextCollector implements ByteSink {
  private readonly parts: Uint8Array[] = [];

  push(chunk: Uint8Array): void {
    this.parts.push(chunk);
  }

  text(): string {
    const all = this.parts.length === 1 ? (this.parts[0] as Uint8Array) : Buffer.concat(this.parts);
    this.parts.length = 0;
    return textDecoder().decode(all);
  }
}

/** Holds the first chunks until the head is known, then feeds the chosen sink (BOMs removed). */
class HeadRouter {
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private sink: ByteSink | undefined;

  constructor(private readonly choose: SinkChooser) {}

  push(chunk: Uint8Array): void {
    if (this.sink) {
      if (chunk.length > 0) this.sink.push(chunk);
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes >= HEAD_BYTES) this.route();
  }

  finish(): void {
    if (!this.sink) this.route();
  }

  private route(): void {
    let all = this.held.length === 1 ? (this.held[0] as Uint8Array) : Buffer.concat(this.held);
    this.held = [];
    for (let k = 0; k < 2 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf; k++) all = all.subarray(3);
    const sink = this.choose(textDecoder().decode(all.subarray(0, HEAD_BYTES)));
    this.sink = sink;
    if (all.length > 0) sink.push(all);
  }
}

function corruptGzip(path: string, cause: unknown): DataError {
  return new DataError('DATA_INVALID', `${path}: gzip data is corrupt (${(cause as Error).message})`, { path }, { cause });
}

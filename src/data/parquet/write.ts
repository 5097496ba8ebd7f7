// A small, deterministic Parquet writer for artifact tables: one row group, one PLAIN-encoded,
// uncompressed data page per column, REQUIRED columns of DOUBLE, INT64, UTF-8 strings and
// booleans. Same rows → same bytes. Files are written to a temp name and renamed into place.
// Any Parquet reader (DuckDB, pyarrow, polars) reads them; tests check that against DuckDB.
import { DataError } from '../../errors';
import { writeFileAtomic } from '../atomic-file';
import {
  CODEC_UNCOMPRESSED,
  CONVERTED_UTF8,
  ENCODING_PLAIN,
  ENCODING_RLE,
  MAGIC,
  NAME_RE,
  PAGE_DATA,
  type ParquetColumn,
  PHYSICAL_OF,
  REQUIRED,
} from './format';
import { ByteWriter, T, writeStruct } from './thrift-compact';

function encodePlain(c: ParquetColumn, n: number): Uint8Array {
  const v = c.values;
  switch (c.type) {
    case 'DOUBLE': {
      // A Float64Array holds only numbers: its bytes are the PLAIN encoding already.
      if (v instanceof Float64Array) return new Uint8Array(v.buffer, v.byteOffset, n * 8);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (typeof x !== 'number')
          throw new DataError('ARTIFACT', `parquet column ${c.name} row ${i}: expected a number, got ${String(x)}`);
        out[i] = x;
      }
      return new Uint8Array(out.buffer);
    }
    case 'BIGINT': {
      // Little-endian int64 as two 32-bit halves (no BigInt per row): exact for safe integers.
      const out = new Uint32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (typeof x !== 'number' || !Number.isSafeInteger(x)) {
          throw new DataError('ARTIFACT', `parquet column ${c.name} row ${i}: expected a safe integer, got ${String(x)}`);
        }
        const hi = Math.floor(x / 4294967296);
        out[2 * i] = x - hi * 4294967296;
        out[2 * i + 1] = hi >>> 0;
      }
      return new Uint8Array(out.buffer);
    }
    case 'VARCHAR': {
      const w = new ByteWriter();
      const enc = new TextEncoder();
      // Artifact strings repeat (sides, exit reasons): each distinct one is encoded once.
      const seen = new Map<string, Uint8Array>();
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (typeof x !== 'string')
          throw new DataError('ARTIFACT', `parquet column ${c.name} row ${i}: expected a string, got ${String(x)}`);
        let b = seen.get(x);
        if (b === undefined) {
          b = enc.encode(x);
          if (seen.size < 1024) seen.set(x, b);
        }
        w.u32le(b.length);
        w.bytes(b);
      }
      return w.result();
    }
    case 'BOOLEAN': {
      const out = new Uint8Array(Math.ceil(n / 8));
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (typeof x !== 'boolean')
          throw new DataError('ARTIFACT', `parquet column ${c.name} row ${i}: expected a boolean, got ${String(x)}`);
        if (x) out[i >> 3]! |= 1 << (i & 7);
      }
      return out;
    }
  }
}

interface Chunk {
  column: ParquetColumn;
  offset: number;
  size: number;
}

/**
 * The file as parts, in order: the magic, each column's page header and its PLAIN data (a view
 * of a Float64Array column, not a copy), and the footer. Written with one write per part, a large
 * table is never concatenated in memory.
 */
export function encodeParquetParts(columns: readonly ParquetColumn[], createdBy = 'trade'): Uint8Array[] {
  if (columns.length === 0) throw new DataError('ARTIFACT', 'parquet needs at least one column');
  const n = columns[0]!.values.length;
  for (const c of columns) {
    if (!NAME_RE.test(c.name)) throw new DataError('ARTIFACT', `parquet column name '${c.name}' must match ${NAME_RE}`);
    if (c.values.length !== n) throw new DataError('ARTIFACT', `parquet column ${c.name} has ${c.values.length} rows, expected ${n}`);
  }
  const parts: Uint8Array[] = [MAGIC];
  let length = MAGIC.length;
  const chunks: Chunk[] = [];
  for (const c of columns) {
    const data = encodePlain(c, n);
    const header = new ByteWriter(64);
    writeStruct(header, (h) =>
      h
        .i32(1, PAGE_DATA)
        .i32(2, data.length)
        .i32(3, data.length)
        .struct(5, (d) => d.i32(1, n).i32(2, ENCODING_PLAIN).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE)),
    );
    const head = header.result();
    chunks.push({ column: c, offset: length, size: head.length + data.length });
    parts.push(head, data);
    length += head.length + data.length;
  }
  const w = new ByteWriter(256 * columns.length + 4096);
  writeStruct(w, (m) => {
    m.i32(1, 1);
    m.list(2, T.STRUCT, [undefined, ...columns], (lw, c) =>
      writeStruct(lw, (s) => {
        if (c === undefined) {
          s.binary(4, 'schema').i32(5, columns.length);
          return;
        }
        s.i32(1, PHYSICAL_OF[c.type]).i32(3, REQUIRED).binary(4, c.name);
        if (c.type === 'VARCHAR') s.i32(6, CONVERTED_UTF8).struct(10, (lt) => lt.struct(1, () => {}));
      }),
    );
    m.i64(3, n);
    m.list(4, T.STRUCT, [chunks], (lw, cs) =>
      writeStruct(lw, (rg) => {
        rg.list(1, T.STRUCT, cs, (cw, ch) =>
          writeStruct(cw, (cc) => {
            cc.i64(2, ch.offset);
            cc.struct(3, (md) =>
              md
                .i32(1, PHYSICAL_OF[ch.column.type])
                .list(2, T.I32, [ENCODING_PLAIN, ENCODING_RLE], (ew, e) => ew.zigzag(e))
                .list(3, T.BINARY, [ch.column.name], (pw, name) => {
                  const b = new TextEncoder().encode(name);
                  pw.varint(b.length);
                  pw.bytes(b);
                })
                .i32(4, CODEC_UNCOMPRESSED)
                .i64(5, n)
                .i64(6, ch.size)
                .i64(7, ch.size)
                .i64(9, ch.offset),
            );
          }),
        );
        rg.i64(
          2,
          cs.reduce((a, ch) => a + ch.size, 0),
        );
        rg.i64(3, n);
      }),
    );
    m.binary(6, createdBy);
  });
  w.u32le(w.length);
  w.bytes(MAGIC);
  parts.push(w.result());
  return parts;
}

/** The file bytes for `columns` (all of equal length): the parts, joined. */
export function encodeParquet(columns: readonly ParquetColumn[], createdBy = 'trade'): Uint8Array {
  return Buffer.concat(encodeParquetParts(columns, createdBy));
}

/** Writes `columns` to `path` atomically (temp file + rename); returns the row count. */
export function writeParquet(path: string, columns: readonly ParquetColumn[]): number {
  const parts = encodeParquetParts(columns);
  try {
    writeFileAtomic(path, parts);
  } catch (cause) {
    throw new DataError('ARTIFACT', `cannot write ${path}: ${(cause as Error).message}`, { path }, { cause });
  }
  return columns[0]!.values.length;
}

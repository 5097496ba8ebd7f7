// Reads back the Parquet files `write.ts` produces (PLAIN, uncompressed, REQUIRED columns, data
// page v1), as columns: DOUBLE and INT64 as Float64Array, strings as string[], booleans as
// boolean[]. The artifact gate uses it; anything outside that subset is a clear error, and tests
// check the files against DuckDB's own reader.
import { readFileSync } from 'node:fs';
import { DataError } from '../../errors';
import { CODEC_UNCOMPRESSED, ENCODING_PLAIN, MAGIC, PAGE_DATA, PHYSICAL, REQUIRED } from './format';
import { ThriftReader, type ThriftStruct, type ThriftValue } from './thrift-compact';

export type ParquetValues = Float64Array | string[] | boolean[];

export interface ParquetTable {
  rows: number;
  columns: Map<string, ParquetValues>;
}

const str = (v: ThriftValue | undefined) => new TextDecoder().decode(v as Uint8Array);
const num = (v: ThriftValue | undefined) => v as number;

function decodePage(type: number, data: Uint8Array, count: number, into: ParquetValues, at: number): void {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  switch (type) {
    case PHYSICAL.DOUBLE:
      for (let i = 0; i < count; i++) (into as Float64Array)[at + i] = dv.getFloat64(i * 8, true);
      return;
    case PHYSICAL.INT64:
      for (let i = 0; i < count; i++) (into as Float64Array)[at + i] = Number(dv.getBigInt64(i * 8, true));
      return;
    case PHYSICAL.BYTE_ARRAY: {
      const dec = new TextDecoder();
      let p = 0;
      for (let i = 0; i < count; i++) {
        const len = dv.getUint32(p, true);
        (into as string[])[at + i] = dec.decode(data.subarray(p + 4, p + 4 + len));
        p += 4 + len;
      }
      return;
    }
    case PHYSICAL.BOOLEAN:
      for (let i = 0; i < count; i++) (into as boolean[])[at + i] = ((data[i >> 3]! >> (i & 7)) & 1) === 1;
      return;
    default:
      throw new DataError('ARTIFACT', `physical type ${type} is not supported`);
  }
}

function allocate(type: number, n: number): ParquetValues {
  if (type === PHYSICAL.DOUBLE || type === PHYSICAL.INT64) return new Float64Array(n);
  if (type === PHYSICAL.BYTE_ARRAY) return new Array<string>(n);
  if (type === PHYSICAL.BOOLEAN) return new Array<boolean>(n);
  throw new DataError('ARTIFACT', `physical type ${type} is not supported`);
}

export function decodeParquet(bytes: Uint8Array): ParquetTable {
  const n = bytes.length;
  const magicOk = (at: number) => MAGIC.every((b, i) => bytes[at + i] === b);
  if (n < 12 || !magicOk(0) || !magicOk(n - 4)) throw new DataError('ARTIFACT', 'not a Parquet file (PAR1 magic missing)');
  const footerLen = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 4).getUint32(0, true);
  const meta = new ThriftReader(bytes, n - 8 - footerLen).struct();
  const rows = num(meta.get(3));
  const schema = (meta.get(2) as ThriftStruct[]).slice(1);
  const columns = new Map<string, ParquetValues>();
  const types: number[] = [];
  for (const el of schema) {
    if (num(el.get(3)) !== REQUIRED) throw new DataError('ARTIFACT', `column ${str(el.get(4))} is not REQUIRED`);
    types.push(num(el.get(1)));
    columns.set(str(el.get(4)), allocate(num(el.get(1)), rows));
  }
  const names = [...columns.keys()];
  let rowAt = 0;
  for (const rg of meta.get(4) as ThriftStruct[]) {
    const rgRows = num(rg.get(3));
    (rg.get(1) as ThriftStruct[]).forEach((cc, k) => {
      const md = cc.get(3) as ThriftStruct;
      if (num(md.get(4)) !== CODEC_UNCOMPRESSED)
        throw new DataError('ARTIFACT', `column ${names[k]} is compressed (codec ${num(md.get(4))})`);
      let pos = num(md.get(9));
      let done = 0;
      while (done < rgRows) {
        const r = new ThriftReader(bytes, pos);
        const header = r.struct();
        if (num(header.get(1)) !== PAGE_DATA)
          throw new DataError('ARTIFACT', `column ${names[k]}: page type ${num(header.get(1))} is not supported`);
        const dph = header.get(5) as ThriftStruct;
        if (num(dph.get(2)) !== ENCODING_PLAIN)
          throw new DataError('ARTIFACT', `column ${names[k]}: encoding ${num(dph.get(2))} is not supported`);
        const count = num(dph.get(1));
        const size = num(header.get(3));
        decodePage(types[k]!, bytes.subarray(r.pos, r.pos + size), count, columns.get(names[k]!)!, rowAt + done);
        done += count;
        pos = r.pos + size;
      }
    });
    rowAt += rgRows;
  }
  return { rows, columns };
}

/** Reads an artifact Parquet file into columns. */
export function readParquetColumns(path: string): ParquetTable {
  try {
    return decodeParquet(readFileSync(path));
  } catch (cause) {
    throw new DataError('ARTIFACT', `cannot read ${path}: ${(cause as Error).message}`, { path }, { cause });
  }
}

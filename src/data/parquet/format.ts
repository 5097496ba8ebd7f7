// Parquet constants used by the writer and the reader (parquet-format's parquet.thrift): physical
// types, repetition, encodings, codecs, page types, and the column types artifacts use.

export type ParquetType = 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'BOOLEAN';

export interface ParquetColumn {
  name: string;
  type: ParquetType;
  values: ArrayLike<number | string | boolean>;
}

export const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // "PAR1"

/** parquet.thrift `Type`. */
export const PHYSICAL = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
export const REQUIRED = 0;
export const ENCODING_PLAIN = 0;
export const ENCODING_RLE = 3;
export const CODEC_UNCOMPRESSED = 0;
export const PAGE_DATA = 0;
/** ConvertedType UTF8, for readers that predate LogicalType. */
export const CONVERTED_UTF8 = 0;

export const PHYSICAL_OF: Record<ParquetType, number> = {
  DOUBLE: PHYSICAL.DOUBLE,
  BIGINT: PHYSICAL.INT64,
  VARCHAR: PHYSICAL.BYTE_ARRAY,
  BOOLEAN: PHYSICAL.BOOLEAN,
};

export const NAME_RE = /^[a-z_][a-z0-9_]*$/;

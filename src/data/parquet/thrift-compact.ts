// The Thrift compact protocol, the subset Parquet metadata uses: structs of i32/i64/binary/list/
// struct fields, written in field-id order, and a generic reader that decodes any compact struct
// into a map from field id to value (skipping nothing silently: unknown types are an error).

import { DataError } from '../../errors';
export const T = {
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

/** Growable byte buffer with little-endian and varint writers. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  /** `capacity`: the bytes expected (a good guess saves the copies of growing). */
  constructor(capacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  u32le(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^53. */
  varint(v: number): void {
    let x = v;
    while (x >= 0x80) {
      this.byte((x % 0x80) | 0x80);
      x = Math.floor(x / 0x80);
    }
    this.byte(x);
  }

  /** Zigzag varint of a signed integer (|v| < 2^52). */
  zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** One field of a struct being written; fields must be written in ascending id order. */
export class StructWriter {
  private lastId = 0;
  constructor(readonly w: ByteWriter) {}

  private header(id: number, type: number): void {
    const delta = id - this.lastId;
    if (delta > 0 && delta <= 15) this.w.byte((delta << 4) | type);
    else {
      this.w.byte(type);
      this.w.zigzag(id);
    }
    this.lastId = id;
  }

  i32(id: number, v: number): this {
    this.header(id, T.I32);
    this.w.zigzag(v);
    return this;
  }

  i64(id: number, v: number): this {
    this.header(id, T.I64);
    this.w.zigzag(v);
    return this;
  }

  binary(id: number, s: string | Uint8Array): this {
    this.header(id, T.BINARY);
    const b = typeof s === 'string' ? new TextEncoder().encode(s) : s;
    this.w.varint(b.length);
    this.w.bytes(b);
    return this;
  }

  struct(id: number, body: (s: StructWriter) => void): this {
    this.header(id, T.STRUCT);
    const inner = new StructWriter(this.w);
    body(inner);
    inner.end();
    return this;
  }

  list<E>(id: number, elemType: number, items: readonly E[], write: (w: ByteWriter, item: E) => void): this {
    this.header(id, T.LIST);
    if (items.length < 15) this.w.byte((items.length << 4) | elemType);
    else {
      this.w.byte(0xf0 | elemType);
      this.w.varint(items.length);
    }
    for (const item of items) write(this.w, item);
    return this;
  }

  end(): void {
    this.w.byte(0);
  }
}

export function writeStruct(w: ByteWriter, body: (s: StructWriter) => void): void {
  const s = new StructWriter(w);
  body(s);
  s.end();
}

export type ThriftValue = number | boolean | Uint8Array | ThriftStruct | ThriftValue[];
export type ThriftStruct = Map<number, ThriftValue>;

/** Reads compact-protocol values from `bytes` starting at `pos`. */
export class ThriftReader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
  ) {}

  private next(): number {
    if (this.pos >= this.bytes.length) throw new DataError('ARTIFACT', 'thrift: unexpected end of data');
    return this.bytes[this.pos++]!;
  }

  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.next();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 0x80;
      if (mul > 2 ** 63) throw new DataError('ARTIFACT', 'thrift: varint too long');
    }
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  private value(type: number): ThriftValue {
    switch (type) {
      case T.TRUE:
        return true;
      case T.FALSE:
        return false;
      case T.BYTE:
        return this.next();
      case T.I16:
      case T.I32:
      case T.I64:
        return this.zigzag();
      case T.DOUBLE: {
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return v;
      }
      case T.BINARY: {
        const n = this.varint();
        const b = this.bytes.subarray(this.pos, this.pos + n);
        this.pos += n;
        return b;
      }
      case T.LIST:
      case T.SET: {
        const h = this.next();
        const size = h >> 4 === 15 ? this.varint() : h >> 4;
        const elem = h & 0x0f;
        const out: ThriftValue[] = [];
        for (let i = 0; i < size; i++) out.push(elem === T.TRUE || elem === T.FALSE ? this.next() === 1 : this.value(elem));
        return out;
      }
      case T.STRUCT:
        return this.struct();
      default:
        throw new DataError('ARTIFACT', `thrift: unsupported compact type ${type}`);
    }
  }

  struct(): ThriftStruct {
    const out: ThriftStruct = new Map();
    let lastId = 0;
    for (;;) {
      const h = this.next();
      if (h === 0) return out;
      const type = h & 0x0f;
      const delta = h >> 4;
      const id = delta === 0 ? this.zigzag() : lastId + delta;
      out.set(id, this.value(type));
      lastId = id;
    }
  }
}

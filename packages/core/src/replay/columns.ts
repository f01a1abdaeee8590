/**
 * A small columnar container (decision 0036-columnar-days): a magic and a
 * kind, then sections one after another — bytes, 32-bit integers or 64-bit
 * floats — each 8-byte aligned, so a section is read as a typed array over
 * the bytes without copying. Typed arrays use the platform's byte order;
 * every platform Node runs on here is little-endian, and reading on one that
 * is not is refused rather than misread.
 */
const MAGIC = [0x53, 0x42, 0x43, 0x31]; // "SBC1"
const BYTES = 0;
const INT32 = 1;
const FLOAT64 = 2;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function checkEndian() {
  if (!littleEndian) throw new Error('columnar replay days are little-endian; this platform is not');
}

/** Whether the bytes are a columnar container (a day stored as JSON text starts with `[` or `{`). */
export function hasColumnsMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MAGIC.every((b, i) => bytes[i] === b);
}

const isInt32 = (v: number) => (v | 0) === v && !Object.is(v, -0);

export class ColumnsWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 8;

  constructor(kind: string) {
    checkEndian();
    const head = new Uint8Array(8);
    head.set(MAGIC);
    head[4] = kind.charCodeAt(0);
    this.parts.push(head);
  }

  bytes(data: Uint8Array): this {
    return this.section(BYTES, data.length, data);
  }

  text(value: string): this {
    return this.bytes(new TextEncoder().encode(value));
  }

  /** Numbers as 32-bit integers when every one is one, else as 64-bit floats (both exact). */
  numbers(values: readonly number[]): this {
    if (values.every(isInt32)) return this.section(INT32, values.length, new Uint8Array(Int32Array.from(values).buffer));
    return this.section(FLOAT64, values.length, new Uint8Array(Float64Array.from(values).buffer));
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private section(type: number, count: number, data: Uint8Array): this {
    const head = new Uint8Array(8);
    const view = new DataView(head.buffer);
    view.setUint32(0, type, true);
    view.setUint32(4, count, true);
    const padded = Math.ceil(data.length / 8) * 8;
    const body = new Uint8Array(padded);
    body.set(data);
    this.parts.push(head, body);
    this.length += 8 + padded;
    return this;
  }
}

export class ColumnsReader {
  private readonly bytes: Uint8Array;
  private at = 8;

  constructor(bytes: Uint8Array, kind: string) {
    checkEndian();
    if (!hasColumnsMagic(bytes) || bytes[4] !== kind.charCodeAt(0)) throw new Error(`not a columnar replay ${kind}`);
    // Typed-array views need an aligned start: a buffer sliced out of a pool may not have one.
    this.bytes = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  }

  bytesSection(): Uint8Array {
    const { type, count, start } = this.next();
    if (type !== BYTES) throw new Error('columnar replay: bytes expected');
    return this.bytes.subarray(start, start + count);
  }

  text(): string {
    return new TextDecoder().decode(this.bytesSection());
  }

  numbers(): Int32Array | Float64Array {
    const { type, count, start } = this.next();
    const offset = this.bytes.byteOffset + start;
    if (type === INT32) return new Int32Array(this.bytes.buffer, offset, count);
    if (type === FLOAT64) return new Float64Array(this.bytes.buffer, offset, count);
    throw new Error('columnar replay: numbers expected');
  }

  private next() {
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 8);
    const type = view.getUint32(0, true);
    const count = view.getUint32(4, true);
    const start = this.at + 8;
    const size = type === BYTES ? count : type === INT32 ? count * 4 : count * 8;
    if (start + size > this.bytes.length) throw new Error('columnar replay: truncated');
    this.at = start + Math.ceil(size / 8) * 8;
    return { type, count, start };
  }
}

/** Strings by index, each stored once. */
export class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) this.index.set(value, (i = this.list.push(value) - 1));
    return i;
  }
}

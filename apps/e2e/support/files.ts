import { deflateSync } from 'node:zlib';

/** A PNG drawn here (no fixture files): `paint(x, y)` gives each pixel's RGB. */
export function drawPng(width: number, height: number, paint: (x: number, y: number) => [number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set(paint(x, y), 1 + x * 3);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(buf: Buffer) {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A customer's photo: a cardboard parcel with a crack across it, on a grey floor. */
export const PARCEL_PHOTO = drawPng(240, 160, (x, y) => {
  const inBox = x > 50 && x < 190 && y > 30 && y < 135;
  if (!inBox) return y > 120 ? [150, 150, 155] : [205, 210, 216];
  if (Math.abs(x - 120) < 4) return [222, 196, 140];
  if (Math.abs(y - (40 + (x - 50) * 0.55)) < 2 && x > 70) return [60, 40, 25];
  return [181, 137, 84];
});

/** An agent's return label: white with a bar code and a blue band. */
export const RETURN_LABEL = drawPng(240, 150, (x, y) => {
  if (y < 28) return [11, 87, 208];
  if (y > 60 && y < 120 && x > 20 && x < 220) return (x * 7) % 11 < 5 ? [20, 20, 20] : [255, 255, 255];
  return [255, 255, 255];
});

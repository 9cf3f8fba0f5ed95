// Renders the app icons (same design as public/icons/icon.svg) to PNG without any
// dependency: a tiny rasteriser with 4x4 supersampling and a hand-written PNG encoder.
// Run: node web/scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const RED = [200, 16, 46],
  WHITE = [255, 255, 255],
  YELLOW = [255, 212, 0];

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const inRoundRect = (x, y, x0, y0, w, h, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x0 + w - r),
    cy = Math.min(Math.max(y, y0 + r), y0 + h - r);
  return x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const distSeg = (x, y, ax, ay, bx, by) => {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
};
// Colour of a point in the 512-unit design space, or null for transparent.
function sample(x, y, maskable) {
  if (!maskable && !inRoundRect(x, y, 0, 0, 512, 512, 112)) return null;
  // scale the motif down for maskable icons so it stays inside the safe zone
  if (maskable) {
    x = 256 + (x - 256) / 0.8;
    y = 256 + (y - 256) / 0.8;
  }
  if (inRoundRect(x, y, 96, 238, 320, 36, 18)) return YELLOW;
  const half = 11;
  const onBorder = (() => {
    const inner = inRoundRect(x, y, 140 + half, 176 + half, 232 - 2 * half, 160 - 2 * half, 7);
    const outer = inRoundRect(x, y, 140 - half, 176 - half, 232 + 2 * half, 160 + 2 * half, 29);
    return outer && !inner;
  })();
  if (onBorder || distSeg(x, y, 140, 176, 372, 336) <= half || distSeg(x, y, 140, 336, 372, 176) <= half) return WHITE;
  return RED;
}
function render(size, maskable = false) {
  const out = Buffer.alloc(size * size * 4);
  const ss = 4,
    scale = 512 / size;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const c = sample((px + (sx + 0.5) / ss) * scale, (py + (sy + 0.5) / ss) * scale, maskable);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a++;
          }
        }
      const i = (py * size + px) * 4;
      if (a) {
        out[i] = r / a;
        out[i + 1] = g / a;
        out[i + 2] = b / a;
      }
      out[i + 3] = Math.round((a / (ss * ss)) * 255);
    }
  return png(size, out);
}
const dir = new URL('../public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', dir), render(192));
writeFileSync(new URL('icon-512.png', dir), render(512));
writeFileSync(new URL('icon-maskable-512.png', dir), render(512, true));
writeFileSync(new URL('apple-touch-icon.png', dir), render(180, true));
console.log('icons written');

/**
 * Small printable documents as PDF: a title, key-value rows, an optional QR code and a footer
 * (受理回执 today; e-receipts next). Chinese text is drawn with Noto Sans SC from
 * `@fontsource/noto-sans-sc`, choosing per character among its subset files by the package's
 * unicode ranges (small files, quick to parse); pdfkit embeds only the glyphs used.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');
/** The file of a subset: `[12]` → noto-sans-sc-12-400-normal.woff, `latin` → noto-sans-sc-latin-400-normal.woff. */
const fileOf = (subset: string) =>
  path.join(fontDir, `noto-sans-sc-${subset.replace(/^\[(\d+)\]$/, '$1')}-400-normal.woff`);
/** Characters in none of the subsets' ranges (none expected) fall back to the whole Simplified Chinese file. */
const FALLBACK = 'chinese-simplified';

/** Each subset's code point ranges, from the package's unicode.json (read once). */
let subsets: { name: string; ranges: [number, number][] }[] | null = null;
function subsetOf(cp: number): string {
  subsets ??= Object.entries(require('@fontsource/noto-sans-sc/unicode.json') as Record<string, string>).map(
    ([name, list]) => ({
      name,
      ranges: list.split(',').map((r) => {
        const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
        return [parseInt(a!, 16), parseInt(b ?? a!, 16)] as [number, number];
      }),
    }),
  );
  // Latin first: the CJK subsets repeat some punctuation.
  const latin = subsets.find((s) => s.name === 'latin');
  if (latin?.ranges.some(([a, b]) => cp >= a && cp <= b)) return 'latin';
  return subsets.find((s) => s.ranges.some(([a, b]) => cp >= a && cp <= b))?.name ?? FALLBACK;
}

/** A text cut into runs, each drawn with one subset file of the font. */
export function fontRuns(text: string): { font: string; text: string }[] {
  const runs: { font: string; text: string }[] = [];
  for (const ch of text) {
    const font = ch === '\n' ? (runs.at(-1)?.font ?? 'latin') : subsetOf(ch.codePointAt(0)!);
    const last = runs.at(-1);
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

export interface SimpleDocument {
  title: string;
  subtitle?: string;
  rows: { label: string; value: string }[];
  /** A QR code of this text (a link to follow the case), with a caption below it. */
  qr?: { text: string; caption: string };
  footer?: string;
  /** The document's metadata (author, subject). */
  author?: string;
}

/** Render `spec` as an A4 PDF. */
export async function renderSimplePdf(spec: SimpleDocument): Promise<Buffer> {
  // Loaded on first use: pdfkit and its font engine add about 30 MB and 0.1 s to a process that never prints.
  const [{ default: PDFDocument }, { default: QRCode }] = await Promise.all([import('pdfkit'), import('qrcode')]);
  const qr = spec.qr ? await QRCode.toBuffer(spec.qr.text, { type: 'png', margin: 1, width: 240 }) : null;
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: spec.title, Author: spec.author ?? 'Yiwang' } });
  const registered = new Set<string>();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  /** Lines of text at (x, y), each run in its subset's font, placed by hand (pdfkit cannot centre mixed runs); answers the y below. */
  const write = (text: string, size: number, at: { x: number; y: number; width: number; center?: boolean }) => {
    doc.fontSize(size);
    let y = at.y;
    for (const line of text.split('\n')) {
      const runs = fontRuns(line);
      for (const r of runs) {
        if (!registered.has(r.font)) {
          doc.registerFont(r.font, fileOf(r.font));
          registered.add(r.font);
        }
      }
      const widths = runs.map((r) => doc.font(r.font).widthOfString(r.text));
      const total = widths.reduce((a, b) => a + b, 0);
      let x = at.center ? at.x + Math.max(0, (at.width - total) / 2) : at.x;
      runs.forEach((r, i) => {
        doc.font(r.font).text(r.text, x, y, { lineBreak: false });
        x += widths[i]!;
      });
      y += size * 1.5;
    }
    return y;
  };
  const left = 56;
  const width = doc.page.width - 2 * left;
  let y = write(spec.title, 20, { x: left, y: 60, width, center: true });
  if (spec.subtitle) y = write(spec.subtitle, 11, { x: left, y, width, center: true });
  y += 18;
  for (const row of spec.rows) {
    const below = write(row.label, 11, { x: left, y, width: 150 });
    y = Math.max(below, write(row.value || '—', 11, { x: left + 160, y, width: width - 160 })) + 6;
  }
  if (qr && spec.qr) {
    y += 12;
    doc.image(qr, left, y, { width: 120 });
    y = write(spec.qr.caption, 9, { x: left, y: y + 126, width });
  }
  if (spec.footer) write(spec.footer, 9, { x: left, y: y + 24, width });
  doc.end();
  return done;
}

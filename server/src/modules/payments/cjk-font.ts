/**
 * A CJK font for PDFs from npm: Noto Sans SC as @fontsource ships it, split into ~100 WOFF
 * subsets by Unicode range. The stylesheet's `unicode-range`s say which subset holds a
 * character; text is laid out in runs, one subset font per run (pdfkit embeds only the glyphs
 * used).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface Subset {
  file: string;
  ranges: [number, number][];
}

let subsets: Subset[] | null = null;

function load(): Subset[] {
  if (subsets) return subsets;
  const require = createRequire(import.meta.url);
  const css = require.resolve('@fontsource/noto-sans-sc/400.css');
  const dir = path.dirname(css);
  const out: Subset[] = [];
  for (const face of fs.readFileSync(css, 'utf8').split('@font-face').slice(1)) {
    const file = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(face)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(face)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(a!, 16), parseInt(b ?? a!, 16)];
    });
    out.push({ file: path.join(dir, file), ranges });
  }
  subsets = out;
  return out;
}

/** The subset font file that holds this character (null: none does). */
export function subsetFor(codePoint: number): string | null {
  for (const s of load()) if (s.ranges.some(([a, b]) => codePoint >= a && codePoint <= b)) return s.file;
  return null;
}

/** Split text into runs that one subset font can draw; characters no subset holds go with their neighbours. */
export function fontRuns(text: string): { file: string; text: string }[] {
  const runs: { file: string; text: string }[] = [];
  for (const ch of text) {
    const file = subsetFor(ch.codePointAt(0)!) ?? runs[runs.length - 1]?.file ?? subsetFor(0x41)!;
    const last = runs[runs.length - 1];
    if (last && last.file === file) last.text += ch;
    else runs.push({ file, text: ch });
  }
  return runs;
}

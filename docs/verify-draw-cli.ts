/**
 * Check a published draw from a shell with docs/verify-draw.ts:
 *
 *   node docs/verify-draw-cli.ts <draw.json | https://…/api/inspections/draws/<id>>
 *
 * Prints OK and the drawn targets and teams, or every problem found (exit status 1).
 */
import { readFile } from 'node:fs/promises';
import { verifyDraw, type PublishedDraw } from './verify-draw.ts';

const ref = process.argv[2];
if (!ref) {
  console.error('usage: node docs/verify-draw-cli.ts <draw.json | url>');
  process.exit(2);
}
const text = /^https?:\/\//.test(ref) ? await (await fetch(ref)).text() : await readFile(ref, 'utf8');
const v = await verifyDraw(JSON.parse(text) as PublishedDraw);
if (!v.ok) {
  for (const p of v.problems) console.log(`FAILED: ${p}`);
  process.exit(1);
}
console.log(`OK: ${v.result!.targets.length} targets drawn`);
for (const t of v.result!.targets) console.log(`  ${t.id}  ${t.inspectors.join(', ')}${t.short ? '  (short)' : ''}`);

/**
 * `yiwang verify-log [--witness <url or file>]… [--json]`: rebuild the transparency log from
 * the records and check it against every signed checkpoint and any witness's checkpoint.
 * Exit status 0 when everything holds, 1 when something differs (the first bad record named).
 */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { scoped } from '../../platform/db.ts';
import type { TransparencyTables } from './transparency.tables.ts';
import { verifyLog, type VerifyReport } from './transparency.verify.ts';

/** A checkpoint note from another copy: an http(s) URL (its /api/transparency/checkpoint) or a file. */
export async function readWitness(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`witness ${source}: HTTP ${res.status}`);
    return res.text();
  }
  return readFile(source, 'utf8');
}

export function describeReport(r: VerifyReport): string {
  const lines = [
    `tree size ${r.treeSize}, root ${r.root ?? '(empty)'}; ${r.checkpointsChecked} signed checkpoints checked`,
  ];
  if (r.ok) {
    lines.push('OK: the records give every signed root');
    return lines.join('\n');
  }
  lines.push(`FAILED: ${r.problems.length} problem(s)`);
  if (r.first) {
    lines.push(
      `first bad record: entry ${r.first.index ?? '?'}${r.first.recordId ? ` (record ${r.first.recordId})` : ''}: ${r.first.message}`,
    );
  }
  for (const p of r.problems.slice(0, 20)) lines.push(`  [${p.kind}] ${p.message}`);
  if (r.problems.length > 20) lines.push(`  … and ${r.problems.length - 20} more`);
  return lines.join('\n');
}

export async function verifyLogCommand(
  db: Kysely<object>,
  opts: { witnesses: readonly string[]; json: boolean; out: (line: string) => void },
): Promise<number> {
  const notes = await Promise.all(opts.witnesses.map(readWitness));
  const report = await verifyLog(scoped<TransparencyTables>(db), { witnesses: notes });
  opts.out(opts.json ? JSON.stringify(report, null, 2) : describeReport(report));
  return report.ok ? 0 : 1;
}

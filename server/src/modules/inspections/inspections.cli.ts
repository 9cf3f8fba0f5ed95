/**
 * `yiwang verify-draw <draw-id | url | file> [--json]`: rerun a published draw from its
 * published data (pools, commitment, beacon, secret) and compare with the published result.
 * A draw id is read from the database; a URL (…/api/inspections/draws/<id>) or a file as
 * published. Exit status 0 when everything holds, 1 when something differs.
 */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { scoped } from '../../platform/db.ts';
import {
  ALGORITHM,
  canonicalJson,
  commitmentOf,
  poolsHashOf,
  runDraw,
  seedOf,
  type DrawPools,
  type DrawnTarget,
} from './inspections.draw.ts';
import * as repo from './inspections.repository.ts';
import type { InspectionsTables } from './inspections.tables.ts';
import { drawView } from './inspections.views.ts';

export interface PublishedDrawData {
  id: string;
  algorithm: string;
  pools: DrawPools;
  poolsHash: string;
  commitment: string;
  committedAt: string;
  beacon: { treeSize: number; rootHash: string; issuedAt: string } | null;
  secret: string | null;
  seed: string | null;
  result: { targets: DrawnTarget[] } | null;
}

export function verifyPublishedDraw(d: PublishedDrawData): { ok: boolean; problems: string[]; targets: number } {
  const problems: string[] = [];
  if (d.algorithm !== ALGORITHM || d.pools.algorithm !== ALGORITHM) problems.push(`unknown algorithm ${d.algorithm}`);
  if (d.pools.draw !== d.id) problems.push('the pools name another draw');
  const poolsHash = poolsHashOf(d.pools);
  if (poolsHash !== d.poolsHash) problems.push('the pools differ from those published before the draw');
  if (!d.secret || !d.beacon || !d.result) return { ok: false, problems: [...problems, 'not drawn yet'], targets: 0 };
  if (!/^[0-9a-f]{64}$/.test(d.secret) || commitmentOf(d.secret) !== d.commitment)
    problems.push('the secret does not match the commitment');
  if (!(Date.parse(d.beacon.issuedAt) > Date.parse(d.committedAt)))
    problems.push('the beacon checkpoint was not issued after the commitment');
  const seed = seedOf(d.secret, poolsHash, d.beacon.rootHash);
  if (seed !== d.seed) problems.push('the published seed is not the one the secret and the beacon give');
  if (problems.length > 0) return { ok: false, problems, targets: 0 };
  const result = runDraw(d.pools, seed);
  if (canonicalJson(result) !== canonicalJson(d.result.targets))
    problems.push('the published result differs from the draw recomputed from the pools and the seed');
  return { ok: problems.length === 0, problems, targets: result.length };
}

async function load(ref: string, db: () => Promise<Kysely<object>>): Promise<PublishedDrawData | null> {
  if (/^https?:\/\//.test(ref)) {
    const res = await fetch(ref, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`${ref}: HTTP ${res.status}`);
    return (await res.json()) as PublishedDrawData;
  }
  if (!/^[0-9a-f-]{36}$/i.test(ref)) return JSON.parse(await readFile(ref, 'utf8')) as PublishedDrawData;
  const d = scoped<InspectionsTables>(await db());
  const row = await repo.drawById(d, ref);
  if (!row) return null;
  return drawView(row, (await repo.itemById(d, row.item_id))!);
}

export async function verifyDrawCommand(
  ref: string,
  opts: { db: () => Promise<Kysely<object>>; json: boolean; out: (line: string) => void },
): Promise<number> {
  const draw = await load(ref, opts.db);
  if (!draw) {
    opts.out(`no draw ${ref}`);
    return 1;
  }
  const v = verifyPublishedDraw(draw);
  if (opts.json) opts.out(JSON.stringify({ id: draw.id, ...v }, null, 2));
  else if (v.ok) opts.out(`OK: draw ${draw.id}: ${v.targets} targets reproduced from the published pools and seed`);
  else for (const p of v.problems) opts.out(`FAILED: ${p}`);
  return v.ok ? 0 : 1;
}

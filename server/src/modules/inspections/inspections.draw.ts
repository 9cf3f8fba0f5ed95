/**
 * The draw, algorithm `yiwang-draw/1` (docs/inspections.md; docs/verify-draw.ts is an
 * independent implementation anyone can run). Deterministic: the pools (canonical JSON) and
 * the seed decide everything. Targets: weighted sampling without replacement with
 * Efraimidis–Spirakis keys, where the key of weight w is the largest of w uniform 64-bit words
 * of SHA-256(seed ‖ "T|" id) (distributed as u^(1/w), compared as hex: no floating point).
 * Teams: per target and team slot, picks from the eligible inspectors by SHA-256 counter mode.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/audit.ts';

export const ALGORITHM = 'yiwang-draw/1';

export interface DrawPools {
  algorithm: string;
  draw: string;
  ratioBasisPoints: number;
  teams: { department: string; count: number; maxLoad: number }[];
  targets: { id: string; weight: number }[];
  inspectors: { id: string; department: string }[];
  conflicts: { inspector: string; target: string }[];
}

export interface DrawnTarget {
  id: string;
  key: string;
  inspectors: string[];
  short: boolean;
}

const sha256 = (...parts: (Buffer | string)[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export const poolsHashOf = (pools: DrawPools): string => sha256(canonicalJson(pools)).toString('hex');
export const commitmentOf = (secretHex: string): string => sha256(Buffer.from(secretHex, 'hex')).toString('hex');
export const seedOf = (secretHex: string, poolsHash: string, beaconRoot: string): string =>
  sha256(`${ALGORITHM}|${secretHex}|${poolsHash}|${beaconRoot}`).toString('hex');

/** How many targets a ratio (in basis points) draws from n. */
export const drawCount = (n: number, ratioBasisPoints: number): number =>
  Math.min(n, Math.ceil((n * ratioBasisPoints) / 10_000));

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function runDraw(pools: DrawPools, seedHex: string): DrawnTarget[] {
  if (pools.algorithm !== ALGORITHM) throw new Error(`unsupported algorithm ${pools.algorithm}`);
  const seed = Buffer.from(seedHex, 'hex');
  const k = drawCount(pools.targets.length, pools.ratioBasisPoints);
  const keyed = pools.targets.map((t) => {
    const d = sha256(seed, `T|${t.id}`).toString('hex');
    let key = '';
    for (let w = 0; w < Math.min(4, Math.max(1, t.weight)); w++) {
      const word = d.slice(16 * w, 16 * w + 16);
      if (word > key) key = word;
    }
    return { id: t.id, key };
  });
  keyed.sort((a, b) => cmp(b.key, a.key) || cmp(a.id, b.id));

  const conflicts = new Set(pools.conflicts.map((c) => `${c.inspector}\u0000${c.target}`));
  const byDepartment = new Map<string, string[]>();
  for (const i of pools.inspectors) {
    const list = byDepartment.get(i.department) ?? [];
    list.push(i.id);
    byDepartment.set(i.department, list);
  }
  for (const list of byDepartment.values()) list.sort(cmp);
  const load = new Map<string, number>();
  return keyed.slice(0, k).map((t) => {
    const team: string[] = [];
    let short = false;
    for (const slot of pools.teams) {
      const eligible = (byDepartment.get(slot.department) ?? []).filter(
        (i) => !team.includes(i) && !conflicts.has(`${i}\u0000${t.id}`) && (load.get(i) ?? 0) < slot.maxLoad,
      );
      for (let j = 0; j < slot.count; j++) {
        if (eligible.length === 0) {
          short = true;
          break;
        }
        const r = sha256(seed, `I|${t.id}|${slot.department}|${j}`).readUIntBE(0, 6);
        const [pick] = eligible.splice(r % eligible.length, 1);
        team.push(pick!);
        load.set(pick!, (load.get(pick!) ?? 0) + 1);
      }
    }
    return { id: t.id, key: t.key, inspectors: team, short };
  });
}

/** A target's weight: 1-3 by risk level, one more for a C or D credit grade (at most 4). */
export function weightOf(risk: 'low' | 'medium' | 'high', grade: 'A' | 'B' | 'C' | 'D'): number {
  return Math.min(4, { low: 1, medium: 2, high: 3 }[risk] + (grade === 'C' || grade === 'D' ? 1 : 0));
}

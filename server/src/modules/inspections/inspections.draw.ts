/**
 * The draw, algorithm `yiwang-draw/1` (docs/inspections.md; docs/verify-draw.ts is an
 * independent implementation anyone can run). Deterministic: the pools (canonical JSON) and
 * the seed decide everything. Targets: weighted sampling without replacement with
 * Efraimidis–Spirakis keys, where the key of weight w is the largest of w uniform 64-bit words
 * of SHA-256(seed ‖ "T|" id) (distributed as u^(1/w), compared as hex: no floating point).
 * Teams: per target and team slot, picks from the eligible inspectors by SHA-256 counter mode.
 */
import { createHash } from 'node:crypto';

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

/** JSON with object keys sorted, no spaces (the platform's canonical JSON, written for large pools). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  let out = '';
  if (Array.isArray(value)) {
    for (const v of value) out += (out ? ',' : '') + canonicalJson(v);
    return `[${out}]`;
  }
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(obj[k])}`;
  }
  return `{${out}}`;
}

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

  return teamsFor(pools, keyed.slice(0, k), (t, department, j) =>
    sha256(seed, `I|${t}|${department}|${j}`).readUIntBE(0, 6),
  );
}

/** Where `id` is in the sorted `list`, or -1. */
function indexIn(list: readonly string[], id: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Step 5 (teams). The eligible list of the documented procedure is the department's inspectors
 * still under their load (kept sorted), less the team and the target's conflicts: the pick is
 * found by skipping those few positions, never by filtering the whole list per target.
 */
function teamsFor(
  pools: DrawPools,
  chosen: { id: string; key: string }[],
  random: (target: string, department: string, j: number) => number,
): DrawnTarget[] {
  const conflicts = new Map<string, string[]>();
  for (const c of pools.conflicts) {
    if (!conflicts.has(c.target)) conflicts.set(c.target, []);
    conflicts.get(c.target)!.push(c.inspector);
  }
  const available = new Map<string, string[]>();
  for (const i of pools.inspectors) {
    if (!available.has(i.department)) available.set(i.department, []);
    available.get(i.department)!.push(i.id);
  }
  for (const list of available.values()) list.sort(cmp);
  const load = new Map<string, number>();
  return chosen.map((t) => {
    const team: string[] = [];
    let short = false;
    const against = conflicts.get(t.id) ?? [];
    for (const slot of pools.teams) {
      const avail = available.get(slot.department) ?? [];
      for (let j = 0; j < slot.count; j++) {
        const excluded = [...new Set([...team, ...against].map((i) => indexIn(avail, i)).filter((x) => x >= 0))].sort(
          (a, b) => a - b,
        );
        const size = avail.length - excluded.length;
        if (size <= 0) {
          short = true;
          break;
        }
        let idx = random(t.id, slot.department, j) % size;
        for (const q of excluded) if (q <= idx) idx++;
        const pick = avail[idx]!;
        team.push(pick);
        const n = (load.get(pick) ?? 0) + 1;
        load.set(pick, n);
        if (n >= slot.maxLoad) avail.splice(idx, 1);
      }
    }
    return { id: t.id, key: t.key, inspectors: team, short };
  });
}

/** A target's weight: 1-3 by risk level, one more for a C or D credit grade (at most 4). */
export function weightOf(risk: 'low' | 'medium' | 'high', grade: 'A' | 'B' | 'C' | 'D'): number {
  return Math.min(4, { low: 1, medium: 2, high: 3 }[risk] + (grade === 'C' || grade === 'D' ? 1 : 0));
}

/**
 * Re-run and check a published random-inspection draw (双随机一公开), algorithm `yiwang-draw/1`,
 * with nothing but SHA-256: WebCrypto by default (a browser or Node), or any SHA-256 you pass.
 * It imports nothing from the server; the procedure is the one in docs/inspections.md. The
 * citizen app's public draw page runs it in the browser; from a shell:
 *
 *   node docs/verify-draw-cli.ts <draw.json | https://…/api/inspections/draws/<id>>
 *
 * The procedure, in short:
 * 1. poolsHash = hex SHA-256 of the canonical JSON of `pools` (object keys sorted, no spaces).
 * 2. commitment = hex SHA-256 of the secret's bytes (the secret is 64 hex digits), published before the draw.
 * 3. The beacon is a transparency-log checkpoint issued after the commitment; the seed is
 *    SHA-256(UTF-8 "yiwang-draw/1|" + secret + "|" + poolsHash + "|" + beacon.rootHash).
 * 4. Targets: k = ceil(n × ratioBasisPoints / 10000). Target t of weight w (1..4) gets
 *    d = SHA-256(seed ‖ UTF-8 "T|" + t.id) and key = the largest of d's first w 8-byte words
 *    (hex; for weight w this is a uniform variable's w-th root, Efraimidis–Spirakis sampling without
 *    floating point). The k largest keys are drawn (ties: smaller id first), in that order.
 * 5. Teams: for each drawn target in order, for each team slot {department, count, maxLoad} in
 *    order, the eligible inspectors are that department's (sorted by id) who are not already on the
 *    team, have no conflict with the target and have fewer than maxLoad tasks. The j-th pick
 *    (j = 0, 1, …) takes r = the first 6 bytes of SHA-256(seed ‖ UTF-8 "I|" + t.id + "|" + department + "|" + j)
 *    as an integer and removes eligible[r mod |eligible|]. A slot without enough eligible
 *    inspectors marks the target `short`.
 */

export const ALGORITHM = 'yiwang-draw/1';

export interface DrawPools {
  algorithm: string;
  draw: string;
  ratioBasisPoints: number;
  teams: { department: string; count: number; maxLoad: number }[];
  targets: { id: string; weight: number }[];
  inspectors: { id: string; department: string }[];
  /** Inspector and target pairs that may not meet. */
  conflicts: { inspector: string; target: string }[];
}

export interface DrawResult {
  targets: { id: string; key: string; inspectors: string[]; short: boolean }[];
}

export interface PublishedDraw {
  id: string;
  algorithm: string;
  pools: DrawPools;
  poolsHash: string;
  commitment: string;
  committedAt: string;
  beacon: { treeSize: number; rootHash: string; issuedAt: string } | null;
  secret: string | null;
  seed: string | null;
  result: DrawResult | null;
}

export type Sha256 = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export const webCryptoSha256: Sha256 = async (data) =>
  new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));

const utf8 = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex = (b: Uint8Array): string => {
  let out = '';
  for (const x of b) out += HEX[x];
  return out;
};
const fromHex = (h: string): Uint8Array => {
  if (!/^([0-9a-f]{2})*$/.test(h)) throw new Error('not lower-case hex');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
};
const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** JSON with object keys sorted and no spaces: the bytes the pools hash is taken over. */
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

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The draw itself, from the pools and the seed (hex). */
export async function runDraw(pools: DrawPools, seedHex: string, sha256: Sha256 = webCryptoSha256): Promise<DrawResult> {
  if (pools.algorithm !== ALGORITHM) throw new Error(`unsupported algorithm ${pools.algorithm}`);
  const seed = fromHex(seedHex);
  const n = pools.targets.length;
  const k = Math.min(n, Math.ceil((n * pools.ratioBasisPoints) / 10_000));
  // One input buffer, rewritten per target: SHA-256 (WebCrypto included) copies its input when called.
  const longest = pools.targets.reduce((m, t) => Math.max(m, t.id.length), 0);
  const buf = new Uint8Array(seed.length + 2 + 3 * longest);
  buf.set(seed);
  const pending: (Uint8Array | Promise<Uint8Array>)[] = new Array<Uint8Array | Promise<Uint8Array>>(n);
  for (let i = 0; i < n; i++) {
    const { written } = utf8.encodeInto(`T|${pools.targets[i]!.id}`, buf.subarray(seed.length));
    pending[i] = sha256(buf.subarray(0, seed.length + written));
  }
  const digests = pending.some((d) => d instanceof Promise) ? await Promise.all(pending) : (pending as Uint8Array[]);
  const keyed = pools.targets.map((t, i) => {
    const w = Math.min(4, Math.max(1, t.weight));
    const d = hex(digests[i]!.subarray(0, 8 * w));
    let key = '';
    for (let x = 0; x < w; x++) {
      const word = d.slice(16 * x, 16 * x + 16);
      if (word > key) key = word;
    }
    return { id: t.id, key };
  });
  keyed.sort((a, b) => byId(b.key, a.key) || byId(a.id, b.id));
  const chosen = keyed.slice(0, k);

  // Step 5. `avail` is a department's inspectors still under their load, in id order; the
  // eligible list is avail less the team and the target's conflicts, and its r-th member is
  // found by skipping those few positions (the same as filtering, without copying the list).
  const against = new Map<string, string[]>();
  for (const c of pools.conflicts) {
    if (!against.has(c.target)) against.set(c.target, []);
    against.get(c.target)!.push(c.inspector);
  }
  const available = new Map<string, string[]>();
  for (const i of pools.inspectors) {
    if (!available.has(i.department)) available.set(i.department, []);
    available.get(i.department)!.push(i.id);
  }
  for (const list of available.values()) list.sort(byId);
  const position = (list: string[], id: string): number => {
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] === id) return mid;
      if (list[mid]! < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const load = new Map<string, number>();
  const targets: DrawResult['targets'] = [];
  for (const t of chosen) {
    const team: string[] = [];
    let short = false;
    for (const slot of pools.teams) {
      const avail = available.get(slot.department) ?? [];
      for (let j = 0; j < slot.count; j++) {
        const skip = new Set<number>();
        for (const i of [...team, ...(against.get(t.id) ?? [])]) {
          const at = position(avail, i);
          if (at >= 0) skip.add(at);
        }
        const size = avail.length - skip.size;
        if (size <= 0) {
          short = true;
          break;
        }
        const d = await sha256(concat(seed, utf8.encode(`I|${t.id}|${slot.department}|${j}`)));
        const r = d[0]! * 2 ** 40 + d[1]! * 2 ** 32 + d[2]! * 2 ** 24 + d[3]! * 2 ** 16 + d[4]! * 2 ** 8 + d[5]!;
        let idx = r % size;
        for (const q of [...skip].sort((a, b) => a - b)) if (q <= idx) idx++;
        const pick = avail[idx]!;
        team.push(pick);
        const n = (load.get(pick) ?? 0) + 1;
        load.set(pick, n);
        if (n >= slot.maxLoad) avail.splice(idx, 1);
      }
    }
    targets.push({ id: t.id, key: t.key, inspectors: team, short });
  }
  return { targets };
}

/** The seed from the revealed secret, the pools' hash and the beacon's root hash (hex). */
export async function seedOf(
  secret: string,
  poolsHash: string,
  beaconRoot: string,
  sha256: Sha256 = webCryptoSha256,
): Promise<string> {
  return hex(await sha256(utf8.encode(`${ALGORITHM}|${secret}|${poolsHash}|${beaconRoot}`)));
}

export interface Verdict {
  ok: boolean;
  problems: string[];
  result: DrawResult | null;
}

/** Check everything a published draw claims; `result` is the draw as recomputed. */
export async function verifyDraw(d: PublishedDraw, sha256: Sha256 = webCryptoSha256): Promise<Verdict> {
  const problems: string[] = [];
  if (d.algorithm !== ALGORITHM || d.pools.algorithm !== ALGORITHM) problems.push(`unknown algorithm ${d.algorithm}`);
  if (d.pools.draw !== d.id) problems.push('the pools name another draw');
  const poolsHash = hex(await sha256(utf8.encode(canonicalJson(d.pools))));
  if (poolsHash !== d.poolsHash) problems.push('the pools differ from those published before the draw (pools hash)');
  if (!d.secret || !d.beacon || !d.result) {
    problems.push('the draw has not been made yet (no secret, beacon or result)');
    return { ok: false, problems, result: null };
  }
  if (!/^[0-9a-f]{64}$/.test(d.secret)) problems.push('the secret is not 64 hex digits');
  else if (hex(await sha256(fromHex(d.secret))) !== d.commitment)
    problems.push('the secret does not match the commitment published before the draw');
  if (!(Date.parse(d.beacon.issuedAt) > Date.parse(d.committedAt)))
    problems.push('the beacon checkpoint was not issued after the commitment');
  const seed = await seedOf(d.secret, poolsHash, d.beacon.rootHash, sha256);
  if (d.seed !== seed) problems.push('the published seed is not the one the secret and the beacon give');
  if (problems.length > 0) return { ok: false, problems, result: null };
  const result = await runDraw(d.pools, seed, sha256);
  if (canonicalJson(result) !== canonicalJson(d.result))
    problems.push('the published result differs from the draw recomputed from the pools and the seed');
  return { ok: problems.length === 0, problems, result };
}

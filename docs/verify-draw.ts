/**
 * Re-run and check a published random-inspection draw (双随机一公开), algorithm `yiwang-draw/1`,
 * with nothing but SHA-256: WebCrypto by default (a browser or Node), or any SHA-256 you pass.
 * It imports nothing from the server; the procedure is the one in docs/inspections.md.
 *
 *   node docs/verify-draw.ts <draw.json | https://…/api/inspections/draws/<id>>
 *
 * Prints OK and the drawn targets and teams, or the first problem found (exit status 1).
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
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
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
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The draw itself, from the pools and the seed (hex). */
export async function runDraw(pools: DrawPools, seedHex: string, sha256: Sha256 = webCryptoSha256): Promise<DrawResult> {
  if (pools.algorithm !== ALGORITHM) throw new Error(`unsupported algorithm ${pools.algorithm}`);
  const seed = fromHex(seedHex);
  const n = pools.targets.length;
  const k = Math.min(n, Math.ceil((n * pools.ratioBasisPoints) / 10_000));
  const digests = await Promise.all(pools.targets.map((t) => sha256(concat(seed, utf8.encode(`T|${t.id}`)))));
  const keyed = pools.targets.map((t, i) => {
    const d = hex(digests[i]!);
    let key = '';
    for (let w = 0; w < Math.min(4, Math.max(1, t.weight)); w++) {
      const word = d.slice(16 * w, 16 * w + 16);
      if (word > key) key = word;
    }
    return { id: t.id, key };
  });
  keyed.sort((a, b) => byId(b.key, a.key) || byId(a.id, b.id));
  const chosen = keyed.slice(0, k);

  const conflicts = new Set(pools.conflicts.map((c) => `${c.inspector}\u0000${c.target}`));
  const byDepartment = new Map<string, string[]>();
  for (const i of pools.inspectors) {
    const list = byDepartment.get(i.department) ?? [];
    list.push(i.id);
    byDepartment.set(i.department, list);
  }
  for (const list of byDepartment.values()) list.sort(byId);
  const load = new Map<string, number>();
  const targets: DrawResult['targets'] = [];
  for (const t of chosen) {
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
        const d = await sha256(concat(seed, utf8.encode(`I|${t.id}|${slot.department}|${j}`)));
        const r = d[0]! * 2 ** 40 + d[1]! * 2 ** 32 + d[2]! * 2 ** 24 + d[3]! * 2 ** 16 + d[4]! * 2 ** 8 + d[5]!;
        const [pick] = eligible.splice(r % eligible.length, 1);
        team.push(pick!);
        load.set(pick!, (load.get(pick!) ?? 0) + 1);
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

const isMain = typeof process !== 'undefined' && process.argv[1]?.endsWith('verify-draw.ts');
if (isMain) {
  const ref = process.argv[2];
  if (!ref) {
    console.error('usage: node docs/verify-draw.ts <draw.json | url>');
    process.exit(2);
  }
  const { readFile } = await import('node:fs/promises');
  const text = /^https?:\/\//.test(ref) ? await (await fetch(ref)).text() : await readFile(ref, 'utf8');
  const v = await verifyDraw(JSON.parse(text) as PublishedDraw);
  if (!v.ok) {
    for (const p of v.problems) console.log(`FAILED: ${p}`);
    process.exit(1);
  }
  console.log(`OK: ${v.result!.targets.length} targets drawn`);
  for (const t of v.result!.targets) console.log(`  ${t.id}  ${t.inspectors.join(', ')}${t.short ? '  (short)' : ''}`);
}

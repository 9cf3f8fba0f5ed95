/**
 * Recount a published consultation (议事协商) from its public receipts file, with nothing but
 * the public API: anyone can run it against the city's address.
 *
 *   npx node docs/verify-cogov-result.ts https://city.example 0190…-consultation-id
 *
 * It downloads the published result and the receipts file (`receipt,choice` lines), checks the
 * file's SHA-256 against the published digest, that no receipt appears twice and every choice is
 * an option, and counts the choices; the counts must equal the published ones. Imports nothing
 * from the server.
 */
import { createHash } from 'node:crypto';

export interface Recount {
  ok: boolean;
  problems: string[];
  counts: Record<string, number>;
  ballots: number;
}

export async function verifyCogovResult(baseUrl: string, consultationId: string): Promise<Recount> {
  const base = baseUrl.replace(/\/$/u, '');
  const res = await fetch(`${base}/api/cogov/consultations/${consultationId}/result`);
  if (!res.ok) throw new Error(`result: HTTP ${res.status}`);
  const published = (await res.json()) as {
    options: { key: string }[];
    result: { counts: Record<string, number>; ballots: number };
    receiptsSha256: string;
  };
  const file = await fetch(`${base}/api/cogov/consultations/${consultationId}/receipts.csv`);
  if (!file.ok) throw new Error(`receipts: HTTP ${file.status}`);
  const text = await file.text();
  const problems: string[] = [];
  const sha = createHash('sha256').update(text).digest('hex');
  if (sha !== published.receiptsSha256) problems.push(`receipts file SHA-256 ${sha} is not the published ${published.receiptsSha256}`);
  const lines = text.split('\n');
  if (lines[0] !== 'receipt,choice') problems.push('the file does not start with its header');
  const counts: Record<string, number> = Object.fromEntries(published.options.map((o) => [o.key, 0]));
  const seen = new Set<string>();
  let ballots = 0;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const [receipt, choice, ...rest] = line.split(',');
    if (!receipt || !choice || rest.length) {
      problems.push(`malformed line: ${line}`);
      continue;
    }
    if (seen.has(receipt)) problems.push(`receipt ${receipt} appears twice`);
    seen.add(receipt);
    if (!(choice in counts)) problems.push(`receipt ${receipt} chose ${choice}, not an option`);
    else counts[choice]! += 1;
    ballots += 1;
  }
  if (ballots !== published.result.ballots) problems.push(`${ballots} ballots in the file, ${published.result.ballots} published`);
  for (const key of Object.keys(counts))
    if (counts[key] !== (published.result.counts[key] ?? 0))
      problems.push(`option ${key}: ${counts[key]} in the file, ${published.result.counts[key] ?? 0} published`);
  return { ok: problems.length === 0, problems, counts, ballots };
}

if (import.meta.main) {
  const [base, id] = process.argv.slice(2);
  if (!base || !id) {
    console.error('usage: npx node docs/verify-cogov-result.ts <base URL> <consultation id>');
    process.exit(2);
  }
  const r = await verifyCogovResult(base, id);
  console.log(JSON.stringify(r, null, 2));
  process.exit(r.ok ? 0 : 1);
}

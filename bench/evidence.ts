/**
 * Evidence instead of uploads (issue 10): p99 latency of filing the birth-of-a-child bundle
 * (出生一件事) with its documents fetched from the registries as evidence at filing, against
 * filing the same bundle with those documents uploaded instead, in the same run on PostgreSQL.
 *
 * The demo city is seeded (its registries hold the demo citizen's family: his wife, their
 * newborn daughter's birth certificate, the ID cards and the household register). The demo
 * citizen signs in, opens the preview (POST /api/exchange/preview) and agrees to it; then he
 * files the bundle again and again through POST /api/applications/cases:
 *
 * - with evidence: only the materials nobody holds are uploaded; every document the preview
 *   says is `fetched` is read from its registry under the grant (and his consent) in the
 *   filing's transaction, and attached to the case with its provenance and digest;
 * - with uploads: the same form, and an upload for each of those documents too (an uploaded
 *   material is not fetched).
 *
 * Rounds alternate (uploads, evidence, ...), each a fixed number of filings from a few
 * concurrent connections; latency per filing, p50 and p99 over all rounds of each way.
 *
 * Run: npm run bench:evidence              (PostgreSQL at BENCH_DATABASE_URL)
 *      npm run bench:evidence -- --quick   (fewer filings; not written to the docs)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_CITIZEN, DEMO_PASSWORD } from '../server/src/demo/accounts.ts';
import { sampleAnswers, samplePdf } from '../server/src/demo/sample-answers.ts';
import { DEMO_CITY_CODE } from '../server/src/demo/city.ts';
import { makeCitizenId } from '../server/src/platform/id-numbers.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { seedCity, startCity } from './city.ts';
import { benchDatabaseUrl, hostFacts, HttpSession, loadAverage, percentile, writeSection } from './lib.ts';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 4;
const PER_ROUND = quick ? 40 : 120;
const CONNECTIONS = 4;
const BUNDLE = 'birth';
const base = benchDatabaseUrl();

interface Material {
  code: string;
  source: string;
  required: boolean;
}
interface Bundle {
  form: Parameters<typeof sampleAnswers>[0];
  materials: Material[];
  name: { zh: string };
}
interface Preview {
  values: { fieldKey: string; value: string }[];
  evidence: { materialCode: string; registry: string; outcome: 'fetched' | 'upload' | 'not_granted' }[];
}

const t0 = performance.now();
const scratch = await createScratchDatabase(base, 'yiwang_bench_evidence');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-evidence-'));
const dataKey = randomBytes(32).toString('base64');
const stops: (() => Promise<void>)[] = [];
try {
  const city = { url: scratch.url, dataKey, dataDir };
  await seedCity(city, { residents: 300, enterprises: 5 });

  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  stops.push(() => db.end());
  const pgVersion = (await db.query<{ v: string }>(`select split_part(version(), ' ', 2) as v`)).rows[0]!.v;

  const yiwang = await startCity(city, 18_420);
  stops.push(() => yiwang.stop());
  const s = new HttpSession(yiwang.url);
  await s.json('POST', '/api/auth/login', { login: DEMO_CITIZEN.phone, password: DEMO_PASSWORD });
  const previewed = await s.request('POST', '/api/exchange/preview', { bundleCode: BUNDLE });
  if (previewed.status === 404)
    throw new Error('POST /api/exchange/preview is not there: this benchmark needs evidence at filing (issue 10)');
  if (!previewed.ok) throw new Error(`preview: ${previewed.status} ${await previewed.text()}`);
  const preview = (await previewed.json()) as Preview;
  await s.json('POST', '/api/exchange/preview/consent', { bundleCode: BUNDLE });
  const fetched = preview.evidence.filter((e) => e.outcome === 'fetched');
  const registries = [...new Set(fetched.map((e) => e.registry))];
  console.log(
    `preview: ${fetched.length} documents fetched at filing from ${registries.join(', ')}; others: ${preview.evidence
      .filter((e) => e.outcome !== 'fetched')
      .map((e) => `${e.materialCode} ${e.outcome}`)
      .join(', ')}`,
  );
  if (fetched.length === 0) throw new Error('the preview fetches no document: nothing to compare');

  // The form: sample answers, with what the registries hold (the family's names and ID numbers).
  const bundle = await s.json<Bundle>('GET', `/api/catalog/bundles/${BUNDLE}`);
  const form = sampleAnswers(bundle.form, {
    name: DEMO_CITIZEN.name,
    idNumber: makeCitizenId(DEMO_CITY_CODE, DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
    phone: DEMO_CITIZEN.phone,
    address: DEMO_CITIZEN.address,
  }) as Record<string, unknown>;
  for (const v of preview.values) form[v.fieldKey] = v.value;
  const pdf = await s.json<{ id: string }>('PUT', '/api/applications/uploads?fileName=material.pdf', samplePdf(), {
    'content-type': 'application/pdf',
  });
  const applicantMaterials = bundle.materials
    .filter((m) => m.source === 'applicant' && m.required)
    .map((m) => ({ code: m.code, uploadId: pdf.id }));
  const withEvidence = JSON.stringify({ bundleCode: BUNDLE, form, materials: applicantMaterials });
  const withUploads = JSON.stringify({
    bundleCode: BUNDLE,
    form,
    materials: [
      ...applicantMaterials,
      ...fetched
        .filter((e) => !applicantMaterials.some((m) => m.code === e.materialCode))
        .map((e) => ({ code: e.materialCode, uploadId: pdf.id })),
    ],
  });

  const runId = randomBytes(4).toString('hex');
  let serial = 0;
  const file = async (body: string) => {
    const started = performance.now();
    const res = await fetch(`${yiwang.url}/api/applications/cases`, {
      method: 'POST',
      headers: {
        ...s.writeHeaders(),
        'content-type': 'application/json',
        'idempotency-key': `ev-${runId}-${++serial}`,
      },
      body,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`filing: ${res.status} ${text.slice(0, 500)}`);
    return { ms: performance.now() - started, id: (JSON.parse(text) as { id: string }).id };
  };
  const round = async (body: string, n: number) => {
    const out: { ms: number; id: string }[] = [];
    let left = n;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (left-- > 0) out.push(await file(body));
      }),
    );
    return out;
  };

  console.log('warming up ...');
  await round(withUploads, 10);
  await round(withEvidence, 10);
  const load0 = loadAverage();
  const uploads: { ms: number; id: string }[] = [];
  const evidence: { ms: number; id: string }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    uploads.push(...(await round(withUploads, PER_ROUND)));
    evidence.push(...(await round(withEvidence, PER_ROUND)));
    console.log(
      `round ${r + 1}: uploads p99 ${percentile(
        uploads.map((x) => x.ms),
        99,
      ).toFixed(0)} ms, evidence p99 ${percentile(
        evidence.map((x) => x.ms),
        99,
      ).toFixed(0)} ms`,
    );
  }

  // Each evidence filing attached the fetched documents; the upload filings none.
  const evidenceRows = async (ids: string[]) =>
    (
      await db.query<{ n: string; registries: string[] }>(
        `select count(*) as n, array_agg(distinct registry) as registries
           from applications.case_evidence where case_id = any($1::uuid[])`,
        [ids],
      )
    ).rows[0]!;
  const withRows = await evidenceRows(evidence.map((x) => x.id));
  const withoutRows = await evidenceRows(uploads.map((x) => x.id));
  if (Number(withoutRows.n) !== 0) throw new Error(`${withoutRows.n} evidence rows on the filings with uploads`);
  const perFiling = Number(withRows.n) / evidence.length;
  await yiwang.stop();
  stops.pop();

  const stat = (xs: { ms: number }[]) => ({
    p50: percentile(
      xs.map((x) => x.ms),
      50,
    ),
    p99: percentile(
      xs.map((x) => x.ms),
      99,
    ),
  });
  const u = stat(uploads);
  const e = stat(evidence);
  const totalS = (performance.now() - t0) / 1000;
  const md = `
## Exchange: filing a bundle with evidence from the registries against uploads

Command: \`npm run bench:evidence\` (${new Date().toISOString().slice(0, 10)}, ${hostFacts(`PostgreSQL ${pgVersion}`)}; load average ${load0} at the start of the rounds; the whole run took ${totalS.toFixed(0)} s).

The demo citizen files ${bundle.name.zh} (\`${BUNDLE}\`) through \`POST /api/applications/cases\`, ${CONNECTIONS} filings at a time, ${ROUNDS} alternating rounds of ${PER_ROUND} filings each way. With evidence, ${fetched.length} documents (${fetched.map((f) => f.materialCode).join(', ')}) are read from ${registries.length} registries (${registries.join(', ')}) under the grants and his consent, in the filing's transaction, and attached with provenance and digest (${perFiling.toFixed(1)} evidence rows per filing; each read is an access-log row); with uploads, the same documents are uploaded files instead.

| | filings | p50 ms | p99 ms |
| --- | ---: | ---: | ---: |
| with uploads (baseline) | ${uploads.length} | ${u.p50.toFixed(0)} | ${u.p99.toFixed(0)} |
| with evidence from the registries | ${evidence.length} | ${e.p50.toFixed(0)} | ${e.p99.toFixed(0)} |

p99 with evidence is **${((e.p99 / u.p99) * 100).toFixed(0)}%** of p99 with uploads (p50: ${((e.p50 / u.p50) * 100).toFixed(0)}%).
`;
  if (!quick) writeSection('exchange-evidence', md);
  console.log(md);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

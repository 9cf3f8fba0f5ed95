/**
 * The statements one submission sends to PostgreSQL (issue 9's submissions benchmark): a
 * citizen files 户口迁入（市外迁入） through POST /api/applications/cases (in process, through
 * `inject`), and every query the pool's connections send is listed, from the request until the
 * outbox has delivered what it wrote, with the time each took to answer. Twenty filings first
 * warm the caches (catalogue versions, identity facts, the process definition, prepared
 * statements); then one is listed, and the next N are counted.
 *
 * Run: DATABASE_OWNER_URL=postgres://yiwang_owner@127.0.0.1:5432/test \
 *      DATABASE_URL=postgres://yiwang_app@127.0.0.1:5432/test npm run bench:submission-statements
 */
import pg from 'pg';
import { DEMO_CITIZEN } from '../server/src/demo/accounts.ts';
import { DEMO_ITEMS } from '../server/src/demo/items.ts';
import { sampleAnswers } from '../server/src/demo/sample-answers.ts';
import { makeCitizenId } from '../server/src/platform/id-numbers.ts';
import { createTestApp, signInCitizen, uploadMaterials } from '../server/test/helpers.ts';

if (!process.env.DATABASE_URL)
  throw new Error('set DATABASE_URL (and DATABASE_OWNER_URL): this lists PostgreSQL statements');

interface Sent {
  text: string;
  ms: number;
}
let listening = false;
const sent: Sent[] = [];
type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const original = pg.Client.prototype.query as unknown as Query;
const listen: Query = function (this: pg.Client, ...args: unknown[]) {
  if (!listening) return original.apply(this, args);
  const first = args[0] as string | { text: string };
  const entry: Sent = { text: typeof first === 'string' ? first : first.text, ms: 0 };
  sent.push(entry);
  const t = performance.now();
  const result = original.apply(this, args);
  if (result instanceof Promise) void result.finally(() => (entry.ms = performance.now() - t)).catch(() => {});
  return result;
};
(pg.Client.prototype as unknown as { query: Query }).query = listen;

const MOVE_IN = DEMO_ITEMS.find((i) => i.name.zh === '户口迁入（市外迁入）')!;
const ctx = await createTestApp({ residents: 20 });
try {
  const citizen = await signInCitizen(ctx);
  const own = {
    name: DEMO_CITIZEN.name,
    idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
    phone: DEMO_CITIZEN.phone,
    address: '龙港市龙跃路88号',
  };
  const materials = await uploadMaterials(citizen, MOVE_IN.materials);
  const body = { itemCode: MOVE_IN.handlingItemCode, form: sampleAnswers(MOVE_IN.form, own), materials };
  let key = 0;
  const file = async () => {
    const res = await citizen.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `statements-${++key}` } },
      body,
    });
    if (res.response.status !== 201) throw new Error(`filing answered ${res.response.status}`);
    await ctx.platform.outbox.flush();
  };
  for (let i = 0; i < 20; i++) await file();

  listening = true;
  await file();
  listening = false;
  console.log(`one submission: ${sent.length} statements (each one round trip)`);
  for (const [i, s] of sent.entries())
    console.log(
      `${String(i + 1).padStart(2)} ${s.ms.toFixed(2).padStart(6)} ms  ${s.text.replace(/\s+/g, ' ').slice(0, 150)}`,
    );

  const N = Number(process.env.STATEMENTS_N ?? 50);
  sent.length = 0;
  listening = true;
  const t = performance.now();
  for (let i = 0; i < N; i++) await file();
  const wall = performance.now() - t;
  listening = false;
  const db = sent.reduce((a, s) => a + s.ms, 0);
  console.log(
    `${N} submissions one after another: ${(sent.length / N).toFixed(1)} statements each, ${(wall / N).toFixed(2)} ms each, of which ${(db / N).toFixed(2)} ms waiting for PostgreSQL`,
  );
} finally {
  await ctx.teardown();
}

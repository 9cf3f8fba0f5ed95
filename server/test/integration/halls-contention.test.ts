/**
 * No double booking past capacity: 50 citizens book the same slot of capacity 10 at once.
 * Exactly 10 succeed, the other 40 get SLOT_FULL, and the slot's row says 10. Run on PGlite
 * and on PostgreSQL (DATABASE_URL), where the requests truly run concurrently.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoCity } from '../../src/demo/seed.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import { createTestApp, errorCode, newPerson, query, signInCitizen, type TestContext } from '../helpers.ts';

let ctx: TestContext;
const ITEM = DEMO_ITEMS.find((i) => i.departmentCode === 'PSB' && i.level === 'main')!.handlingItemCode;
const CITIZENS = 50;
const CAPACITY = 10;
const people = Array.from({ length: CITIZENS }, () => newPerson());

beforeAll(async () => {
  ctx = await createTestApp({ seed: false, clockStart: '2026-11-25T02:00:00Z' });
  // The demo city without its halls; instead one hall whose one window takes 10 per slot.
  const { halls: _halls, ...others } = ctx.modules;
  await seedDemoCity(ctx.platform, others, { residents: 5, enterprises: 1, fullStaff: false, log: () => {} });
  await ctx.modules.halls.service.seed(
    [
      {
        code: 'busy-hall',
        regionCode: '330383',
        name: { zh: '繁忙大厅', en: 'Busy hall' },
        address: { zh: '测试路 1 号', en: '1 Test Road' },
        lat: 27.58,
        lng: 120.55,
        hours: [
          [],
          [['09:00', '17:00']],
          [['09:00', '17:00']],
          [['09:00', '17:00']],
          [['09:00', '17:00']],
          [['09:00', '17:00']],
          [],
        ],
        slotMinutes: 30,
        perWindowCapacity: CAPACITY,
        callToleranceMinutes: 15,
        noShowAfterRecalls: 2,
        windows: [
          {
            number: 1,
            name: { zh: '1号窗口', en: 'Window 1' },
            departmentCode: 'PSB',
            comprehensive: false,
            itemCodes: [ITEM],
          },
        ],
      },
    ],
    () => {},
  );
  await ctx.modules.identity.service.seedAccounts(
    {
      accounts: people.map((p) => ({
        id: uuidv7(),
        kind: 'citizen' as const,
        displayName: p.name,
        idNumber: p.idNumber,
        phone: p.phone,
        password: DEMO_PASSWORD,
        regionCode: '330383',
        assurance: 'id_verified' as const,
        roles: ['citizen' as const],
      })),
      enterprises: [],
    },
    () => {},
  );
});
afterAll(async () => ctx.teardown());

it('books a slot of 10 exactly 10 times when 50 citizens try at once', async () => {
  const clients = [];
  for (const p of people) clients.push(await signInCitizen(ctx, p.phone, DEMO_PASSWORD, '10.7.0.1'));
  const startAt = '2026-11-26T01:00:00.000Z';
  const answers = await Promise.all(
    clients.map((c) => c.POST('/api/halls/appointments', { body: { hall: 'busy-hall', itemCode: ITEM, startAt } })),
  );
  const statuses = answers.map((a) => a.response.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(CAPACITY);
  const refused = answers.filter((a) => a.response.status !== 201);
  expect(refused.map((a) => [a.response.status, errorCode(a)])).toEqual(
    Array.from({ length: CITIZENS - CAPACITY }, () => [409, 'SLOT_FULL']),
  );
  const [slot] = await query<{ booked: number; capacity: number }>(
    ctx,
    sql`select booked, capacity from halls.slots where start_at = ${new Date(startAt)}`,
  );
  expect(slot).toEqual({ booked: CAPACITY, capacity: CAPACITY });
  const [live] = await query<{ n: string }>(
    ctx,
    sql`select count(*) as n from halls.appointments where status = 'booked' and start_at = ${new Date(startAt)}`,
  );
  expect(Number(live!.n)).toBe(CAPACITY);
  // A cancellation frees one place, which the next booking takes.
  const winner = answers.findIndex((a) => a.response.status === 201);
  const loser = answers.findIndex((a) => a.response.status !== 201);
  const id = (answers[winner]!.data as { id: string }).id;
  expect(
    (await clients[winner]!.DELETE('/api/halls/appointments/{id}', { params: { path: { id } } })).response.status,
  ).toBe(204);
  const again = await clients[loser]!.POST('/api/halls/appointments', {
    body: { hall: 'busy-hall', itemCode: ITEM, startAt },
  });
  expect(again.response.status).toBe(201);
});

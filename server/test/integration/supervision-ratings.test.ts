/**
 * 好差评 (supervision, ratings part): the invitation after a case closes, one rating per case
 * that nobody can change (append-only), the 30-day window; the window 评价器; a bad rating's
 * rectification ticket for the unit that handled the case (fix → call-back rating; appeal →
 * supervisor's decision; overdue → escalation by the jobs runner); who sees what (supervisor:
 * all departments; department head: theirs; clerk: no supervision pages); no rater identity in
 * any answer to the handling unit; and the public figures.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
  uploadMaterials,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let citizenId: string;
let head: Client; // hrss-admin: the unit that handles 社会保障卡申领
let otherHead: Client; // psb-admin
let supervisor: Client;
let clerk: Client;
/** 社会保障卡申领: HRSS, personal, no fee. */
const CARD = DEMO_ITEMS.find((i) => i.name.zh === '社会保障卡申领')!;
const ID_NUMBER = makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence);
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: ID_NUMBER,
  phone: DEMO_CITIZEN.phone,
  address: DEMO_CITIZEN.address,
};
let keySeq = 0;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  citizen = await signInCitizen(ctx, undefined, undefined, '10.79.0.1');
  citizenId = ok(await citizen.GET('/api/me')).id;
  head = await signInStaff(ctx, 'hrss-admin', '10.79.0.2');
  otherHead = await signInStaff(ctx, 'psb-admin', '10.79.0.3');
  supervisor = await signInStaff(ctx, 'supervisor01', '10.79.0.4');
  clerk = await signInStaff(ctx, 'clerk01', '10.79.0.5');
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

/** A case filed and withdrawn by the demo citizen: closed, so it is invited to be rated. */
async function closedCase(c: Client = citizen) {
  const materials = await uploadMaterials(
    c,
    CARD.materials.map((m) => ({ ...m, source: 'applicant' })),
  );
  const filed = ok(
    await c.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `ratings-${++keySeq}` } },
      body: { itemCode: CARD.handlingItemCode, form: sampleAnswers(CARD.form, PERSON), materials },
    }),
  );
  ok(
    await c.POST('/api/applications/cases/{id}/actions', {
      params: { path: { id: filed.id } },
      body: { action: 'withdraw', expectedSeq: 0 },
    }),
  );
  await ctx.platform.outbox.flush();
  return filed;
}

const rate = (c: Client, caseId: string, score: number, comment = '等了很久') =>
  c.POST('/api/supervision/cases/{caseId}/rating', {
    params: { path: { caseId } },
    body: { score, indicators: { efficiency: score, convenience: 3 }, comment },
  });
const tickets = async (c: Client) => ok(await c.GET('/api/supervision/tickets')).items;
const figures = async () => ok(await client(ctx, '10.79.9.9').GET('/api/supervision/figures'));

/** A bad rating of a fresh case, and its ticket (as the unit's head sees it). */
async function badRating(score = 1) {
  const c = await closedCase();
  ok(await rate(citizen, c.id, score));
  const t = (await tickets(head)).find((x) => x.caseNumber === c.caseNumber)!;
  expect(t).toBeDefined();
  return { c, t };
}

describe('invitations and ratings', () => {
  it('a closed case invites its applicant; one rating, never changed; others cannot rate it', async () => {
    const c = await closedCase();
    const invited = ok(await citizen.GET('/api/supervision/invitations')).items;
    const inv = invited.find((i) => i.caseId === c.id)!;
    expect(inv).toMatchObject({ caseNumber: c.caseNumber, outcome: 'withdrawn' });
    expect(inv.indicators).toEqual(['overall', 'efficiency', 'guideAccuracy', 'convenience', 'usability']);
    const inbox = ok(await citizen.GET('/api/me/notifications')).items;
    expect(inbox.some((m) => m.link === `/ratings?case=${encodeURIComponent(c.id)}`)).toBe(true);

    const other = await registerCitizen(ctx, { ip: '10.79.1.1' });
    expect(errorCode(await rate(other.client, c.id, 5))).toBe('INVITATION_NOT_FOUND');
    expect(errorCode(await rate(clerk, c.id, 5))).toBe('INVITATION_NOT_FOUND');
    const bad = await citizen.POST('/api/supervision/cases/{caseId}/rating', {
      params: { path: { caseId: c.id } },
      body: { score: 4, indicators: { attitude: 4 } },
    });
    expect(errorCode(bad)).toBe('INDICATORS_INVALID');

    const first = ok(await rate(citizen, c.id, 4, '很方便'));
    expect(first).toMatchObject({ score: 4, rectification: false });
    expect(errorCode(await rate(citizen, c.id, 1))).toBe('ALREADY_RATED');
    expect(ok(await citizen.GET('/api/supervision/invitations')).items.some((i) => i.caseId === c.id)).toBe(false);

    // Append-only: not even the database's owner changes or removes a rating.
    await expect(
      sql`update supervision.ratings set score = 1 where id = ${first.id}`.execute(ctx.owner.db),
    ).rejects.toThrow();
    await expect(sql`delete from supervision.ratings where id = ${first.id}`.execute(ctx.owner.db)).rejects.toThrow();
  });

  it('the rating window closes 30 days after the case closed', async () => {
    const c = await closedCase();
    const inv = await query<{ invited_at: Date; expires_at: Date }>(
      ctx,
      sql`select invited_at, expires_at from supervision.invitations where case_id = ${c.id}`,
    );
    expect(inv[0]!.expires_at.getTime() - inv[0]!.invited_at.getTime()).toBe(30 * 86_400_000);
    // As if the case had closed 31 days ago (sessions would not survive moving the clock that far).
    await sql`update supervision.invitations set expires_at = ${new Date(ctx.clock.now().getTime() - 86_400_000)}
      where case_id = ${c.id}`.execute(ctx.owner.db);
    expect(errorCode(await rate(citizen, c.id, 5))).toBe('RATING_WINDOW_CLOSED');
  });

  it('the window 评价器: a clerk records a visit; the applicant taps an offline rating; once', async () => {
    const visit = ok(await clerk.POST('/api/supervision/window-visits', { body: { itemCode: CARD.handlingItemCode } }));
    expect(visit.indicators).toEqual(['overall', 'efficiency', 'serviceLevel', 'attitude']);
    const tap = (c: Client, indicators: Record<string, number>) =>
      c.POST('/api/supervision/window-visits/{id}/rating', {
        params: { path: { id: visit.id } },
        body: { score: 2, indicators, comment: '态度一般' },
      });
    expect(errorCode(await tap(clerk, { usability: 2 }))).toBe('INDICATORS_INVALID');
    const otherClerk = await signInStaff(ctx, 'psb-clerk', '10.79.1.2');
    expect(errorCode(await tap(otherClerk, { attitude: 2 }))).toBe('VISIT_NOT_FOUND');
    expect(errorCode(await tap(citizen, { attitude: 2 }))).toBe('FORBIDDEN');
    expect(ok(await tap(clerk, { attitude: 2, serviceLevel: 3 }))).toMatchObject({ rectification: true });
    expect(errorCode(await tap(clerk, { attitude: 5 }))).toBe('ALREADY_RATED');
    // The window's anonymous rater cannot be called back: the fix closes the ticket.
    const t = (await tickets(head)).find((x) => x.caseNumber === visit.visitNumber)!;
    const fixed = ok(
      await head.POST('/api/supervision/tickets/{id}/fix', {
        params: { path: { id: t.id } },
        body: { explanation: '已对窗口人员进行服务规范培训' },
      }),
    );
    expect(fixed.status).toBe('closed');
  });
});

describe('rectification', () => {
  it('a bad rating is a ticket due in 10 working days; the fix calls the rater back, who rates it', async () => {
    const before = await figures();
    const { t } = await badRating(2);
    expect(t).toMatchObject({ status: 'open', score: 2, comment: '等了很久', itemCode: CARD.handlingItemCode });
    // 2026-11-25 (a Wednesday) + 10 working days = 2026-12-09, at the end of working hours.
    expect(t.dueAt).toBe('2026-12-09T09:00:00.000Z');
    expect(
      errorCode(
        await otherHead.POST('/api/supervision/tickets/{id}/fix', {
          params: { path: { id: t.id } },
          body: { explanation: '不是我们的' },
        }),
      ),
    ).toBe('RECTIFICATION_NOT_FOUND');
    expect(
      errorCode(
        await supervisor.POST('/api/supervision/tickets/{id}/fix', {
          params: { path: { id: t.id } },
          body: { explanation: '监察员不能代为整改' },
        }),
      ),
    ).toBe('FORBIDDEN');
    const fixed = ok(
      await head.POST('/api/supervision/tickets/{id}/fix', {
        params: { path: { id: t.id } },
        body: { explanation: '已增设社保卡自助办理终端，缩短等候时间' },
      }),
    );
    expect(fixed).toMatchObject({ status: 'fixed', explanation: '已增设社保卡自助办理终端，缩短等候时间' });
    const calls = ok(await citizen.GET('/api/supervision/callbacks')).items;
    expect(calls.map((x) => x.ticketId)).toContain(t.id);
    const other = await registerCitizen(ctx, { ip: '10.79.1.3' });
    const cb = (c: Client, score: number) =>
      c.POST('/api/supervision/tickets/{id}/callback', { params: { path: { id: t.id } }, body: { score } });
    expect(errorCode(await cb(other.client, 1))).toBe('RECTIFICATION_NOT_FOUND');
    expect(ok(await cb(citizen, 5)).score).toBe(5);
    expect(errorCode(await cb(citizen, 4))).toBe('RECTIFICATION_NOT_FOUND');
    const closed = ok(await head.GET('/api/supervision/tickets/{id}', { params: { path: { id: t.id } } }));
    expect(closed).toMatchObject({ status: 'closed', callbackScore: 5 });

    const after = await figures();
    const dept = (f: typeof after) => f.departments.find((d) => d.code === 'HRSS')!;
    expect(dept(after).badReviews).toBe((dept(before)?.badReviews ?? 0) + 1);
    expect(dept(after).rectified).toBe((dept(before)?.rectified ?? 0) + 1);
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${t.id} order by action`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'supervision.ticket.callback',
      'supervision.ticket.fixed',
      'supervision.ticket.opened',
    ]);
  });

  it('the unit appeals a wrongful rating; only a supervisor decides; upheld voids the ticket', async () => {
    const { t } = await badRating(1);
    const appeal = (c: Client) =>
      c.POST('/api/supervision/tickets/{id}/appeal', {
        params: { path: { id: t.id } },
        body: { reason: '申请人撤回非因办理原因', evidence: '撤件记录及通话录音编号 HR-2026-118' },
      });
    expect(errorCode(await appeal(otherHead))).toBe('RECTIFICATION_NOT_FOUND');
    expect(ok(await appeal(head)).status).toBe('appealed');
    expect(errorCode(await appeal(head))).toBe('RECTIFICATION_STATE');
    const decide = (c: Client, upheld: boolean) =>
      c.POST('/api/supervision/tickets/{id}/decision', {
        params: { path: { id: t.id } },
        body: { upheld, note: '证据充分，差评不计入' },
      });
    expect(errorCode(await decide(head, true))).toBe('FORBIDDEN');
    expect(errorCode(await decide(clerk, true))).toBe('FORBIDDEN');
    expect(ok(await decide(supervisor, true))).toMatchObject({ status: 'voided', decision: 'upheld' });
  });

  it('a ticket still open at its deadline escalates (the jobs runner), once', async () => {
    const { t } = await badRating(1);
    const job = await query<{ run_at: Date }>(
      ctx,
      sql`select run_at from platform.jobs where key = ${`supervision.ticket-overdue:${t.id}`}`,
    );
    expect(job[0]!.run_at.toISOString()).toBe(t.dueAt);
    // As if the deadline had passed (moving the clock two weeks would end the staff's sessions).
    const past = new Date(ctx.clock.now().getTime() - 60_000);
    await sql`update supervision.tickets set due_at = ${past} where id = ${t.id}`.execute(ctx.owner.db);
    await sql`update platform.jobs set run_at = ${past} where key = ${`supervision.ticket-overdue:${t.id}`}`.execute(
      ctx.owner.db,
    );
    await ctx.platform.jobs.runDue();
    await ctx.platform.jobs.runDue();
    const late = ok(await supervisor.GET('/api/supervision/tickets/{id}', { params: { path: { id: t.id } } }));
    expect(late.escalatedAt).not.toBeNull();
    const audit = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where resource_id = ${t.id} and action = 'supervision.ticket.escalated'`,
    );
    expect(audit[0]!.n).toBe(1);
  });
});

describe('who sees what', () => {
  it('supervisor: every department; department head: theirs only; clerk: no supervision pages', async () => {
    await badRating(2);
    const all = await tickets(supervisor);
    expect(new Set(all.map((t) => t.departmentCode)).size).toBeGreaterThan(1);
    const mine = await tickets(head);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.departmentCode === 'HRSS')).toBe(true);
    expect((await tickets(otherHead)).every((t) => t.departmentCode === 'PSB')).toBe(true);
    expect(ok(await head.GET('/api/supervision/ratings')).items.every((r) => r.departmentCode === 'HRSS')).toBe(true);
    const one = mine[0]!;
    expect(errorCode(await otherHead.GET('/api/supervision/tickets/{id}', { params: { path: { id: one.id } } }))).toBe(
      'RECTIFICATION_NOT_FOUND',
    );
    expect(errorCode(await clerk.GET('/api/supervision/tickets'))).toBe('FORBIDDEN');
    expect(errorCode(await clerk.GET('/api/supervision/ratings'))).toBe('FORBIDDEN');
    expect(errorCode(await citizen.GET('/api/supervision/tickets'))).toBe('FORBIDDEN');
    expect(errorCode(await client(ctx, '10.79.9.8').GET('/api/supervision/tickets'))).toBe('UNAUTHENTICATED');
  });

  it("no answer to the handling unit carries the rater's name, ID number, phone or account id", async () => {
    const { t } = await badRating(1);
    const secrets = [DEMO_CITIZEN.name, ID_NUMBER, DEMO_CITIZEN.phone, citizenId, ID_NUMBER.slice(-4) + '"'];
    // Every supervision route a unit's staff may call (from the OpenAPI document), and the inbox.
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const gets = Object.entries(doc.paths)
      .filter(([p, ops]) => p.startsWith('/api/supervision/') && 'get' in ops)
      .map(([p]) => p.replace('{id}', t.id));
    expect(gets.length).toBeGreaterThanOrEqual(6);
    const answers: string[] = [];
    for (const who of [head, supervisor]) {
      for (const url of [...gets, '/api/me/notifications']) {
        const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: cookieOf(who) } });
        answers.push(`${url} ${res.statusCode} ${res.body}`);
      }
    }
    const fix = await head.POST('/api/supervision/tickets/{id}/fix', {
      params: { path: { id: t.id } },
      body: { explanation: '已整改' },
    });
    answers.push(JSON.stringify(ok(fix)));
    for (const a of answers) for (const s of secrets) expect(a).not.toContain(s);
    // The walk reached the unit's ticket and ratings.
    expect(answers.some((a) => a.includes(t.ticketNumber))).toBe(true);
  });
});

describe('a bundle case (一件事) and the personal-data export', () => {
  it('one rating of a bundle credits, tickets and counts every department that handled a part of it', async () => {
    const bundle = ok(await citizen.GET('/api/catalog/bundles/{code}', { params: { path: { code: 'birth' } } }));
    const filed = ok(
      await citizen.POST('/api/applications/cases', {
        params: { header: { 'idempotency-key': `ratings-bundle-${++keySeq}` } },
        body: {
          bundleCode: 'birth',
          form: sampleAnswers(bundle.form, PERSON),
          materials: await uploadMaterials(citizen, bundle.materials),
        },
      }),
    );
    const departments = [...new Set(filed.items.map((i) => i.departmentCode))].sort();
    expect(departments.length).toBeGreaterThanOrEqual(3);
    expect(departments).toContain('HRSS');
    expect(departments).toContain('PSB');
    ok(
      await citizen.POST('/api/applications/cases/{id}/actions', {
        params: { path: { id: filed.id } },
        body: { action: 'withdraw', expectedSeq: 0 },
      }),
    );
    await ctx.platform.outbox.flush();
    const before = await figures();
    const badOf = (f: typeof before, d: string) => f.departments.find((x) => x.code === d)?.badReviews ?? 0;
    const rated = ok(await rate(citizen, filed.id, 1, '跑了好几个部门'));
    expect(rated.rectification).toBe(true);
    // One rating, once: a second one is refused, and the bundle's parts are not separately ratable.
    expect(errorCode(await rate(citizen, filed.id, 5))).toBe('ALREADY_RATED');
    const all = (await tickets(supervisor)).filter((t) => t.caseNumber === filed.caseNumber);
    expect(all.map((t) => t.departmentCode).sort()).toEqual(departments);
    // Each unit's head sees its own ticket and the rating; no other unit's ticket.
    for (const [who, code] of [
      [head, 'HRSS'],
      [otherHead, 'PSB'],
    ] as const) {
      const own = (await tickets(who)).filter((t) => t.caseNumber === filed.caseNumber);
      expect(own.map((t) => t.departmentCode)).toEqual([code]);
      const ratings = ok(await who.GET('/api/supervision/ratings')).items;
      expect(ratings.filter((r) => r.caseNumber === filed.caseNumber)).toHaveLength(1);
    }
    const after = await figures();
    for (const d of departments) expect(badOf(after, d)).toBe(badOf(before, d) + 1);
    expect(after.totals.ratings).toBeGreaterThanOrEqual(before.totals.ratings + 1);
    // Each department's fix is called back on its own.
    const hrss = all.find((t) => t.departmentCode === 'HRSS')!;
    ok(
      await head.POST('/api/supervision/tickets/{id}/fix', {
        params: { path: { id: hrss.id } },
        body: { explanation: '已设立一件事专窗' },
      }),
    );
    const callbacks = ok(await citizen.GET('/api/supervision/callbacks')).items;
    expect(callbacks.filter((c) => c.caseNumber === filed.caseNumber).map((c) => c.ticketId)).toEqual([hrss.id]);
  });

  it("the citizen's personal-data export holds the ratings they gave, and nobody else's", async () => {
    const c = await closedCase();
    const rated = ok(await rate(citizen, c.id, 4, '导出里应有这条'));
    const exported = ok(await citizen.GET('/api/me/export'));
    const mine = exported.ratings.find((r) => r.id === rated.id)!;
    expect(mine).toMatchObject({ kind: 'rating', channel: 'app', caseNumber: c.caseNumber, score: 4 });
    expect(mine.comment).toBe('导出里应有这条');
    expect(exported.summary.zh.some((l) => l.includes('服务评价'))).toBe(true);
    const other = await registerCitizen(ctx, { ip: '10.79.1.7' });
    const theirs = ok(await other.client.GET('/api/me/export'));
    expect(theirs.ratings).toEqual([]);
  });
});

describe('published figures', () => {
  it('a public JSON feed per department and item, with rates and a ranking; the demo history fills it', async () => {
    const f = await figures();
    expect(f.version).toBe(1);
    expect(f.departments.length).toBeGreaterThan(1);
    expect(f.items.length).toBeGreaterThan(3);
    for (const d of f.departments) {
      expect(d.goodReviewRate).toBeGreaterThanOrEqual(0);
      expect(d.goodReviewRate).toBeLessThanOrEqual(1);
      expect(d.goodReviews + d.badReviews).toBe(d.ratings);
      expect(d.rank).toBeGreaterThanOrEqual(1);
    }
    const ranks = f.departments.map((d) => d.rank);
    expect(ranks[0]).toBe(1);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(f.departments.find((d) => d.code === 'HRSS')!.name.zh).toMatch(/人力资源/);
  });
});

function cookieOf(c: Client): string {
  return [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

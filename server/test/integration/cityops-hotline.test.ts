/**
 * The 12345 desk: the knowledge base over the catalogue's guides and FAQ; an enquiry answered
 * from it closes on the spot; a repeated caller is recognised by the blind index of their
 * number (sealed, never stored in clear); an idempotent record; the figures; who may use the
 * desk (a clerk or a citizen may not; another city's operator sees none of these calls).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCall } from '../../../contract/openapi.ts';
import {
  createStaff,
  createTestApp,
  errorCode,
  ok,
  query,
  signInCitizen,
  signInStaff,
  signInWithTotp,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let operator: Client;
let clerk: Client;
let citizen: Client;
let farOperator: Client;
let supervisor: Client;
let farOperatorId: string;

const CALLER = '13912345678';
let keySeq = 0;
const key = () => `test-call-${++keySeq}-${Date.now()}`;
const record = (c: Client, body: NewCall, idempotencyKey = key()) =>
  c.POST('/api/cityops/hotline/calls', { body, params: { header: { 'idempotency-key': idempotencyKey } } });
const knowledge = (c: Client, q: string) => c.GET('/api/cityops/hotline/knowledge', { params: { query: { q } } });

beforeAll(async () => {
  ctx = await createTestApp({ residents: 40 });
  operator = await signInStaff(ctx, 'operator01');
  clerk = await signInStaff(ctx, 'clerk01');
  supervisor = await signInStaff(ctx, 'supervisor01');
  citizen = await signInCitizen(ctx);
  // Another city (瑞安市) with its own city operations centre and operator.
  await sql`insert into org.regions (code, name, name_en, level, parent_code)
    values ('330381', '瑞安市', 'Rui''an', 'county', '330300')`.execute(ctx.owner.db);
  await sql`insert into org.departments (id, code, name, name_en, short_name, region_code, created_at)
    values ('0193a000-0000-7000-8000-000000000381', 'RACO', '瑞安市城市运行中心', 'Rui''an City Operations Centre',
      '城运中心', '330381', now())`.execute(ctx.owner.db);
  const sysadmin = await signInStaff(ctx, 'sysadmin');
  const far = await createStaff(ctx, sysadmin, 'ruian.operator', { regionCode: '330381' });
  const post = await sysadmin.POST('/api/org/posts', {
    body: {
      accountId: far.accountId,
      departmentId: '0193a000-0000-7000-8000-000000000381',
      title: '城市运行中心值班员',
      roles: ['city_operator'],
    },
  });
  expect(post.response.status).toBe(201);
  farOperator = await signInWithTotp(ctx, 'ruian.operator', far.password, far.secret);
  farOperatorId = far.accountId;
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('the knowledge base', () => {
  it("finds the catalogue's FAQ and guides for a caller's question", async () => {
    const found = ok(await knowledge(operator, '孩子出生多久内要申报户口')).items;
    expect(found.length).toBeGreaterThan(0);
    const faq = found.find((e) => e.kind === 'faq' && e.question.zh.includes('申报户口'));
    expect(faq).toBeDefined();
    expect(faq!.answer.zh.length).toBeGreaterThan(4);
    const guide = found.find((e) => e.kind === 'guide' && e.itemCode === faq!.itemCode);
    expect(guide?.answer.zh).toContain('承诺时限');
    expect(guide?.faqIndex).toBeNull();
  });
});

describe('an enquiry answered from the knowledge base', () => {
  it('closes on the spot, with the cited answer; the number sealed and masked', async () => {
    const faq = ok(await knowledge(operator, '出生多久内要申报户口')).items.find((e) => e.kind === 'faq')!;
    const call = ok(
      await record(operator, {
        type: 'enquiry',
        callerPhone: CALLER,
        callerName: '王小二',
        summary: '来电咨询新生儿出生后多久内要申报户口',
        answer: { itemCode: faq.itemCode, faqIndex: faq.faqIndex },
      }),
    );
    expect(call).toMatchObject({
      type: 'enquiry',
      outcome: 'answered',
      eventId: null,
      repeatCaller: false,
      callerPhoneMasked: '139****5678',
      callerNameMasked: '王*二',
      knowledge: { itemCode: faq.itemCode, faqIndex: faq.faqIndex, answer: faq.answer.zh },
    });
    expect(call.number).toMatch(/^RX\d{8}\d{6}$/);
    expect(call.closedAt).toBe(call.receivedAt);
    const rows = await query<{ caller_phone_enc: string; caller_phone_bidx: string }>(
      ctx,
      sql`select caller_phone_enc, caller_phone_bidx from cityops.calls where id = ${call.id}`,
    );
    expect(JSON.stringify(rows)).not.toContain(CALLER);
    const audit = await query<{ detail: { outcome: string } }>(
      ctx,
      sql`select detail from platform.audit_log where action = 'cityops.call.answered' and resource_id = ${call.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail.outcome).toBe('answered');
    // Reading it back; the list holds it.
    expect(ok(await operator.GET('/api/cityops/hotline/calls/{id}', { params: { path: { id: call.id } } })).id).toBe(
      call.id,
    );
    const list = ok(await operator.GET('/api/cityops/hotline/calls', { params: { query: { outcome: 'answered' } } }));
    expect(list.items.map((c) => c.id)).toContain(call.id);
  });

  it('the same Idempotency-Key answers the call recorded the first time', async () => {
    const guide = ok(await knowledge(operator, '公积金租房提取')).items.find((e) => e.kind === 'guide')!;
    const body: NewCall = {
      type: 'enquiry',
      callerPhone: '0577-6386 1234',
      summary: '咨询租房提取公积金',
      answer: { itemCode: guide.itemCode, faqIndex: null },
    };
    const k = key();
    const first = ok(await record(operator, body, k));
    const again = ok(await record(operator, body, k));
    expect(again.id).toBe(first.id);
    expect(first.knowledge?.answer).toBe(guide.answer.zh);
    expect(first.callerPhoneMasked).not.toContain('6386 1234');
  });

  it('refuses an answer citing nothing in the knowledge base, and a call to dispatch without a category', async () => {
    const bad = await record(operator, {
      type: 'enquiry',
      callerPhone: CALLER,
      summary: '咨询一个不存在的事项',
      answer: { itemCode: 'NO-SUCH-ITEM', faqIndex: null },
    });
    expect(bad.response.status).toBe(422);
    expect(errorCode(bad)).toBe('CITYOPS_KNOWLEDGE_ENTRY_NOT_FOUND');
    const faq = ok(await knowledge(operator, '出生多久内要申报户口')).items.find((e) => e.kind === 'faq')!;
    const noFaq = await record(operator, {
      type: 'enquiry',
      callerPhone: CALLER,
      summary: '咨询',
      answer: { itemCode: faq.itemCode, faqIndex: 49 },
    });
    expect(errorCode(noFaq)).toBe('CITYOPS_KNOWLEDGE_ENTRY_NOT_FOUND');
    const complaint = await record(operator, { type: 'complaint', callerPhone: CALLER, summary: '投诉噪音扰民' });
    expect(complaint.response.status).toBe(422);
    expect(errorCode(complaint)).toBe('CITYOPS_CALL_CATEGORY_REQUIRED');
  });
});

describe('a repeated caller', () => {
  it('is recognised by the number (however typed), with their earlier calls; the look-up is audited', async () => {
    const guide = ok(await knowledge(operator, '居住证')).items.find((e) => e.kind === 'guide')!;
    ctx.clock.advance(600_000);
    const second = ok(
      await record(operator, {
        type: 'enquiry',
        callerPhone: '139 1234 5678',
        summary: '再次来电咨询居住证办理',
        answer: { itemCode: guide.itemCode, faqIndex: null },
      }),
    );
    expect(second.repeatCaller).toBe(true);
    const history = ok(await operator.POST('/api/cityops/hotline/callers/lookup', { body: { phone: CALLER } }));
    expect(history).toMatchObject({ callerPhoneMasked: '139****5678', repeatCaller: true });
    expect(history.totalCalls).toBe(2);
    expect(history.calls.map((c) => c.id)[0]).toBe(second.id);
    const unknown = ok(await operator.POST('/api/cityops/hotline/callers/lookup', { body: { phone: '13700000001' } }));
    expect(unknown).toMatchObject({ repeatCaller: false, totalCalls: 0, calls: [], events: [] });
    const audit = await query(ctx, sql`select 1 from platform.audit_log where action = 'cityops.caller.looked_up'`);
    expect(audit).toHaveLength(2);
    const repeats = ok(await operator.GET('/api/cityops/hotline/calls', { params: { query: { repeatOnly: true } } }));
    expect(repeats.items.map((c) => c.id)).toEqual([second.id]);
  });
});

describe('a call that becomes an event', () => {
  it('opens an event through the events service (source hotline), routed by the address; retried, the same', async () => {
    const body: NewCall = {
      type: 'complaint',
      callerPhone: CALLER,
      callerName: '王小二',
      summary: '龙江社区龙跃路夜间施工噪音扰民',
      categoryCode: 'noise-nuisance',
      address: '龙港市龙江社区龙跃路88号',
    };
    const k = key();
    const call = ok(await record(operator, body, k));
    expect(call).toMatchObject({
      type: 'complaint',
      outcome: 'event',
      knowledge: null,
      closedAt: null,
      repeatCaller: true,
    });
    expect(call.eventId).not.toBeNull();
    const event = ok(await operator.GET('/api/cityops/events/{id}', { params: { path: { id: call.eventId! } } }));
    expect(event).toMatchObject({ number: call.eventNumber, source: 'hotline', status: 'dispatched' });
    expect(event.category.code).toBe('noise-nuisance');
    expect(event.community?.code).toBe('330383000001');
    expect(event.department).not.toBeNull();
    // The events service keeps the hotline's call as the event's external reference.
    const refs = await query<{ external_ref: string }>(
      ctx,
      sql`select external_ref from cityops.events where id = ${call.eventId}`,
    );
    expect(refs[0]!.external_ref).toBe(call.id);
    const again = ok(await record(operator, body, k));
    expect([again.id, again.eventId]).toEqual([call.id, call.eventId]);
    const opened = await query(ctx, sql`select 1 from cityops.events where source = 'hotline'`);
    expect(opened).toHaveLength(1);
    // The repeated caller's look-up shows the event with its status now.
    const history = ok(await operator.POST('/api/cityops/hotline/callers/lookup', { body: { phone: CALLER } }));
    expect(history.events).toEqual([
      {
        id: call.eventId,
        number: call.eventNumber,
        status: 'dispatched',
        categoryCode: 'noise-nuisance',
        openedAt: event.openedAt,
      },
    ]);
    // Without a place the events service refuses, and no call is recorded.
    const nowhere = await record(operator, { ...body, address: undefined, summary: '噪音扰民' });
    expect(nowhere.response.status).toBe(422);
    expect(errorCode(nowhere)).toBe('CITYOPS_LOCATION_REQUIRED');
    const calls = await query(ctx, sql`select 1 from cityops.calls where summary = '噪音扰民'`);
    expect(calls).toHaveLength(0);
  });
});

describe('the 12345 figures', () => {
  it('counts calls by type and day, answered on the spot and repeat callers', async () => {
    const f = ok(await supervisor.GET('/api/cityops/hotline/figures', { params: { query: { days: 7 } } }));
    expect(f.byDay).toHaveLength(7);
    expect(f.total).toBe(4);
    expect(f.answeredOnSpot).toBe(3);
    expect(f.answeredOnSpotRate).toBe(0.75);
    expect(f.eventsOpened).toBe(1);
    expect(f.repeatCallers).toBe(1);
    expect(f.repeatCalls).toBe(2);
    expect(f.byType.find((t) => t.type === 'enquiry')!.count).toBe(3);
    expect(f.byType.find((t) => t.type === 'complaint')!.count).toBe(1);
    expect(f.byDay.reduce((n, d) => n + d.total, 0)).toBe(4);
    expect(ok(await operator.GET('/api/cityops/hotline/figures')).total).toBe(4);
  });
});

describe('who may use the desk', () => {
  it('a clerk or a citizen may not; another city’s operator sees none of these calls', async () => {
    const body: NewCall = {
      type: 'complaint',
      callerPhone: CALLER,
      summary: '投诉',
      categoryCode: 'noise-nuisance',
      address: '龙江社区',
    };
    for (const c of [clerk, citizen]) {
      expect((await record(c, body)).response.status).toBe(403);
      expect((await knowledge(c, '户口')).response.status).toBe(403);
      expect((await c.GET('/api/cityops/hotline/calls')).response.status).toBe(403);
      expect((await c.POST('/api/cityops/hotline/callers/lookup', { body: { phone: CALLER } })).response.status).toBe(
        403,
      );
    }
    expect((await clerk.GET('/api/cityops/hotline/figures')).response.status).toBe(403);
    const mine = ok(await operator.GET('/api/cityops/hotline/calls')).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(ok(await farOperator.GET('/api/cityops/hotline/calls'))).toEqual({ items: [], total: 0 });
    const get = await farOperator.GET('/api/cityops/hotline/calls/{id}', { params: { path: { id: mine[0]!.id } } });
    expect(get.response.status).toBe(404);
    expect(errorCode(get)).toBe('CITYOPS_CALL_NOT_FOUND');
    const lookup = ok(await farOperator.POST('/api/cityops/hotline/callers/lookup', { body: { phone: CALLER } }));
    expect(lookup.totalCalls).toBe(0);
    expect(ok(await farOperator.GET('/api/cityops/hotline/figures')).total).toBe(0);
    // Nor the event a call opened (the events service's own access rule).
    const event = mine.find((c) => c.eventId)!;
    const far = await farOperator.GET('/api/cityops/events/{id}', { params: { path: { id: event.eventId! } } });
    expect(far.response.status).toBe(404);
  });
});

describe('the demo seed', () => {
  it('writes weeks of calls in one pass: enquiries answered from the knowledge base, events opened, repeat callers', async () => {
    const seed = (days: number) =>
      ctx.modules.cityops.hotline.seed({
        operatorAccountId: farOperatorId,
        regionCode: '330381',
        days,
        callsPerDay: 8,
        log: () => {},
      });
    const written = await seed(14);
    expect(written).toBeGreaterThan(60);
    expect(await seed(14)).toBe(0);
    const f = ok(await farOperator.GET('/api/cityops/hotline/figures', { params: { query: { days: 14 } } }));
    expect(f.total).toBe(written);
    expect(f.answeredOnSpot).toBeGreaterThan(0);
    expect(f.eventsOpened).toBeGreaterThan(0);
    expect(f.repeatCallers).toBeGreaterThan(0);
    expect(f.byDay.filter((d) => d.total > 0).length).toBeGreaterThan(10);
    const events = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from cityops.events e join cityops.calls c on c.event_id = e.id
        where c.region_code = '330381' and e.source = 'hotline' and e.external_ref = c.id::text`,
    );
    expect(events[0]!.n).toBe(f.eventsOpened);
  });
});

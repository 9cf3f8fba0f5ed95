/**
 * Fees and payment (统一公共支付): orders made at the step the item's fee names, the engine's
 * refusal to accept (or complete) an unpaid case, the sandbox provider's hosted page and
 * signed callbacks (refused when the signature is wrong, idempotent when doubled, flagged when
 * the amount differs), a failed payment and its retry, a payment that never called back
 * settled by the query job, the refund when a case is rejected, the receipt PDF's text,
 * reconciliation finding a planted mismatch, and who may see and do what.
 */
import { sql } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import type { ActionBody } from '../../../contract/openapi.ts';
import type { ServiceItemData } from '../../src/modules/catalog/index.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { localDate } from '../../src/platform/time-zone.ts';
import {
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
let ipSeq = 0;
const ip = () => `10.77.0.${++ipSeq}`;
const OWN = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: DEMO_CITIZEN.address,
};
/** 居民身份证换领: ¥20 工本费 before acceptance. */
const ID_RENEWAL = DEMO_ITEMS.find((i) => i.name.zh === '居民身份证换领')!;
/** 不动产转移登记: ¥80 登记费 on the decision. */
const TRANSFER = DEMO_ITEMS.find((i) => i.name.zh === '不动产转移登记（二手房买卖）')!;
let keySeq = 0;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

async function file(c: Client, item: ServiceItemData) {
  // Fees do not depend on the registries: every material is uploaded (a copy stands in for a shared one).
  const materials = await uploadMaterials(
    c,
    item.materials.map((m) => ({ ...m, source: 'applicant' })),
  );
  const res = await c.POST('/api/applications/cases', {
    params: { header: { 'idempotency-key': `payments-${++keySeq}` } },
    body: { itemCode: item.handlingItemCode, form: sampleAnswers(item.form, OWN), materials },
  });
  expect(res.response.status).toBe(201);
  await ctx.platform.outbox.flush();
  return ok(res);
}

const act = (c: Client, id: string, body: ActionBody) =>
  c.POST('/api/applications/cases/{id}/actions', { params: { path: { id } }, body });
const ordersOf = async (c: Client, caseId: string) =>
  ok(await c.GET('/api/payments/cases/{caseId}/orders', { params: { path: { caseId } } })).items;
const receipt = (c: Client, id: string) =>
  c.GET('/api/payments/orders/{id}/receipt', { params: { path: { id } }, parseAs: 'arrayBuffer' });
const order = async (c: Client, id: string) =>
  ok(await c.GET('/api/payments/orders/{id}', { params: { path: { id } } }));

/** Open a trade and press a button on the sandbox's hosted page, as the payer's browser does. */
async function payThroughSandbox(c: Client, orderId: string, outcome: 'pay' | 'fail' | 'timeout' | 'twice') {
  const start = ok(await c.POST('/api/payments/orders/{id}/pay', { params: { path: { id: orderId } }, body: {} }));
  // The hosted page is the provider's HTML form, not the platform's API: the browser's requests, as sent.
  const page = await ctx.app.inject({ method: 'GET', url: start.payUrl });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  expect(page.headers['content-security-policy']).toBeTruthy();
  const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/payments/sandbox/pay/${start.tradeNo}`,
    payload: new URLSearchParams({ token, outcome }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.statusCode).toBe(200);
  await ctx.platform.outbox.flush();
  return { ...start, page: page.body, location: /id="back" href="([^"]+)"/.exec(res.body)?.[1] };
}

const refusalCode = (res: Awaited<ReturnType<typeof act>>) => res.error?.error.details?.[0]?.code;

describe('a fee due before acceptance', () => {
  it('makes an order at filing; the clerk cannot accept until it is paid; paying releases it', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    expect(o).toMatchObject({
      timing: 'before_acceptance',
      amountFen: 2000,
      status: 'unpaid',
      amountCapitals: '贰拾元整',
    });
    expect(o!.payerMasked).not.toContain(DEMO_CITIZEN.name.slice(1));

    const clerk = await signInStaff(ctx, 'psb-clerk', ip());
    const refused = await act(clerk, c.id, { action: 'accept', expectedSeq: 0 });
    expect(refused.response.status).toBe(422);
    expect(refusalCode(refused)).toBe('FEE_UNPAID');
    // Staff see the order's state on the case page.
    expect((await ordersOf(clerk, c.id))[0]!.status).toBe('unpaid');

    const paid = await payThroughSandbox(citizen, o!.id, 'pay');
    expect(paid.page).toContain('¥20.00');
    expect(paid.location).toBe(`/cases/${c.id}`);
    const after = await order(citizen, o!.id);
    expect(after.status).toBe('paid');
    expect(after.receiptNumber).toMatch(/^3303832026\d{8}$/);
    expect((await act(clerk, c.id, { action: 'accept', expectedSeq: 0 })).response.status).toBe(200);
    const messages = ok(await citizen.GET('/api/me/notifications', { params: { query: {} } })).items;
    expect(messages.some((m) => m.title.zh.startsWith('缴费成功'))).toBe(true);
  });

  it('a doubled callback pays once: the second changes nothing', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    const { tradeNo } = await payThroughSandbox(citizen, o!.id, 'twice');
    const outcomes = await query<{ outcome: string }>(
      ctx,
      sql`select outcome from payments.callbacks where trade_no = ${tradeNo} order by received_at, id`,
    );
    expect(outcomes.map((r) => r.outcome)).toEqual(['applied', 'duplicate']);
    const paidAudits = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'payments.order.paid' and resource_id = ${o!.id}`,
    );
    expect(paidAudits[0]!.n).toBe(1);
    expect((await order(citizen, o!.id)).status).toBe('paid');
  });

  it('a failed payment leaves the order payable; a retry pays it', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    await payThroughSandbox(citizen, o!.id, 'fail');
    expect((await order(citizen, o!.id)).status).toBe('failed');
    const clerk = await signInStaff(ctx, 'psb-clerk', ip());
    expect(refusalCode(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }))).toBe('FEE_UNPAID');
    await payThroughSandbox(citizen, o!.id, 'pay');
    expect((await order(citizen, o!.id)).status).toBe('paid');
  });

  it('a payment that never called back is queried after the time-out and settled', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    await payThroughSandbox(citizen, o!.id, 'timeout');
    expect((await order(citizen, o!.id)).status).toBe('paying');
    await ctx.platform.jobs.flush();
    expect((await order(citizen, o!.id)).status).toBe('paying'); // not due yet
    ctx.clock.advance((ctx.config.payments.queryAfterSeconds + 1) * 1000);
    await ctx.platform.jobs.flush();
    const settled = await order(citizen, o!.id);
    expect(settled.status).toBe('paid');
    const by = await query<{ settled_by: string }>(
      ctx,
      sql`select settled_by from payments.trades where order_id = ${o!.id} and status = 'paid'`,
    );
    expect(by.map((r) => r.settled_by)).toEqual(['query']);
  });
});

describe('callbacks', () => {
  it('refuses to start with the development callback secret behind a public https URL', () => {
    const https = { publicUrl: 'https://yiwang.example.gov.cn' };
    expect(() => loadConfig(https)).toThrow(/YIWANG_PAYMENT_SECRET/);
    expect(
      loadConfig({ ...https, payments: { providerSecret: 'a-secret-of-this-city-only' } as never }).publicUrl,
    ).toBe(https.publicUrl);
  });

  it('refuses a wrong signature with 403 PAYMENT_SIGNATURE_INVALID, audited', async () => {
    // Forged and unsigned callbacks, as an attacker sends them (not through the typed client).
    const body = { tradeNo: 'Tforged', orderNumber: 'JK1', amountFen: 2000, status: 'paid' };
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/payments/callbacks/sandbox',
      payload: body,
      headers: { 'x-pay-signature': 'ab'.repeat(32) },
    });
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('PAYMENT_SIGNATURE_INVALID');
    const unsigned = await ctx.app.inject({ method: 'POST', url: '/api/payments/callbacks/sandbox', payload: body });
    expect(unsigned.statusCode).toBe(403);
    const audits = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'payments.callback.rejected'`,
    );
    expect(audits[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('flags a signed callback whose amount differs, and does not apply it', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    const start = ok(
      await citizen.POST('/api/payments/orders/{id}/pay', { params: { path: { id: o!.id } }, body: {} }),
    );
    const status = await ctx.modules.payments.sandbox.callBack('/api/payments/callbacks/sandbox', {
      tradeNo: start.tradeNo,
      orderNumber: o!.orderNumber,
      amountFen: 1,
      status: 'paid',
    });
    expect(status).toBe(200);
    expect((await order(citizen, o!.id)).status).toBe('paying');
    const flagged = await query<{ kind: string; provider_amount_fen: number }>(
      ctx,
      sql`select kind, provider_amount_fen from payments.mismatches where trade_no = ${start.tradeNo}`,
    );
    expect(flagged).toEqual([{ kind: 'amount_differs', provider_amount_fen: 1 }]);
  });
});

describe('a fee due on the decision', () => {
  it('makes the order at approval; the result is released (completed) only once paid', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, TRANSFER);
    expect(await ordersOf(citizen, c.id)).toEqual([]);
    const clerk = await signInStaff(ctx, 'nrp-clerk', ip());
    expect((await act(clerk, c.id, { action: 'accept', expectedSeq: 0 })).response.status).toBe(200);
    const reviewer = await signInStaff(ctx, 'nrp-reviewer', ip());
    expect((await act(reviewer, c.id, { action: 'pass', expectedSeq: 1, comment: '材料齐全' })).response.status).toBe(
      200,
    );
    const approver = await signInStaff(ctx, 'nrp-approver', ip());
    expect((await act(approver, c.id, { action: 'approve', expectedSeq: 2, comment: '准予' })).response.status).toBe(
      200,
    );
    await ctx.platform.outbox.flush();
    const [o] = await ordersOf(citizen, c.id);
    expect(o).toMatchObject({ timing: 'on_decision', amountFen: 8000, status: 'unpaid', amountCapitals: '捌拾元整' });
    const clerk2 = await signInStaff(ctx, 'nrp-clerk', ip());
    const complete = {
      action: 'complete',
      expectedSeq: 3,
      result: { note: '已登簿', documentNumber: '浙(2026)龙港市不动产权第0000001号' },
    };
    expect(refusalCode(await act(clerk2, c.id, complete))).toBe('FEE_UNPAID');
    await payThroughSandbox(citizen, o!.id, 'pay');
    expect((await act(clerk2, c.id, complete)).response.status).toBe(200);
  });
});

describe('refunds', () => {
  it('refunds a paid fee through the provider when the case is rejected, and tells the payer', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    const { tradeNo } = await payThroughSandbox(citizen, o!.id, 'pay');
    const clerk = await signInStaff(ctx, 'psb-clerk', ip());
    const rejected = await act(clerk, c.id, {
      action: 'reject',
      expectedSeq: 0,
      reason: '不符合换领条件',
      legalBasis: '《中华人民共和国居民身份证法》第十一条',
    });
    expect(rejected.response.status).toBe(200);
    await ctx.platform.outbox.flush();
    const refunded = await order(citizen, o!.id);
    expect(refunded).toMatchObject({ status: 'refunded', refundReason: 'case_rejected' });
    const ledger = await query<{ status: string }>(
      ctx,
      sql`select status from payments.sandbox_ledger where trade_no = ${tradeNo}`,
    );
    expect(ledger[0]!.status).toBe('refunded');
    const audits = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'payments.order.refunded' and resource_id = ${o!.id}`,
    );
    expect(audits[0]!.n).toBe(1);
    const messages = ok(await citizen.GET('/api/me/notifications', { params: { query: {} } })).items;
    expect(messages.some((m) => m.title.zh.startsWith('已退款'))).toBe(true);
  });
  it('refunds when the applicant withdraws after paying; an unpaid order of a withdrawn case is cancelled', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const paidCase = await file(citizen, ID_RENEWAL);
    const [paid] = await ordersOf(citizen, paidCase.id);
    await payThroughSandbox(citizen, paid!.id, 'pay');
    expect((await act(citizen, paidCase.id, { action: 'withdraw', expectedSeq: 0 })).response.status).toBe(200);
    const unpaidCase = await file(citizen, ID_RENEWAL);
    const [unpaid] = await ordersOf(citizen, unpaidCase.id);
    expect((await act(citizen, unpaidCase.id, { action: 'withdraw', expectedSeq: 0 })).response.status).toBe(200);
    await ctx.platform.outbox.flush();
    expect(await order(citizen, paid!.id)).toMatchObject({ status: 'refunded', refundReason: 'case_withdrawn' });
    expect((await order(citizen, unpaid!.id)).status).toBe('cancelled');
    const pay = await citizen.POST('/api/payments/orders/{id}/pay', { params: { path: { id: unpaid!.id } }, body: {} });
    expect(errorCode(pay)).toBe('ORDER_NOT_PAYABLE');
  });
});

describe('receipts', () => {
  it('is a PDF with the number, the masked payer, the item, the amount in figures and capitals, and a verification code', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    expect(errorCode(await receipt(citizen, o!.id))).toBe('RECEIPT_NOT_ISSUED');
    await payThroughSandbox(citizen, o!.id, 'pay');
    const paid = await order(citizen, o!.id);
    const res = await receipt(citizen, o!.id);
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('content-type')).toBe('application/pdf');
    const doc = await getDocument({ data: new Uint8Array(ok(res)) }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text).toContain(paid.receiptNumber!);
    expect(text).toContain('居民身份证工本费');
    expect(text).toContain('¥20.00');
    expect(text).toContain('人民币贰拾元整');
    expect(text).toContain(paid.payerMasked);
    expect(text).toContain(localDate(new Date(paid.paidAt!), 'Asia/Shanghai'));
    const rows = await query<{ code: string }>(
      ctx,
      sql`select receipt_code as code from payments.orders where id = ${o!.id}`,
    );
    const code = rows[0]!.code;
    expect(text).toContain(code);
    const check = ok(
      await citizen.GET('/api/payments/receipts/verify', {
        params: { query: { number: paid.receiptNumber!, code } },
      }),
    );
    expect(check).toMatchObject({ valid: true, amountFen: 2000 });
    const wrong = ok(
      await citizen.GET('/api/payments/receipts/verify', {
        params: { query: { number: paid.receiptNumber!, code: 'WRONG000' } },
      }),
    );
    expect(wrong).toMatchObject({ valid: false, amountFen: null });
  });
});

describe('reconciliation', () => {
  it("finds a mismatch planted in the provider's books; finance staff resolve it with a note", async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    const { tradeNo } = await payThroughSandbox(citizen, o!.id, 'pay');
    const finance = await signInStaff(ctx, 'finance01', ip());
    const day = localDate(ctx.clock.now(), 'Asia/Shanghai');
    const clean = ok(await finance.POST('/api/payments/reconciliations', { body: { day } }));
    const before = ok(await finance.GET('/api/payments/mismatches', { params: { query: {} } }));
    expect(before.items.filter((m) => m.tradeNo === tradeNo)).toEqual([]);
    // The provider's merchant console changes its own books.
    const planted = await finance.PATCH('/api/payments/sandbox/ledger/{tradeNo}', {
      params: { path: { tradeNo } },
      body: { amountFen: 1999 },
    });
    expect(planted.response.status).toBe(204);
    const run = ok(await finance.POST('/api/payments/reconciliations', { body: { day } }));
    expect(run.statementCount).toBe(clean.statementCount);
    const found = ok(await finance.GET('/api/payments/mismatches', { params: { query: {} } })).items.filter(
      (m) => m.tradeNo === tradeNo,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'amount_differs', platformAmountFen: 2000, providerAmountFen: 1999 });
    // Running the day again adds nothing new.
    ok(await finance.POST('/api/payments/reconciliations', { body: { day } }));
    const again = ok(await finance.GET('/api/payments/mismatches', { params: { query: {} } })).items;
    expect(again.filter((m) => m.tradeNo === tradeNo)).toHaveLength(1);
    const resolved = ok(
      await finance.POST('/api/payments/mismatches/{id}/resolve', {
        params: { path: { id: found[0]!.id } },
        body: { note: '渠道对账单有误，已与渠道核实' },
      }),
    );
    expect(resolved.resolvedAt).not.toBeNull();
    const twice = await finance.POST('/api/payments/mismatches/{id}/resolve', {
      params: { path: { id: found[0]!.id } },
      body: { note: '再次处理' },
    });
    expect(errorCode(twice)).toBe('MISMATCH_RESOLVED');
    const audits = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'payments.mismatch.resolved' and resource_id = ${found[0]!.id}`,
    );
    expect(audits[0]!.n).toBe(1);
    const orders = ok(await finance.GET('/api/payments/orders', { params: { query: { status: 'paid' } } }));
    expect(orders.items.some((x) => x.id === o!.id)).toBe(true);
  });
});

describe('who may do what', () => {
  it("another citizen cannot see or pay someone else's order (404); a citizen cannot reach finance (403)", async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, ip());
    const c = await file(citizen, ID_RENEWAL);
    const [o] = await ordersOf(citizen, c.id);
    const { client: other } = await registerCitizen(ctx, { ip: ip() });
    expect(errorCode(await other.GET('/api/payments/orders/{id}', { params: { path: { id: o!.id } } }))).toBe(
      'ORDER_NOT_FOUND',
    );
    const pay = await other.POST('/api/payments/orders/{id}/pay', { params: { path: { id: o!.id } }, body: {} });
    expect(pay.response.status).toBe(404);
    expect((await receipt(other, o!.id)).response.status).toBe(404);
    expect(await ordersOf(other, c.id)).toEqual([]);
    const clerk = await signInStaff(ctx, 'psb-clerk', ip());
    const staffPay = await clerk.POST('/api/payments/orders/{id}/pay', { params: { path: { id: o!.id } }, body: {} });
    expect(staffPay.response.status).toBe(404);
    for (const res of [
      await citizen.GET('/api/payments/orders', { params: { query: {} } }),
      await citizen.GET('/api/payments/mismatches', { params: { query: {} } }),
      await citizen.POST('/api/payments/reconciliations', { body: { day: '2026-11-25' } }),
      await clerk.GET('/api/payments/mismatches', { params: { query: {} } }),
    ]) {
      expect(res.response.status).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    const ledger = await citizen.PATCH('/api/payments/sandbox/ledger/{tradeNo}', {
      params: { path: { tradeNo: 'T1' } },
      body: { amountFen: 1 },
    });
    expect(ledger.response.status).toBe(403);
  });
});

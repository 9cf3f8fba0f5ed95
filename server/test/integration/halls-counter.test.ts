/**
 * One window accepts it all (一窗受理): the clerk serving a walk-in files the applicant's case
 * with the item's form, the ID card checked in person (check character verified; the person
 * found by the number or made, checked in person), and prints the acceptance receipt (PDF,
 * with its text checked here). Who may file: the clerk at the window, for an item the window
 * handles; a clerk of the item's department, or of a 综合窗口.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { generateResidents } from '../../src/demo/population.ts';
import { DEMO_SEED } from '../../src/demo/seed.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import {
  client as newClient,
  createTestApp,
  errorCode,
  ok,
  query,
  register,
  TEST_PASSWORD,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let clerk: Client;
let psbClerk: Client;
let hrssClerk: Client;
let citizen: Client;
const HALL = 'city-centre';
const hall = { params: { path: { hall: HALL } } };
const byId = (id: string) => ({ params: { path: { id } } });
const RESIDENCE = DEMO_ITEMS.find((i) => i.name.zh === '居住证申领')!.handlingItemCode;
const HRSS_ITEM = DEMO_ITEMS.find((i) => i.departmentCode === 'HRSS' && i.level === 'main')!.handlingItemCode;
const ID_NUMBER = makeCitizenId('330383', '1990-03-04', 123);
const form = {
  applicant_phone: '13912345678',
  applicant_address: '龙港市龙跃路 1 号',
  household_address: '苍南县灵溪镇',
};
// 林小燕 is not in the registry of issued documents: the clerk takes her ID card's original too.
const paperMaterials = ['housing_proof', 'employment_proof', 'id_card'];

let windowId = '';
let hrssWindowId = '';

/** Serve a fresh walk-in at `w` as `c`. */
async function serveWalkIn(c: Client, w: string, itemCode = RESIDENCE) {
  const t = ok(await clerk.POST('/api/halls/{hall}/tickets', { ...hall, body: { itemCode } }));
  const called = ok(await c.POST('/api/halls/windows/{id}/call-next', byId(w)));
  expect(called.id).toBe(t.id);
  ok(await c.POST('/api/halls/tickets/{id}/serve', byId(t.id)));
  return t.id;
}
const file = (c: Client, w: string, key: string, body: Record<string, unknown>) =>
  c.POST('/api/halls/windows/{id}/filings', {
    ...byId(w),
    params: { path: { id: w }, header: { 'idempotency-key': key } },
    body: {
      itemCode: RESIDENCE,
      form,
      applicant: { idNumber: ID_NUMBER, name: '林小燕' },
      paperMaterials,
      ...body,
    } as never,
  });

beforeAll(async () => {
  ctx = await createTestApp({ residents: 10, fullStaff: true, clockStart: '2026-11-26T01:00:00Z' });
  clerk = await signInStaff(ctx, 'clerk01');
  psbClerk = await signInStaff(ctx, 'psb-clerk');
  hrssClerk = await signInStaff(ctx, 'hrss-clerk');
  citizen = await signInCitizen(ctx);
  windowId = ok(await clerk.GET('/api/halls/{hall}/windows/mine', hall)).items[0]!.id;
  hrssWindowId = ok(await hrssClerk.GET('/api/halls/{hall}/windows/mine', hall)).items[0]!.id;
  ok(await clerk.POST('/api/halls/windows/{id}/open', byId(windowId)));
  ok(await hrssClerk.POST('/api/halls/windows/{id}/open', byId(hrssWindowId)));
});
afterAll(async () => ctx.teardown());

describe('filing at the window', () => {
  let caseId = '';

  it('refuses a wrong check digit, a wrong name and missing paper materials', async () => {
    await serveWalkIn(clerk, windowId);
    const wrongDigit = ID_NUMBER.slice(0, 17) + (ID_NUMBER.endsWith('1') ? '2' : '1');
    const bad = await file(clerk, windowId, 'key-bad-0001', { applicant: { idNumber: wrongDigit, name: '林小燕' } });
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.error)).toContain('ID_NUMBER_CHECKSUM');
    const missing = await file(clerk, windowId, 'key-bad-0002', { paperMaterials: ['housing_proof'] });
    expect(errorCode(missing)).toBe('MATERIALS_INCOMPLETE');
  });

  it('files the case for the applicant in front of the clerk, and the same key answers the same case', async () => {
    const res = await file(clerk, windowId, 'key-good-0001', {});
    expect(res.response.status).toBe(201);
    const filed = ok(res);
    caseId = filed.caseId;
    expect(filed.applicantCreated).toBe(true);
    expect(filed.caseNumber).toMatch(/^330383-20261126-\d{8}$/);
    const again = ok(await file(clerk, windowId, 'key-good-0001', {}));
    expect(again.caseId).toBe(caseId);
    const [row] = await query<{ channel: string; filed_by: string | null; n: string }>(
      ctx,
      sql`select channel, filed_by, (select count(*) from applications.cases where channel = 'window') as n
          from applications.cases where id = ${caseId}`,
    );
    expect({ channel: row!.channel, n: Number(row!.n) }).toEqual({ channel: 'window', n: 1 });
    expect(row!.filed_by).not.toBeNull();
    // The person is known now: the same ID number with another name is refused.
    const other = await file(clerk, windowId, 'key-good-0002', { applicant: { idNumber: ID_NUMBER, name: '林大燕' } });
    expect(errorCode(other)).toBe('IDENTITY_MISMATCH');
    const actions = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where action in ('identity.account.created-at-counter', 'halls.window.filed', 'applications.case.submitted') order by at, id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'identity.account.created-at-counter',
      'applications.case.submitted',
      'halls.window.filed',
    ]);
  });

  it('prints the acceptance receipt as PDF with the case number, the service and a QR code', async () => {
    const res = await clerk.GET('/api/halls/receipts/{id}', { ...byId(caseId), parseAs: 'arrayBuffer' });
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(res.data as ArrayBuffer);
    const doc = await getDocument({ data: bytes }).promise;
    const page = await doc.getPage(1);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    const [c] = await query<{ case_number: string }>(
      ctx,
      sql`select case_number from applications.cases where id = ${caseId}`,
    );
    expect(text).toContain('受理回执');
    expect(text).toContain(c!.case_number);
    expect(text).toContain('居住证申领');
    expect(text).toContain('林*燕');
    expect(text).toContain('龙港市政务服务中心');
    const ops = await page.getOperatorList();
    expect(ops.fnArray.length).toBeGreaterThan(0);
    // Staff of the case's department print it too; another department's clerk and another citizen get 404.
    const psb = await psbClerk.GET('/api/halls/receipts/{id}', { ...byId(caseId), parseAs: 'arrayBuffer' });
    expect(psb.response.status).toBe(200);
    expect(errorCode(await hrssClerk.GET('/api/halls/receipts/{id}', byId(caseId)))).toBe('RECEIPT_NOT_FOUND');
    expect(errorCode(await citizen.GET('/api/halls/receipts/{id}', byId(caseId)))).toBe('RECEIPT_NOT_FOUND');
    const unknown = await clerk.GET('/api/halls/receipts/{id}', byId('01900000-0000-7000-8000-000000000000'));
    expect(errorCode(unknown)).toBe('RECEIPT_NOT_FOUND');
  });

  it('lets only the clerk at the window file, for items the window handles, of their department or a 综合窗口', async () => {
    // Another clerk cannot file at a window they have not opened.
    expect(errorCode(await file(psbClerk, windowId, 'key-other-0001', {}))).toBe('WINDOW_NOT_YOURS');
    // The HRSS window does not handle the PSB item.
    await serveWalkIn(hrssClerk, hrssWindowId, HRSS_ITEM);
    expect(errorCode(await file(hrssClerk, hrssWindowId, 'key-hrss-0001', {}))).toBe('ITEM_NOT_HANDLED');
    // Without a number being served there is nothing to file for.
    ok(
      await clerk.POST(
        '/api/halls/tickets/{id}/finish',
        byId(ok(await clerk.GET('/api/halls/windows/{id}', byId(windowId))).current!.id),
      ),
    );
    expect(errorCode(await file(clerk, windowId, 'key-none-0001', {}))).toBe('TICKET_STATE');
  });
  it('refuses a clerk filing another department’s item at a window that is not a 综合窗口', async () => {
    // Longjiang's window 2 belongs to HRSS and lists medical-insurance (HSA) items too: its HRSS
    // clerk may call and serve them there, but only an HSA clerk or a 综合窗口 files them.
    const longjiang = { params: { path: { hall: 'longjiang' } } };
    const w2 = ok(await hrssClerk.GET('/api/halls/{hall}/windows/mine', longjiang)).items[0]!;
    ok(await hrssClerk.POST('/api/halls/windows/{id}/open', byId(w2.id)));
    const hsaItem = DEMO_ITEMS.find(
      (i) => i.departmentCode === 'HSA' && w2.items.some((x) => x.code === i.handlingItemCode),
    )!;
    const t = ok(
      await clerk.POST('/api/halls/{hall}/tickets', { ...longjiang, body: { itemCode: hsaItem.handlingItemCode } }),
    );
    ok(await hrssClerk.POST('/api/halls/windows/{id}/call-next', byId(w2.id)));
    ok(await hrssClerk.POST('/api/halls/tickets/{id}/serve', byId(t.id)));
    const res = await file(hrssClerk, w2.id, 'key-hsa-0001', {
      itemCode: hsaItem.handlingItemCode,
      form: {},
      paperMaterials: [],
    });
    expect(res.response.status).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
    // Nor does anyone but the window's clerk move its number on.
    for (const step of ['recall', 'finish', 'no-show'] as const)
      expect(errorCode(await clerk.POST(`/api/halls/tickets/{id}/${step}`, byId(t.id)))).toBe('WINDOW_NOT_YOURS');
    const moved = await clerk.POST('/api/halls/tickets/{id}/transfer', { ...byId(t.id), body: { windowId: w2.id } });
    expect(errorCode(moved)).toBe('WINDOW_NOT_YOURS');
    expect(errorCode(await clerk.POST('/api/halls/windows/{id}/close', byId(w2.id)))).toBe('WINDOW_NOT_YOURS');
    expect((await hrssClerk.POST('/api/halls/windows/{id}/close', byId(w2.id))).response.status).toBe(204);
  });
  it('files for a person who has an account: the case is in their own list in the app', async () => {
    const me = ok(await citizen.GET('/api/me'));
    const idNumber = makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence);
    await serveWalkIn(clerk, windowId);
    const filed = ok(
      await file(clerk, windowId, 'key-known-0001', { applicant: { idNumber, name: DEMO_CITIZEN.name } }),
    );
    expect(filed.applicantCreated).toBe(false);
    const mine = ok(await citizen.GET('/api/applications/cases', { params: { query: { pageSize: 50 } } }));
    expect(mine.items.map((c) => c.id)).toContain(filed.caseId);
    const view = ok(await citizen.GET('/api/applications/cases/{id}', byId(filed.caseId)));
    expect({ caseNumber: view.caseNumber, channel: view.channel }).toEqual({
      caseNumber: filed.caseNumber,
      channel: 'window',
    });
    expect(me.displayName).toBe(DEMO_CITIZEN.name);
    // The applicant downloads the same acceptance receipt from the app.
    const receipt = await citizen.GET('/api/halls/receipts/{id}', { ...byId(filed.caseId), parseAs: 'arrayBuffer' });
    expect(receipt.response.status).toBe(200);
    expect(receipt.response.headers.get('content-type')).toBe('application/pdf');
    const doc = await getDocument({ data: new Uint8Array(receipt.data as ArrayBuffer) }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text).toContain(filed.caseNumber);
  });

  it('lets a walk-in claim the window’s account by registering later, verified like any registration', async () => {
    // A resident on the community roster (ID number, name and phone), first known at the window.
    const person = [...generateResidents(DEMO_SEED, 10)][7]!;
    const current = ok(await clerk.GET('/api/halls/windows/{id}', byId(windowId))).current;
    if (current) ok(await clerk.POST('/api/halls/tickets/{id}/finish', byId(current.id)));
    await serveWalkIn(clerk, windowId);
    const filed = ok(
      await file(clerk, windowId, 'key-claim-0001', { applicant: { idNumber: person.idNumber, name: person.name } }),
    );
    expect(filed.applicantCreated).toBe(true);
    const [made] = await query<{ applicant_account_id: string }>(
      ctx,
      sql`select applicant_account_id from applications.cases where id = ${filed.caseId}`,
    );
    // Someone with the ID number but another name registers (not refused) and gets nothing of it.
    const impostor = await register(
      ctx,
      { idNumber: person.idNumber, name: person.name === '王小明' ? '李小明' : '王小明', phone: '13912349901' },
      { ip: '10.7.0.1' },
    );
    expect(impostor.res.response.status, JSON.stringify(impostor.res.error)).toBe(201);
    await ctx.platform.outbox.flush();
    ctx.clock.advance(5_000);
    const impostorMe = ok(await impostor.client.GET('/api/me'));
    expect(impostorMe.id).not.toBe(made!.applicant_account_id);
    expect(impostorMe.assuranceLevel).toBe('registered');
    const none = ok(await impostor.client.GET('/api/applications/cases', { params: { query: { pageSize: 50 } } }));
    expect(none.total).toBe(0);
    expect(errorCode(await impostor.client.GET('/api/halls/receipts/{id}', byId(filed.caseId)))).toBe(
      'RECEIPT_NOT_FOUND',
    );
    // The person registers with their name, ID number and own phone: verified against the roster, they claim it.
    const owner = await register(
      ctx,
      { name: person.name, idNumber: person.idNumber, phone: person.phone },
      { ip: '10.7.0.2' },
    );
    expect(owner.res.response.status, JSON.stringify(owner.res.error)).toBe(201);
    await ctx.platform.outbox.flush();
    ctx.clock.advance(5_000);
    const me = ok(await owner.client.GET('/api/me'));
    expect({ id: me.id, level: me.assuranceLevel }).toEqual({ id: made!.applicant_account_id, level: 'in_person' });
    const mine = ok(await owner.client.GET('/api/applications/cases', { params: { query: { pageSize: 50 } } }));
    expect(mine.items.map((c) => c.id)).toContain(filed.caseId);
    // They sign in to it with their phone and password from now on; the claim is audited.
    const again = newClient(ctx, '10.7.0.3');
    ok(await again.POST('/api/auth/login', { body: { login: person.phone, password: TEST_PASSWORD } }));
    expect(ok(await again.GET('/api/me')).id).toBe(made!.applicant_account_id);
    const audit = await query<{ resource_id: string }>(
      ctx,
      sql`select resource_id from platform.audit_log where action = 'identity.account.claimed'`,
    );
    expect(audit.map((a) => a.resource_id)).toEqual([made!.applicant_account_id]);
    // The impostor's registration of the ID number is frozen, as when any owner is verified.
    expect((await impostor.client.GET('/api/me')).response.status).toBe(401);
  });

  it('gives a walk-in number at the hall’s kiosk without signing in, per address limited, only while open', async () => {
    const kiosk = newClient(ctx, '10.8.0.1');
    const t = ok(await kiosk.POST('/api/halls/{hall}/kiosk/tickets', { ...hall, body: { itemCode: RESIDENCE } }));
    expect(t.number).toMatch(/^B\d{3}$/);
    const [audit] = await query<{ actor_kind: string; ip: string | null }>(
      ctx,
      sql`select actor_kind, ip from platform.audit_log where action = 'halls.ticket.kiosk' and resource_id = ${t.id}`,
    );
    expect(audit).toEqual({ actor_kind: 'anonymous', ip: '10.8.0.1' });
    const nowhere = { params: { path: { hall: 'nowhere' } }, body: { itemCode: RESIDENCE } };
    expect(errorCode(await kiosk.POST('/api/halls/{hall}/kiosk/tickets', nowhere))).toBe('HALL_NOT_FOUND');
    const notHere = await kiosk.POST('/api/halls/{hall}/kiosk/tickets', { ...hall, body: { itemCode: 'NO-SUCH' } });
    expect(errorCode(notHere)).toBe('ITEM_NOT_HANDLED');
    // One address takes at most 120 numbers an hour; another address is not held up by it.
    const busy = newClient(ctx, '10.8.0.2');
    let taken = 0;
    for (;;) {
      const res = await busy.POST('/api/halls/{hall}/kiosk/tickets', { ...hall, body: { itemCode: RESIDENCE } });
      if (res.response.status !== 201) {
        expect(errorCode(res)).toBe('RATE_LIMITED');
        break;
      }
      taken++;
    }
    expect(taken).toBe(120);
    ok(await kiosk.POST('/api/halls/{hall}/kiosk/tickets', { ...hall, body: { itemCode: RESIDENCE } }));
    // After hours (22:00 in the city) the kiosk gives no number.
    ctx.clock.set('2026-11-26T14:00:00Z');
    const closed = await newClient(ctx, '10.8.0.3').POST('/api/halls/{hall}/kiosk/tickets', {
      ...hall,
      body: { itemCode: RESIDENCE },
    });
    expect(errorCode(closed)).toBe('HALL_CLOSED');
  });
});

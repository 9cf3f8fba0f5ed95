/**
 * Cases end to end over HTTP: uploads checked by content, drafts, idempotent submission,
 * form and material validation with paths, the simple licence with a correction round trip,
 * claims, optimistic concurrency, withdrawal rules, bundles in parallel, the inbox, deadlines
 * from the job table, and that nobody else sees or acts on a case.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { minimalPdf } from '../fixtures.ts';
import {
  createStaff,
  createTestApp,
  errorCode,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  signInWithTotp,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let enterprise: { enterpriseId: string; name: string; uscc: string };
let clerk: Client;
let reviewer: Client;
let approver: Client;
let sysadmin: Client;

const item = (name: string) => DEMO_ITEMS.find((i) => i.name.zh === name)!;
/** 公共场所卫生许可: ASB, enterprise, simple licence, three required materials. */
const HYGIENE = item('公共场所卫生许可');
/** 户口迁入（市外迁入）: PSB, person, simple licence, one required material. */
const MOVE_IN = item('户口迁入（市外迁入）');
/** The demo citizen's own data: a form's applicant fields must be the applicant's. */
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: '龙港市华中社区 1 号',
};

let seqKey = 0;
const key = () => `test-key-${Date.now()}-${++seqKey}`;

async function upload(c: Client, body: Buffer, fileName = 'doc.pdf') {
  return c.request('PUT', `/api/applications/uploads?fileName=${encodeURIComponent(fileName)}`, body, {
    'content-type': 'application/pdf',
  });
}

async function materialsFor(c: Client, data: typeof HYGIENE) {
  const out: { code: string; uploadId: string }[] = [];
  for (const m of data.materials.filter((x) => x.source === 'applicant' && x.required)) {
    const res = await upload(c, minimalPdf(), `${m.code}.pdf`);
    expect(res.statusCode).toBe(201);
    out.push({ code: m.code, uploadId: res.json().id });
  }
  return out;
}

async function submitHygiene(c: Client = citizen, idempotencyKey = key()) {
  const body = {
    itemCode: HYGIENE.handlingItemCode,
    form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
    materials: await materialsFor(c, HYGIENE),
  };
  return c.request('POST', '/api/applications/cases', body, { 'idempotency-key': idempotencyKey });
}

const act = (c: Client, id: string, body: Record<string, unknown>) =>
  c.post(`/api/applications/cases/${id}/actions`, body);
const view = async (c: Client, id: string) => (await c.get(`/api/applications/cases/${id}`)).json();

beforeAll(async () => {
  ctx = await createTestApp({ residents: 40 });
  citizen = await signInCitizen(ctx, undefined, undefined, '10.9.0.1');
  enterprise = (await citizen.get('/api/me/enterprises')).json().items[0];
  expect((await citizen.post('/api/me/acting-as', { enterpriseId: enterprise.enterpriseId })).statusCode).toBe(200);
  clerk = await signInStaff(ctx, 'clerk01', '10.9.0.2');
  reviewer = await signInStaff(ctx, 'reviewer01', '10.9.0.3');
  approver = await signInStaff(ctx, 'approver01', '10.9.0.4');
  sysadmin = await signInStaff(ctx, 'sysadmin', '10.9.0.5');
}, 60_000);
afterAll(async () => {
  await ctx.teardown();
});

describe('uploads', () => {
  it('stores a PDF with its SHA-256 and refuses a file that is not what it says', async () => {
    const ok = await upload(citizen, minimalPdf(), '申请书.pdf');
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      fileName: '申请书.pdf',
      mediaType: 'application/pdf',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const fake = await upload(citizen, Buffer.from('just text pretending to be a PDF'), 'fake.pdf');
    expect(fake.statusCode).toBe(415);
    expect(errorCode(fake)).toBe('FILE_TYPE_NOT_ALLOWED');
    // The declared type does not matter: the bytes decide.
    const word = await citizen.request(
      'PUT',
      '/api/applications/uploads?fileName=a.docx',
      Buffer.from('PK\u0003\u0004 a zip file'),
      { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    );
    expect(errorCode(word)).toBe('FILE_TYPE_NOT_ALLOWED');
    const undeclared = await citizen.request('PUT', '/api/applications/uploads?fileName=scan', minimalPdf(), {
      'content-type': 'application/x-unknown',
    });
    expect(undeclared.statusCode).toBe(201);
    const back = await citizen.get(`/api/applications/uploads/${ok.json().id}`);
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(minimalPdf())).toBe(true);
  });

  it('refuses a file over the size limit', async () => {
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(ctx.config.uploadLimitBytes)]);
    const res = await upload(citizen, big);
    expect(res.statusCode).toBe(413);
  });

  it('another person cannot fetch my upload', async () => {
    const mine = (await upload(citizen, minimalPdf())).json();
    const other = await registerCitizen(ctx, { ip: '10.9.1.1' });
    const res = await other.client.get(`/api/applications/uploads/${mine.id}`);
    expect(res.statusCode).toBe(404);
  });
});

describe('drafts', () => {
  it('saves as the applicant types, and only for them', async () => {
    const created = await citizen.post('/api/applications/drafts', {
      itemCode: HYGIENE.handlingItemCode,
      form: { company_name: '半填' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const saved = await citizen.put(`/api/applications/drafts/${id}`, {
      form: { company_name: '全名有限公司' },
      materials: [],
    });
    expect(saved.json().form).toEqual({ company_name: '全名有限公司' });
    expect((await citizen.get('/api/applications/drafts')).json().items.some((d: { id: string }) => d.id === id)).toBe(
      true,
    );
    const other = await registerCitizen(ctx, { ip: '10.9.1.2' });
    expect((await other.client.get(`/api/applications/drafts/${id}`)).statusCode).toBe(404);
    expect((await other.client.put(`/api/applications/drafts/${id}`, { form: {}, materials: [] })).statusCode).toBe(
      404,
    );
    expect((await other.client.del(`/api/applications/drafts/${id}`)).statusCode).toBe(404);
    // The draft is stored sealed.
    const [row] = await query<{ form_sealed: string }>(
      ctx,
      sql`select form_sealed from applications.drafts where id = ${id}`,
    );
    expect(row!.form_sealed).not.toContain('全名');
  });
});

describe('submission', () => {
  it('files one case for a double tap, with a case number of region and date', async () => {
    const k = key();
    const first = await submitHygiene(citizen, k);
    expect(first.statusCode).toBe(201);
    const c = first.json();
    expect(c.caseNumber).toMatch(/^330383-20261125-\d{8}$/);
    expect(c).toMatchObject({ status: 'in_progress', state: 'accept', seq: 0, departmentCode: 'ASB' });
    expect(c.headline.zh).toContain('受理');
    expect(c.dueAt).not.toBeNull();
    expect(c.materials.every((m: { sha256: string }) => /^[0-9a-f]{64}$/.test(m.sha256))).toBe(true);
    const again = await citizen.request(
      'POST',
      '/api/applications/cases',
      {
        itemCode: HYGIENE.handlingItemCode,
        form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
        materials: c.materials.map((m: { code: string; uploadId: string }) => ({ code: m.code, uploadId: m.uploadId })),
      },
      { 'idempotency-key': k },
    );
    // The same key and the same request: the first case again, not a second one.
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(c.id);
    // The same key with a different request is refused rather than answered with the first case.
    const other = await citizen.request(
      'POST',
      '/api/applications/cases',
      {
        itemCode: HYGIENE.handlingItemCode,
        form: { ...sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }), employee_count: 99 },
        materials: c.materials.map((m: { code: string; uploadId: string }) => ({ code: m.code, uploadId: m.uploadId })),
      },
      { 'idempotency-key': k },
    );
    expect(other.statusCode).toBe(422);
    expect(errorCode(other)).toBe('IDEMPOTENCY_KEY_REUSED');
    const rows = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from applications.cases where idempotency_key = ${k}`,
    );
    expect(rows[0]!.n).toBe(1);
    // The submission, its audit record and its event were written together.
    const audit = await query(
      ctx,
      sql`select 1 from platform.audit_log where action = 'applications.case.submitted' and resource_id = ${c.id}`,
    );
    const outbox = await query(
      ctx,
      sql`select 1 from platform.outbox where topic = 'applications.case.changed' and payload->>'caseId' = ${c.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(outbox).toHaveLength(1);
  });

  it('answers the same key and request with the first case, even at the same time', async () => {
    const k = key();
    const body = {
      itemCode: HYGIENE.handlingItemCode,
      form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
      materials: await materialsFor(citizen, HYGIENE),
    };
    const [a, b] = await Promise.all([
      citizen.request('POST', '/api/applications/cases', body, { 'idempotency-key': k }),
      citizen.request('POST', '/api/applications/cases', body, { 'idempotency-key': k }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
  });

  it('needs an Idempotency-Key', async () => {
    const res = await citizen.post('/api/applications/cases', {
      itemCode: HYGIENE.handlingItemCode,
      form: {},
      materials: [],
    });
    expect(res.statusCode).toBe(400);
  });

  it('refuses an invalid form with the field paths', async () => {
    const form = {
      ...sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
      applicant_phone: '12345',
      employee_count: -1,
      nonsense: 1,
    };
    delete (form as Record<string, unknown>).business_address;
    const res = await citizen.request(
      'POST',
      '/api/applications/cases',
      { itemCode: HYGIENE.handlingItemCode, form, materials: await materialsFor(citizen, HYGIENE) },
      { 'idempotency-key': key() },
    );
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('FORM_INVALID');
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/form/business_address',
        '/form/applicant_phone',
        '/form/employee_count',
        '/form/nonsense',
      ]),
    );
  });

  it('refuses missing materials with their codes, and materials that are not the applicant’s', async () => {
    const form = sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise });
    const res = await citizen.request(
      'POST',
      '/api/applications/cases',
      { itemCode: HYGIENE.handlingItemCode, form, materials: [] },
      { 'idempotency-key': key() },
    );
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('MATERIALS_INCOMPLETE');
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain('/materials/application');
    const other = await registerCitizen(ctx, { ip: '10.9.1.3' });
    const theirs = (await upload(other.client, minimalPdf())).json();
    const materials = (await materialsFor(citizen, HYGIENE)).map((m, i) =>
      i === 0 ? { ...m, uploadId: theirs.id } : m,
    );
    const stolen = await citizen.request(
      'POST',
      '/api/applications/cases',
      { itemCode: HYGIENE.handlingItemCode, form, materials },
      { 'idempotency-key': key() },
    );
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.details[0].path).toBe('/materials/0/uploadId');
  });

  it('files personal services as the person and enterprise services as the enterprise', async () => {
    const person = await registerCitizen(ctx, { ip: '10.9.1.4' });
    const res = await submitHygiene(person.client);
    // A freshly registered person is not yet real-name verified, or not an enterprise: refused either way.
    expect(res.statusCode).toBe(403);
    const asEnterprise = await citizen.request(
      'POST',
      '/api/applications/cases',
      { itemCode: MOVE_IN.handlingItemCode, form: sampleAnswers(MOVE_IN.form, PERSON), materials: [] },
      { 'idempotency-key': key() },
    );
    expect(errorCode(asEnterprise)).toBe('PERSON_REQUIRED');
  });
});

describe('handling a simple licence', () => {
  it('accept → correction → resubmit → pass → approve → complete, with the history and notifications', async () => {
    const c = (await submitHygiene()).json();
    // The clerk sees it in the inbox and claims it.
    const inbox = (await clerk.get(`/api/applications/inbox?q=${c.caseNumber}`)).json();
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({ caseId: c.id, state: 'accept', claimedBy: null, overdue: false });
    const claimed = await clerk.post(`/api/applications/cases/${c.id}/claim`, {});
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json().releasable).toEqual([null]);
    // Someone else holding the claim keeps others out.
    const clerk2 = await createAsbStaff('clerk.two', ['clerk']);
    const blocked = await act(clerk2, c.id, { action: 'accept', expectedSeq: 0 });
    expect(blocked.statusCode).toBe(409);
    expect(errorCode(blocked)).toBe('CASE_CLAIMED');

    const accepted = await act(clerk, c.id, { action: 'accept', expectedSeq: 0 });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'review', seq: 1 });

    // The reviewer asks for a correction; the items to fix are listed.
    const noItems = await act(reviewer, c.id, { action: 'request_correction', expectedSeq: 1 });
    expect(noItems.statusCode).toBe(422);
    expect(noItems.json().error.details[0].code).toBe('MISSING_CORRECTION_ITEMS');
    const corr = await act(reviewer, c.id, {
      action: 'request_correction',
      expectedSeq: 1,
      correctionItems: ['平面布局图不清晰', '请补充从业人员健康证明'],
    });
    expect(corr.json()).toMatchObject({
      status: 'correction',
      correction: { items: ['平面布局图不清晰', '请补充从业人员健康证明'] },
    });
    const mine = await view(citizen, c.id);
    expect(mine.status).toBe('correction');
    expect(mine.actions.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['resubmit', 'withdraw']),
    );

    // Resubmission with new materials returns the case to review.
    const materials = await materialsFor(citizen, HYGIENE);
    const resub = await act(citizen, c.id, { action: 'resubmit', expectedSeq: 2, materials });
    expect(resub.statusCode).toBe(200);
    expect(resub.json()).toMatchObject({ state: 'review', status: 'in_progress' });

    expect(
      (await act(reviewer, c.id, { action: 'pass', expectedSeq: 3, comment: '材料齐全，符合条件' })).statusCode,
    ).toBe(200);
    expect((await act(approver, c.id, { action: 'approve', expectedSeq: 4, comment: '同意' })).statusCode).toBe(200);
    // After the decision the applicant may no longer withdraw.
    const late = await act(citizen, c.id, { action: 'withdraw', expectedSeq: 5 });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.details[0].code).toBe('WITHDRAW_AFTER_DECISION');
    const done = await act(clerk, c.id, {
      action: 'complete',
      expectedSeq: 5,
      result: { note: '准予许可，证照已寄出', documentNumber: '龙卫公证字〔2026〕第 0001 号' },
    });
    expect(done.statusCode).toBe(200);
    const final = await view(citizen, c.id);
    expect(final).toMatchObject({
      status: 'completed',
      outcome: 'completed',
      result: { documentNumber: '龙卫公证字〔2026〕第 0001 号' },
      actions: [],
    });
    expect(final.history.map((h: { action: string }) => h.action)).toEqual([
      'accept',
      'request_correction',
      'resubmit',
      'pass',
      'approve',
      'complete',
    ]);
    expect(final.history[0]).toMatchObject({
      actorOrganisation: expect.stringContaining('审批'),
      fromName: { zh: '待受理' },
    });
    // Closed cases leave the inbox.
    expect((await clerk.get(`/api/applications/inbox?q=${c.caseNumber}`)).json().items).toHaveLength(0);
    // The history cannot be rewritten.
    await expect(
      query(ctx, sql`update applications.case_events set action = 'x' where case_id = ${c.id}`),
    ).rejects.toThrow(/append-only|permission denied/);
    // Each step told the applicant (outbox events).
    const events = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.outbox where topic = 'applications.case.changed' and payload->>'caseId' = ${c.id}`,
    );
    expect(events[0]!.n).toBe(7);
    // …and the notify module turned them into the applicant's in-app messages.
    await ctx.platform.outbox.flush();
    const messages = (await citizen.get('/api/me/notifications?pageSize=100')).json().items as { link: string }[];
    expect(messages.filter((m) => m.link === `/cases/${c.id}`)).toHaveLength(7);
  });

  it('two staff acting at once: exactly one wins, the other gets CASE_CONFLICT', async () => {
    const c = (await submitHygiene()).json();
    const clerk2 = await createAsbStaff('clerk.three', ['clerk']);
    const [a, b] = await Promise.all([
      act(clerk, c.id, { action: 'accept', expectedSeq: 0 }),
      act(clerk2, c.id, {
        action: 'reject',
        expectedSeq: 0,
        reason: '不符合条件',
        legalBasis: '《公共场所卫生管理条例》第八条',
      }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    expect(errorCode(a.statusCode === 409 ? a : b)).toBe('CASE_CONFLICT');
    const events = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from applications.case_events where case_id = ${c.id}`,
    );
    expect(events[0]!.n).toBe(1);
    // A stale seq is refused outright.
    expect(errorCode(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }))).toBe('CASE_CONFLICT');
  });

  it('the applicant may withdraw before a decision, and rejection needs a reason and its legal basis', async () => {
    const c = (await submitHygiene()).json();
    const w = await act(citizen, c.id, { action: 'withdraw', expectedSeq: 0 });
    expect(w.json()).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn' });
    const d = (await submitHygiene()).json();
    const bare = await act(clerk, d.id, { action: 'reject', expectedSeq: 0, reason: '不符合条件' });
    expect(bare.json().error.details[0].code).toBe('MISSING_REASON');
    const r = await act(clerk, d.id, {
      action: 'reject',
      expectedSeq: 0,
      reason: '经营场所不符合条件',
      legalBasis: '《公共场所卫生管理条例》第八条',
    });
    expect(r.json()).toMatchObject({
      status: 'rejected',
      rejection: { reason: '经营场所不符合条件', legalBasis: '《公共场所卫生管理条例》第八条' },
    });
  });

  it('the role must fit the step', async () => {
    const c = (await submitHygiene()).json();
    const res = await act(approver, c.id, { action: 'accept', expectedSeq: 0 });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].code).toBe('ROLE_NOT_ALLOWED');
  });
});

describe('who sees a case', () => {
  it('another citizen, and staff of another department, get CASE_NOT_FOUND on every route', async () => {
    const c = (await submitHygiene()).json();
    const other = await registerCitizen(ctx, { ip: '10.9.1.5' });
    const psbClerk = await createStaff(ctx, sysadmin, 'psb.clerk.x');
    const departments = (await sysadmin.get('/api/org/departments')).json().items as { id: string; code: string }[];
    await sysadmin.post('/api/org/posts', {
      accountId: psbClerk.accountId,
      departmentId: departments.find((d) => d.code === 'PSB')!.id,
      title: '窗口',
      roles: ['clerk'],
    });
    const psb = await signInWithTotp(ctx, 'psb.clerk.x', psbClerk.password, psbClerk.secret, '10.9.1.6');
    for (const who of [other.client, psb]) {
      expect((await who.get(`/api/applications/cases/${c.id}`)).statusCode).toBe(404);
      expect(errorCode(await act(who, c.id, { action: 'accept', expectedSeq: 0 }))).toBe('CASE_NOT_FOUND');
      expect((await who.post(`/api/applications/cases/${c.id}/claim`, {})).statusCode).toBe(404);
      expect((await who.post(`/api/applications/cases/${c.id}/release`, {})).statusCode).toBe(404);
      expect((await who.get(`/api/applications/cases/${c.id}/materials/application`)).statusCode).toBe(404);
      const list = (await who.get(`/api/applications/cases?q=${c.caseNumber}`)).json();
      expect(list.items ?? []).toHaveLength(0);
    }
    expect((await psb.get(`/api/applications/inbox?q=${c.caseNumber}`)).json().items).toHaveLength(0);
    // Citizens have no inbox.
    expect((await other.client.get('/api/applications/inbox')).statusCode).toBe(403);
    // Staff reading the filing is recorded for the applicant to see.
    await clerk.get(`/api/applications/cases/${c.id}`);
    const reads = await query(ctx, sql`select 1 from platform.personal_data_access where resource_id = ${c.id}`);
    expect(reads.length).toBeGreaterThan(0);
  });

  it('staff see masked applicant names; the form stays sealed at rest', async () => {
    const c = (await submitHygiene()).json();
    const [row] = await query<{ form_sealed: string; applicant_name_sealed: string }>(
      ctx,
      sql`select form_sealed, applicant_name_sealed from applications.cases where id = ${c.id}`,
    );
    expect(row!.form_sealed).not.toContain(enterprise.name);
    const staffView = await view(clerk, c.id);
    expect(staffView.form.company_name).toBe(enterprise.name);
  });
});

describe('life-event bundles', () => {
  it('birth: one submission, accepted once, each department in parallel, one combined result', async () => {
    const back = await citizen.post('/api/me/acting-as', { enterpriseId: null });
    expect(back.statusCode).toBe(200);
    const bundle = (await citizen.get('/api/catalog/bundles/birth')).json();
    const form = sampleAnswers(bundle.form, PERSON);
    const materials: { code: string; uploadId: string }[] = [];
    for (const m of bundle.materials.filter(
      (x: { source: string; required: boolean }) => x.source === 'applicant' && x.required,
    )) {
      materials.push({ code: m.code, uploadId: (await upload(citizen, minimalPdf())).json().id });
    }
    const res = await citizen.request(
      'POST',
      '/api/applications/cases',
      { bundleCode: 'birth', form, materials },
      { 'idempotency-key': key() },
    );
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ kind: 'bundle', departmentCode: 'ASB', state: 'accept' });
    expect(c.items.length).toBeGreaterThanOrEqual(3);
    expect((await act(clerk, c.id, { action: 'accept', expectedSeq: 0 })).json().state).toBe('departments');
    const all = (await view(citizen, c.id)).branches as {
      code: string;
      departmentCode: string;
      done: boolean;
      waitingFor: string[];
    }[];
    expect(all.map((p) => p.code)).toEqual(['PSB', 'HRSS', 'HSA', 'HCB']);
    expect(all.every((p) => !p.done)).toBe(true);
    const parts = all.filter((p) => p.waitingFor.length === 0);
    // Each department acts in its own part only: ASB staff cannot complete another's part.
    const someone = await act(reviewer, c.id, {
      action: 'complete',
      branch: parts[0]!.code,
      expectedSeq: 1,
      result: { note: 'x' },
    });
    expect(someone.statusCode).toBe(422);
    // 出生登记 (PSB) and 医保参保 (HSA) need the birth certificate (HCB), the card (HRSS) needs the insurance:
    // they wait, out of their departments' inboxes, until what they need is done.
    type Part = {
      code: string;
      departmentCode: string;
      done: boolean;
      waitingFor: string[];
      stateName: { zh: string };
    };
    const waiting = (all as Part[]).filter((p) => p.waitingFor.length > 0);
    expect(Object.fromEntries(waiting.map((p) => [p.code, p.waitingFor]))).toEqual({
      PSB: ['HCB'],
      HSA: ['HCB'],
      HRSS: ['HSA'],
    });
    expect(waiting.find((p) => p.code === 'PSB')!.stateName.zh).toMatch(/^等待“出生医学证明.*”办结后办理$/);
    const psb = await departmentStaff('PSB');
    expect((await psb.get(`/api/applications/inbox?q=${c.caseNumber}`)).json().items).toEqual([]);
    const early = await act(psb, c.id, { action: 'complete', branch: 'PSB', expectedSeq: 1, result: { note: 'x' } });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.details[0].code).toBe('BRANCH_WAITING');
    let seq = 1;
    const order: string[] = [];
    for (let ready = parts as Part[]; ready.length > 0;) {
      const part = ready[0]!;
      const staff = await departmentStaff(part.departmentCode);
      const inbox = (await staff.get(`/api/applications/inbox?q=${c.caseNumber}`)).json();
      expect(inbox.items.map((i: { branch: string }) => i.branch)).toEqual([part.code]);
      const r = await act(staff, c.id, {
        action: 'complete',
        branch: part.code,
        expectedSeq: seq,
        result: { note: `${part.departmentCode} 已办结` },
      });
      expect(r.statusCode).toBe(200);
      order.push(part.code);
      seq++;
      ready = (r.json().branches as Part[]).filter((p) => !p.done && p.waitingFor.length === 0);
    }
    expect(order).toEqual(['HCB', 'PSB', 'HSA', 'HRSS']);
    const joined = await view(citizen, c.id);
    expect(joined.state).toBe('deliver');
    expect(
      joined.branches.every(
        (b: { done: boolean; outcome: string; result: { note: string } }) =>
          b.done && b.outcome === 'approved' && b.result.note,
      ),
    ).toBe(true);
    const done = await act(clerk, c.id, { action: 'complete', expectedSeq: seq, result: { note: '证件统一寄递' } });
    expect(done.json()).toMatchObject({ status: 'completed' });
    expect((await citizen.post('/api/me/acting-as', { enterpriseId: enterprise.enterpriseId })).statusCode).toBe(200);
  });
});

describe('inbox and deadlines', () => {
  it('sorts by deadline, flags overdue work, and the deadline job escalates once', async () => {
    const c = (await submitHygiene()).json();
    const job = await query<{ run_at: Date; key: string }>(
      ctx,
      sql`select run_at, key from platform.jobs where key like ${`deadline:${c.id}:%`}`,
    );
    expect(job).toHaveLength(1);
    // Two working days for acceptance, counted on the working-day calendar.
    expect(new Date(job[0]!.run_at).getTime()).toBeGreaterThan(Date.parse(c.submittedAt));
    ctx.clock.advance(10 * 24 * 3600_000);
    clerk = await signInStaff(ctx, 'clerk01', '10.9.0.2'); // the old session expired meanwhile
    const inbox = (await clerk.get('/api/applications/inbox?flag=overdue&pageSize=200')).json();
    expect(inbox.items.some((i: { caseId: string; overdue: boolean }) => i.caseId === c.id && i.overdue)).toBe(true);
    expect(inbox.counts.overdue).toBeGreaterThan(0);
    const sorted = (await clerk.get('/api/applications/inbox?pageSize=200')).json().items as {
      deadlineAt: string | null;
    }[];
    const times = sorted.map((i) => (i.deadlineAt ? Date.parse(i.deadlineAt) : Infinity));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    await ctx.platform.jobs.runDue();
    await ctx.platform.outbox.flush();
    const overdue = await query(
      ctx,
      sql`select payload from platform.outbox where topic = 'applications.case.overdue' and payload->>'caseId' = ${c.id}`,
    );
    expect(overdue).toHaveLength(1);
    const audit = await query(
      ctx,
      sql`select 1 from platform.audit_log where action = 'applications.case.overdue' and resource_id = ${c.id}`,
    );
    expect(audit).toHaveLength(1);
  });
});

async function createAsbStaff(username: string, roles: string[]): Promise<Client> {
  const staff = await createStaff(ctx, sysadmin, username);
  const departments = (await sysadmin.get('/api/org/departments')).json().items as { id: string; code: string }[];
  const post = await sysadmin.post('/api/org/posts', {
    accountId: staff.accountId,
    departmentId: departments.find((d) => d.code === 'ASB')!.id,
    title: '窗口',
    roles,
  });
  expect(post.statusCode).toBe(201);
  return signInWithTotp(ctx, username, staff.password, staff.secret);
}

const deptStaff = new Map<string, Client>();
async function departmentStaff(code: string): Promise<Client> {
  if (!deptStaff.has(code)) {
    const username = `${code.toLowerCase()}.handler`;
    const staff = await createStaff(ctx, sysadmin, username);
    const departments = (await sysadmin.get('/api/org/departments')).json().items as { id: string; code: string }[];
    await sysadmin.post('/api/org/posts', {
      accountId: staff.accountId,
      departmentId: departments.find((d) => d.code === code)!.id,
      title: '经办',
      roles: ['clerk', 'reviewer'],
    });
    deptStaff.set(code, await signInWithTotp(ctx, username, staff.password, staff.secret));
  }
  return deptStaff.get(code)!;
}

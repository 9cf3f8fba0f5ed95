/**
 * Cases end to end over HTTP: uploads checked by content, drafts, idempotent submission,
 * form and material validation with paths, the simple licence with a correction round trip,
 * claims, optimistic concurrency, withdrawal rules, bundles in parallel, the inbox, deadlines
 * from the job table, and that nobody else sees or acts on a case.
 */
import { sql } from 'kysely';
import type {
  ActionBody,
  DraftUpdate,
  EnterpriseLink,
  MaterialRef,
  PostRole,
  SubmitBody,
  paths,
} from '../../../contract/openapi.ts';
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
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  signInWithTotp,
  upload,
  type Client,
  type TestContext,
  uploadMaterials,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let enterprise: EnterpriseLink;
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

const uploaded = async (c: Client, bytes = minimalPdf(), fileName?: string) => ok(await upload(c, bytes, fileName));

const submit = (c: Client, body: SubmitBody, idempotencyKey = key()) =>
  c.POST('/api/applications/cases', { params: { header: { 'idempotency-key': idempotencyKey } }, body });

async function submitHygiene(c: Client = citizen, idempotencyKey = key()) {
  const body = {
    itemCode: HYGIENE.handlingItemCode,
    form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
    materials: await uploadMaterials(c, HYGIENE.materials),
  };
  return submit(c, body, idempotencyKey);
}
const filed = async () => ok(await submitHygiene());

const byId = (id: string) => ({ params: { path: { id } } });
const act = (c: Client, id: string, body: ActionBody) =>
  c.POST('/api/applications/cases/{id}/actions', { ...byId(id), body });
const claim = (c: Client, id: string) => c.POST('/api/applications/cases/{id}/claim', { ...byId(id), body: {} });
const release = (c: Client, id: string) => c.POST('/api/applications/cases/{id}/release', { ...byId(id), body: {} });
const view = async (c: Client, id: string) => ok(await c.GET('/api/applications/cases/{id}', byId(id)));
type InboxQuery = NonNullable<paths['/api/applications/inbox']['get']['parameters']['query']>;
const inbox = async (c: Client, query: InboxQuery) => ok(await c.GET('/api/applications/inbox', { params: { query } }));

beforeAll(async () => {
  ctx = await createTestApp({ residents: 40 });
  citizen = await signInCitizen(ctx, undefined, undefined, '10.9.0.1');
  enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
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
    const pdf = await upload(citizen, minimalPdf(), '申请书.pdf');
    expect(pdf.response.status).toBe(201);
    expect(ok(pdf)).toMatchObject({
      fileName: '申请书.pdf',
      mediaType: 'application/pdf',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const fake = await upload(citizen, Buffer.from('just text pretending to be a PDF'), 'fake.pdf');
    expect(fake.response.status).toBe(415);
    expect(errorCode(fake)).toBe('FILE_TYPE_NOT_ALLOWED');
    // The declared type does not matter: the bytes decide.
    const word = await upload(
      citizen,
      Buffer.from('PK\u0003\u0004 a zip file'),
      'a.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(errorCode(word)).toBe('FILE_TYPE_NOT_ALLOWED');
    const undeclared = await upload(citizen, minimalPdf(), 'scan', 'application/x-unknown');
    expect(undeclared.response.status).toBe(201);
    const back = await citizen.GET('/api/applications/uploads/{id}', { ...byId(ok(pdf).id), parseAs: 'arrayBuffer' });
    expect(back.response.status).toBe(200);
    expect(Buffer.from(ok(back)).equals(minimalPdf())).toBe(true);
  });

  it('refuses a file over the size limit', async () => {
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(ctx.config.uploadLimitBytes)]);
    const res = await upload(citizen, big);
    expect(res.response.status).toBe(413);
  });

  it('another person cannot fetch my upload', async () => {
    const mine = await uploaded(citizen);
    const other = await registerCitizen(ctx, { ip: '10.9.1.1' });
    const res = await other.client.GET('/api/applications/uploads/{id}', { ...byId(mine.id), parseAs: 'arrayBuffer' });
    expect(res.response.status).toBe(404);
  });
});

describe('drafts', () => {
  it('saves as the applicant types, and only for them', async () => {
    const created = await citizen.POST('/api/applications/drafts', {
      body: { itemCode: HYGIENE.handlingItemCode, form: { company_name: '半填' } },
    });
    expect(created.response.status).toBe(201);
    const { id } = ok(created);
    const save = (c: Client, body: DraftUpdate) => c.PUT('/api/applications/drafts/{id}', { ...byId(id), body });
    const saved = await save(citizen, { form: { company_name: '全名有限公司' }, materials: [] });
    expect(ok(saved).form).toEqual({ company_name: '全名有限公司' });
    expect(ok(await citizen.GET('/api/applications/drafts')).items.some((d) => d.id === id)).toBe(true);
    const other = await registerCitizen(ctx, { ip: '10.9.1.2' });
    expect((await other.client.GET('/api/applications/drafts/{id}', byId(id))).response.status).toBe(404);
    expect((await save(other.client, { form: {}, materials: [] })).response.status).toBe(404);
    expect((await other.client.DELETE('/api/applications/drafts/{id}', byId(id))).response.status).toBe(404);
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
    expect(first.response.status).toBe(201);
    const c = ok(first);
    expect(c.caseNumber).toMatch(/^330383-20261125-\d{8}$/);
    expect(c).toMatchObject({ status: 'in_progress', state: 'accept', seq: 0, departmentCode: 'ASB' });
    expect(c.headline.zh).toContain('受理');
    expect(c.dueAt).not.toBeNull();
    expect(c.materials.every((m) => /^[0-9a-f]{64}$/.test(m.sha256))).toBe(true);
    const materials = c.materials.map((m) => ({ code: m.code, uploadId: m.uploadId }));
    const again = await submit(
      citizen,
      {
        itemCode: HYGIENE.handlingItemCode,
        form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
        materials,
      },
      k,
    );
    // The same key and the same request: the first case again, not a second one.
    expect(again.response.status).toBe(200);
    expect(ok(again).id).toBe(c.id);
    // The same key with a different request is refused rather than answered with the first case.
    const other = await submit(
      citizen,
      {
        itemCode: HYGIENE.handlingItemCode,
        form: { ...sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }), employee_count: 99 },
        materials,
      },
      k,
    );
    expect(other.response.status).toBe(422);
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

  it('answers a retry with the first case even when the request would now be refused (its draft is gone)', async () => {
    const draft = ok(
      await citizen.POST('/api/applications/drafts', {
        body: { itemCode: HYGIENE.handlingItemCode, form: { company_name: '重试有限公司' } },
      }),
    );
    const k = key();
    const body: SubmitBody = {
      itemCode: HYGIENE.handlingItemCode,
      form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
      materials: await uploadMaterials(citizen, HYGIENE.materials),
      draftId: draft.id,
    };
    const first = await submit(citizen, body, k);
    expect(first.response.status).toBe(201);
    // The filing used the draft up: a new filing naming it is refused, a retry of the first is answered.
    expect((await citizen.GET('/api/applications/drafts/{id}', byId(draft.id))).response.status).toBe(404);
    expect((await submit(citizen, body)).response.status).toBe(404);
    const again = await submit(citizen, body, k);
    expect(again.response.status).toBe(200);
    expect(ok(again).id).toBe(ok(first).id);
  });

  it('answers the same key and request with the first case, even at the same time', async () => {
    const k = key();
    const body = {
      itemCode: HYGIENE.handlingItemCode,
      form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
      materials: await uploadMaterials(citizen, HYGIENE.materials),
    };
    const [a, b] = await Promise.all([submit(citizen, body, k), submit(citizen, body, k)]);
    expect([a.response.status, b.response.status].sort()).toEqual([200, 201]);
    expect(ok(a).id).toBe(ok(b).id);
  });

  it('files under the version just published: the catalogue forgets its current version when it publishes', async () => {
    const before = ok(await submitHygiene());
    const deptadmin = await signInStaff(ctx, 'deptadmin01', '10.9.0.6');
    const published = await deptadmin.PUT('/api/catalog/items/{code}', {
      params: { path: { code: HYGIENE.handlingItemCode } },
      body: HYGIENE,
    });
    expect(published.response.status, JSON.stringify(published.error)).toBe(200);
    const version = ok(published).version;
    expect(version).toBe(before.itemVersion! + 1);
    const after = ok(await submitHygiene());
    expect(after.itemVersion).toBe(version);
    // The first case stays pinned to the version it was filed under.
    expect((await view(citizen, before.id)).itemVersion).toBe(before.itemVersion);
  });

  it('needs an Idempotency-Key', async () => {
    // raw: without the Idempotency-Key header the contract requires
    const res = await citizen.raw('POST', '/api/applications/cases', {
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
    const res = await submit(citizen, {
      itemCode: HYGIENE.handlingItemCode,
      form,
      materials: await uploadMaterials(citizen, HYGIENE.materials),
    });
    expect(res.response.status).toBe(400);
    expect(errorCode(res)).toBe('FORM_INVALID');
    const paths = res.error!.error.details!.map((d) => d.path);
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
    const res = await submit(citizen, { itemCode: HYGIENE.handlingItemCode, form, materials: [] });
    expect(res.response.status).toBe(400);
    expect(errorCode(res)).toBe('MATERIALS_INCOMPLETE');
    expect(res.error!.error.details!.map((d) => d.path)).toContain('/materials/application');
    const other = await registerCitizen(ctx, { ip: '10.9.1.3' });
    const theirs = await uploaded(other.client);
    const materials = (await uploadMaterials(citizen, HYGIENE.materials)).map((m, i) =>
      i === 0 ? { ...m, uploadId: theirs.id } : m,
    );
    const stolen = await submit(citizen, { itemCode: HYGIENE.handlingItemCode, form, materials });
    expect(stolen.response.status).toBe(400);
    expect(stolen.error!.error.details![0]!.path).toBe('/materials/0/uploadId');
  });

  it('files personal services as the person and enterprise services as the enterprise', async () => {
    const person = await registerCitizen(ctx, { ip: '10.9.1.4' });
    const res = await submitHygiene(person.client);
    // A freshly registered person is not yet real-name verified, or not an enterprise: refused either way.
    expect(res.response.status).toBe(403);
    const asEnterprise = await submit(citizen, {
      itemCode: MOVE_IN.handlingItemCode,
      form: sampleAnswers(MOVE_IN.form, PERSON),
      materials: [],
    });
    expect(errorCode(asEnterprise)).toBe('PERSON_REQUIRED');
  });
});

describe('handling a simple licence', () => {
  it('accept → correction → resubmit → pass → approve → complete, with the history and notifications', async () => {
    const c = await filed();
    // The clerk sees it in the inbox and claims it.
    const work = await inbox(clerk, { q: c.caseNumber });
    expect(work.items).toHaveLength(1);
    expect(work.items[0]).toMatchObject({ caseId: c.id, state: 'accept', claimedBy: null, overdue: false });
    const claimed = await claim(clerk, c.id);
    expect(claimed.response.status).toBe(200);
    expect(ok(claimed).releasable).toEqual([null]);
    // Someone else holding the claim keeps others out.
    const clerk2 = await createAsbStaff('clerk.two', ['clerk']);
    const blocked = await act(clerk2, c.id, { action: 'accept', expectedSeq: 0 });
    expect(blocked.response.status).toBe(409);
    expect(errorCode(blocked)).toBe('CASE_CLAIMED');

    const accepted = await act(clerk, c.id, { action: 'accept', expectedSeq: 0 });
    expect(accepted.response.status).toBe(200);
    expect(ok(accepted)).toMatchObject({ state: 'review', seq: 1 });

    // The reviewer asks for a correction; the items to fix are listed.
    const noItems = await act(reviewer, c.id, { action: 'request_correction', expectedSeq: 1 });
    expect(noItems.response.status).toBe(422);
    expect(noItems.error!.error.details![0]!.code).toBe('MISSING_CORRECTION_ITEMS');
    const corr = await act(reviewer, c.id, {
      action: 'request_correction',
      expectedSeq: 1,
      correctionItems: ['平面布局图不清晰', '请补充从业人员健康证明'],
    });
    expect(ok(corr)).toMatchObject({
      status: 'correction',
      correction: { items: ['平面布局图不清晰', '请补充从业人员健康证明'] },
    });
    const mine = await view(citizen, c.id);
    expect(mine.status).toBe('correction');
    expect(mine.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['resubmit', 'withdraw']));

    // Resubmission with new materials returns the case to review.
    const materials = await uploadMaterials(citizen, HYGIENE.materials);
    const resub = await act(citizen, c.id, { action: 'resubmit', expectedSeq: 2, materials });
    expect(resub.response.status).toBe(200);
    expect(ok(resub)).toMatchObject({ state: 'review', status: 'in_progress' });

    expect(
      (await act(reviewer, c.id, { action: 'pass', expectedSeq: 3, comment: '材料齐全，符合条件' })).response.status,
    ).toBe(200);
    expect((await act(approver, c.id, { action: 'approve', expectedSeq: 4, comment: '同意' })).response.status).toBe(
      200,
    );
    // After the decision the applicant may no longer withdraw.
    const late = await act(citizen, c.id, { action: 'withdraw', expectedSeq: 5 });
    expect(late.response.status).toBe(422);
    expect(late.error!.error.details![0]!.code).toBe('WITHDRAW_AFTER_DECISION');
    const done = await act(clerk, c.id, {
      action: 'complete',
      expectedSeq: 5,
      result: { note: '准予许可，证照已寄出', documentNumber: '龙卫公证字〔2026〕第 0001 号' },
    });
    expect(done.response.status).toBe(200);
    const final = await view(citizen, c.id);
    expect(final).toMatchObject({
      status: 'completed',
      outcome: 'completed',
      result: { documentNumber: '龙卫公证字〔2026〕第 0001 号' },
      actions: [],
    });
    expect(final.history.map((h) => h.action)).toEqual([
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
    expect((await inbox(clerk, { q: c.caseNumber })).items).toHaveLength(0);
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
    const messages = ok(await citizen.GET('/api/me/notifications', { params: { query: { pageSize: 100 } } })).items;
    expect(messages.filter((m) => m.link === `/cases/${c.id}`)).toHaveLength(7);
  });

  it('two staff acting at once: exactly one wins, the other gets CASE_CONFLICT', async () => {
    const c = await filed();
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
    const codes = [a.response.status, b.response.status].sort();
    expect(codes).toEqual([200, 409]);
    expect(errorCode(a.response.status === 409 ? a : b)).toBe('CASE_CONFLICT');
    const events = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from applications.case_events where case_id = ${c.id}`,
    );
    expect(events[0]!.n).toBe(1);
    // A stale seq is refused outright.
    expect(errorCode(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }))).toBe('CASE_CONFLICT');
  });

  it('the applicant may withdraw before a decision, and rejection needs a reason and its legal basis', async () => {
    const c = await filed();
    const w = await act(citizen, c.id, { action: 'withdraw', expectedSeq: 0 });
    expect(ok(w)).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn' });
    const d = await filed();
    const bare = await act(clerk, d.id, { action: 'reject', expectedSeq: 0, reason: '不符合条件' });
    expect(bare.error!.error.details![0]!.code).toBe('MISSING_REASON');
    const r = await act(clerk, d.id, {
      action: 'reject',
      expectedSeq: 0,
      reason: '经营场所不符合条件',
      legalBasis: '《公共场所卫生管理条例》第八条',
    });
    expect(ok(r)).toMatchObject({
      status: 'rejected',
      rejection: { reason: '经营场所不符合条件', legalBasis: '《公共场所卫生管理条例》第八条' },
    });
  });

  it('the role must fit the step: a missing role is 403 ROLE_REQUIRED, not a refused input', async () => {
    const c = await filed();
    // approver01 works in the right department (行政审批局) but holds no clerk post: a missing permission
    const res = await act(approver, c.id, { action: 'accept', expectedSeq: 0 });
    expect(res.response.status).toBe(403);
    expect(errorCode(res)).toBe('ROLE_REQUIRED');
    expect(res.error!.error.details![0]).toMatchObject({ path: '/action', code: 'ROLE_NOT_ALLOWED' });
    // the case did not move
    expect((await view(clerk, c.id)).seq).toBe(0);
    // an input the server understood but refuses stays 422; a stale seq stays 409
    const noReason = await act(clerk, c.id, { action: 'reject', expectedSeq: 0 });
    expect(noReason.response.status).toBe(422);
    expect(errorCode(noReason)).toBe('ACTION_REFUSED');
    const stale = await act(clerk, c.id, { action: 'accept', expectedSeq: 5 });
    expect(stale.response.status).toBe(409);
    expect(errorCode(stale)).toBe('CASE_CONFLICT');
    // a citizen claiming a case is a missing permission too
    const claimed = await claim(citizen, c.id);
    expect(claimed.response.status).toBe(403);
    expect(errorCode(claimed)).toBe('ROLE_REQUIRED');
  });
});

describe('who sees a case', () => {
  it('another citizen, and staff of another department, get CASE_NOT_FOUND on every route', async () => {
    const c = await filed();
    const other = await registerCitizen(ctx, { ip: '10.9.1.5' });
    const psbClerk = await createStaff(ctx, sysadmin, 'psb.clerk.x');
    await givePost(psbClerk.accountId, 'PSB', '窗口', ['clerk']);
    const psb = await signInWithTotp(ctx, 'psb.clerk.x', psbClerk.password, psbClerk.secret, '10.9.1.6');
    for (const who of [other.client, psb]) {
      expect((await who.GET('/api/applications/cases/{id}', byId(c.id))).response.status).toBe(404);
      expect(errorCode(await act(who, c.id, { action: 'accept', expectedSeq: 0 }))).toBe('CASE_NOT_FOUND');
      expect((await claim(who, c.id)).response.status).toBe(404);
      expect((await release(who, c.id)).response.status).toBe(404);
      const material = await who.GET('/api/applications/cases/{id}/materials/{code}', {
        params: { path: { id: c.id, code: 'application' } },
        parseAs: 'arrayBuffer',
      });
      expect(material.response.status).toBe(404);
      const list = await who.GET('/api/applications/cases', { params: { query: { q: c.caseNumber } } });
      expect(list.data?.items ?? []).toHaveLength(0);
    }
    expect((await inbox(psb, { q: c.caseNumber })).items).toHaveLength(0);
    // Citizens have no inbox.
    expect((await other.client.GET('/api/applications/inbox')).response.status).toBe(403);
    // Staff reading the filing is recorded for the applicant to see.
    await view(clerk, c.id);
    const reads = await query(ctx, sql`select 1 from platform.personal_data_access where resource_id = ${c.id}`);
    expect(reads.length).toBeGreaterThan(0);
  });

  it('staff see masked applicant names; the form stays sealed at rest', async () => {
    const c = await filed();
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
    const back = await citizen.POST('/api/me/acting-as', { body: { enterpriseId: null } });
    expect(back.response.status).toBe(200);
    const bundle = ok(await citizen.GET('/api/catalog/bundles/{code}', { params: { path: { code: 'birth' } } }));
    const form = sampleAnswers(bundle.form, PERSON);
    const materials: MaterialRef[] = [];
    for (const m of bundle.materials.filter((x) => x.source === 'applicant' && x.required)) {
      materials.push({ code: m.code, uploadId: (await uploaded(citizen)).id });
    }
    const res = await submit(citizen, { bundleCode: 'birth', form, materials });
    expect(res.response.status).toBe(201);
    const c = ok(res);
    expect(c).toMatchObject({ kind: 'bundle', departmentCode: 'ASB', state: 'accept' });
    expect(c.items.length).toBeGreaterThanOrEqual(3);
    expect(ok(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 })).state).toBe('departments');
    const all = (await view(citizen, c.id)).branches;
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
    expect(someone.response.status).toBe(403);
    expect(errorCode(someone)).toBe('ROLE_REQUIRED');
    // 出生登记 (PSB) and 医保参保 (HSA) need the birth certificate (HCB), the card (HRSS) needs the insurance:
    // they wait, out of their departments' inboxes, until what they need is done.
    const waiting = all.filter((p) => p.waitingFor.length > 0);
    expect(Object.fromEntries(waiting.map((p) => [p.code, p.waitingFor]))).toEqual({
      PSB: ['HCB'],
      HSA: ['HCB'],
      HRSS: ['HSA'],
    });
    expect(waiting.find((p) => p.code === 'PSB')!.stateName.zh).toMatch(/^等待“出生医学证明.*”办结后办理$/);
    const psb = await departmentStaff('PSB');
    expect((await inbox(psb, { q: c.caseNumber })).items).toEqual([]);
    const early = await act(psb, c.id, { action: 'complete', branch: 'PSB', expectedSeq: 1, result: { note: 'x' } });
    expect(early.response.status).toBe(422);
    expect(early.error!.error.details![0]!.code).toBe('BRANCH_WAITING');
    let seq = 1;
    const order: string[] = [];
    for (let ready = parts; ready.length > 0;) {
      const part = ready[0]!;
      const staff = await departmentStaff(part.departmentCode);
      const work = await inbox(staff, { q: c.caseNumber });
      expect(work.items.map((i) => i.branch)).toEqual([part.code]);
      const r = await act(staff, c.id, {
        action: 'complete',
        branch: part.code,
        expectedSeq: seq,
        result: { note: `${part.departmentCode} 已办结` },
      });
      expect(r.response.status).toBe(200);
      order.push(part.code);
      seq++;
      ready = ok(r).branches.filter((p) => !p.done && p.waitingFor.length === 0);
    }
    expect(order).toEqual(['HCB', 'PSB', 'HSA', 'HRSS']);
    const joined = await view(citizen, c.id);
    expect(joined.state).toBe('deliver');
    expect(joined.branches.every((b) => b.done && b.outcome === 'approved' && b.result?.note)).toBe(true);
    const done = await act(clerk, c.id, { action: 'complete', expectedSeq: seq, result: { note: '证件统一寄递' } });
    expect(ok(done)).toMatchObject({ status: 'completed' });
    ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  });
});

describe('inbox and deadlines', () => {
  it('sorts by deadline, flags overdue work, and the deadline job escalates once', async () => {
    const c = await filed();
    const job = await query<{ run_at: Date; key: string }>(
      ctx,
      sql`select run_at, key from platform.jobs where key like ${`deadline:${c.id}:%`}`,
    );
    expect(job).toHaveLength(1);
    // Two working days for acceptance, counted on the working-day calendar.
    expect(new Date(job[0]!.run_at).getTime()).toBeGreaterThan(Date.parse(c.submittedAt));
    ctx.clock.advance(10 * 24 * 3600_000);
    clerk = await signInStaff(ctx, 'clerk01', '10.9.0.2'); // the old session expired meanwhile
    const overdueWork = await inbox(clerk, { flag: 'overdue', pageSize: 200 });
    expect(overdueWork.items.some((i) => i.caseId === c.id && i.overdue)).toBe(true);
    expect(overdueWork.counts.overdue).toBeGreaterThan(0);
    const sorted = (await inbox(clerk, { pageSize: 200 })).items;
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

/** Give a staff account a post in a department, as the system admin. */
async function givePost(accountId: string, departmentCode: string, title: string, roles: PostRole[]) {
  const departments = ok(await sysadmin.GET('/api/org/departments')).items;
  const departmentId = departments.find((d) => d.code === departmentCode)!.id;
  const post = await sysadmin.POST('/api/org/posts', { body: { accountId, departmentId, title, roles } });
  expect(post.response.status).toBe(201);
}

async function createAsbStaff(username: string, roles: PostRole[]): Promise<Client> {
  const staff = await createStaff(ctx, sysadmin, username);
  await givePost(staff.accountId, 'ASB', '窗口', roles);
  return signInWithTotp(ctx, username, staff.password, staff.secret);
}

const deptStaff = new Map<string, Client>();
async function departmentStaff(code: string): Promise<Client> {
  if (!deptStaff.has(code)) {
    const username = `${code.toLowerCase()}.handler`;
    const staff = await createStaff(ctx, sysadmin, username);
    await givePost(staff.accountId, code, '经办', ['clerk', 'reviewer']);
    deptStaff.set(code, await signInWithTotp(ctx, username, staff.password, staff.secret));
  }
  return deptStaff.get(code)!;
}

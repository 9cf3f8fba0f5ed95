/**
 * Consent with preview, prefill from registries, and evidence instead of uploads: the preview
 * shows the applicant's own registry values with their source and why, and which documents are
 * shared or must be uploaded; filing reads the shared documents under the grant (with the
 * consent when the grant is not statutory) in the filing's transaction, attaching them with
 * provenance; a missing or withdrawn consent, or a registry without a record, falls back to an
 * upload; nobody sees or uses another person's preview or consent; an enterprise's agent
 * consents for the enterprise.
 */
import { sql } from 'kysely';
import type { EnterpriseLink, SubmitBody } from '../../../contract/openapi.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_CITY_CODE } from '../../src/demo/city.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { recordRow, type NewRecord } from '../../src/modules/exchange/index.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { PII } from '../../src/platform/pii.ts';
import { minimalPdf } from '../fixtures.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  upload,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let asbAdmin: Client;
let enterprise: EnterpriseLink;

const item = (name: string) => DEMO_ITEMS.find((i) => i.name.zh === name)!;
/** 户口迁入: PSB, person; ID card and household register shared; its address prefilled from the population registry. */
const MOVE_IN = item('户口迁入（市外迁入）');
/** 公共场所卫生许可: ASB, enterprise; the business licence shared. */
const HYGIENE = item('公共场所卫生许可');
const idNumber = makeCitizenId(DEMO_CITY_CODE, DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence);
const ADDRESS = '龙港市华中社区龙翔路 18 号';
const PERSON = { name: DEMO_CITIZEN.name, idNumber, phone: DEMO_CITIZEN.phone, address: ADDRESS };

let seq = 0;
const key = () => `evidence-${Date.now()}-${++seq}`;
const submit = (c: Client, body: SubmitBody) =>
  c.POST('/api/applications/cases', { params: { header: { 'idempotency-key': key() } }, body });
const preview = (c: Client, itemCode: string) => c.POST('/api/exchange/preview', { body: { itemCode } });
const agree = (c: Client, itemCode: string) => c.POST('/api/exchange/preview/consent', { body: { itemCode } });
const uploadOf = async (c: Client, code: string) => ({ code, uploadId: ok(await upload(c, minimalPdf())).id });

async function seed(r: NewRecord) {
  await ctx.database.db
    .withSchema('exchange')
    .insertInto('records' as never)
    .values(recordRow(ctx.platform.protector, r, ctx.clock.now()) as never)
    .execute();
}

const grantDocuments = (body: { granteeItem?: string; granteeDepartment?: string; statutory: boolean }) =>
  asbAdmin.POST('/api/exchange/grants', {
    body: {
      registry: 'documents',
      fields: ['documentType', 'number', 'holderName', 'issuedBy'],
      purpose: '办件免交证照复印件',
      legalBasis: '《政务信息资源共享管理暂行办法》',
      ...body,
    },
  });

const moveInBody = async (c: Client, uploads: string[] = []) => ({
  itemCode: MOVE_IN.handlingItemCode,
  form: sampleAnswers(MOVE_IN.form, PERSON),
  materials: [await uploadOf(c, 'housing_proof'), ...(await Promise.all(uploads.map((u) => uploadOf(c, u))))],
});

beforeAll(async () => {
  ctx = await createTestApp({ residents: 40 });
  citizen = await signInCitizen(ctx);
  asbAdmin = await signInStaff(ctx, 'deptadmin01', '10.9.0.2');
  enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  // The seeded city grants both items their documents by law and holds the citizen's ID card,
  // household register, population record and the enterprise's business licence. This test
  // makes the documents grants itself (consent-based) and holds its own records: the household
  // register is not held, so it must be uploaded.
  const { protector } = ctx.platform;
  await sql`delete from exchange.grants where registry_code = 'documents'
            and grantee_item_code in (${MOVE_IN.handlingItemCode}, ${HYGIENE.handlingItemCode})`.execute(
    ctx.database.db,
  );
  await sql`delete from exchange.records where
            (subject_index = ${protector.blindIndex(idNumber, PII.citizenId)}
              and record_type in ('id_card', 'household_book', 'person'))
            or (subject_index = ${protector.blindIndex(enterprise.uscc, PII.citizenId)}
              and record_type = 'business_licence')`.execute(ctx.database.db);
  const issuedAt = new Date('2021-03-01T00:00:00Z');
  await seed({
    registry: 'documents',
    recordType: 'id_card',
    subject: { idNumber },
    version: 1,
    values: { documentType: 'id_card', number: idNumber, holderName: DEMO_CITIZEN.name, issuedBy: '龙港市公安局' },
    issuedAt,
  });
  await seed({
    registry: 'population-registry',
    recordType: 'person',
    subject: { idNumber },
    version: 1,
    values: { name: DEMO_CITIZEN.name, idNumber, address: ADDRESS, householdId: 'HH-0001' },
    issuedAt,
  });
  await seed({
    registry: 'documents',
    recordType: 'business_licence',
    subject: { uscc: enterprise.uscc },
    version: 2,
    values: { documentType: 'business_licence', number: enterprise.uscc, holderName: enterprise.name },
    issuedAt,
  });
});
afterAll(async () => {
  await ctx.teardown();
});

describe('the preview', () => {
  it("shows the applicant's own registry values with source and purpose; documents without a grant are not read", async () => {
    const p = ok(await preview(citizen, MOVE_IN.handlingItemCode));
    const address = p.values.find((v) => v.fieldKey === 'applicant_address')!;
    expect(address).toMatchObject({
      source: 'registry:population-registry.address',
      registry: 'population-registry',
      ownerDepartmentCode: 'PSB',
      value: ADDRESS,
      statutory: false,
    });
    expect(address.ownerDepartmentName.zh).toBe('龙港市公安局');
    expect(address.purpose).toContain('户口迁入');
    expect(p.evidence.map((e) => [e.materialCode, e.outcome])).toEqual([
      ['id_card', 'not_granted'],
      ['household_book', 'not_granted'],
    ]);
    expect(p.consents).toEqual([
      expect.objectContaining({ itemCode: MOVE_IN.handlingItemCode, fields: ['population-registry.address'] }),
    ]);
    // Reading one's own data is not a third party's read: nothing in the data tracker (but the
    // demo's mini-apps' sign-ins, which the seed records).
    const logged = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.personal_data_access
          where subject_index = ${ctx.platform.protector.blindIndex(idNumber, PII.citizenId)}
            and resource_type <> 'superapp.app'`,
    );
    expect(logged[0]!.n).toBe(0);
  });

  it("is the signed-in person's own: another citizen sees none of it, and cannot withdraw the consent", async () => {
    const other = (await registerCitizen(ctx, { ip: '10.9.0.9' })).client;
    const p = ok(await preview(other, MOVE_IN.handlingItemCode));
    expect(p.values).toEqual([]);
    expect(JSON.stringify(p)).not.toContain(ADDRESS);
    expect(p.missing.map((m) => m.reason)).toEqual(['no_record']);
    const given = ok(await agree(citizen, MOVE_IN.handlingItemCode)).consents[0]!;
    expect(
      errorCode(await other.POST('/api/exchange/consents/{id}/withdraw', { params: { path: { id: given.id } } })),
    ).toBe('CONSENT_NOT_FOUND');
    expect(ok(await other.GET('/api/exchange/consents')).items).toEqual([]);
    expect(errorCode(await preview(client(ctx, '10.9.0.10'), MOVE_IN.handlingItemCode))).toBe('UNAUTHENTICATED');
  });
});

describe('evidence at filing', () => {
  it('needs the consent for a non-statutory grant: refused (and logged) without it, the filing says so', async () => {
    ok(await grantDocuments({ granteeItem: MOVE_IN.handlingItemCode, statutory: false }));
    // A new consent version is needed for the documents: withdraw the one given above.
    for (const c of ok(await citizen.GET('/api/exchange/consents')).items.filter((x) => !x.withdrawnAt))
      ok(await citizen.POST('/api/exchange/consents/{id}/withdraw', { params: { path: { id: c.id } } }));
    const p = ok(await preview(citizen, MOVE_IN.handlingItemCode));
    expect(p.evidence.map((e) => [e.materialCode, e.outcome, e.reason])).toEqual([
      ['id_card', 'fetched', null],
      ['household_book', 'upload', 'no_record'],
    ]);
    expect(p.consents[0]!.fields).toContain('documents.number');
    expect(p.consents[0]!.given).toBeNull();

    const refused = await submit(citizen, await moveInBody(citizen, ['household_book']));
    expect(errorCode(refused)).toBe('MATERIALS_INCOMPLETE');
    expect(refused.error?.error.details).toEqual([
      expect.objectContaining({ path: '/materials/id_card', code: 'EXCHANGE_CONSENT_REQUIRED' }),
    ]);
    const log = await query<{ refusal: string | null; system_id: string | null }>(
      ctx,
      sql`select refusal, system_id from platform.personal_data_access
          where subject_index = ${ctx.platform.protector.blindIndex(idNumber, PII.citizenId)} order by at desc limit 1`,
    );
    expect(log[0]).toEqual({ refusal: 'EXCHANGE_CONSENT_REQUIRED', system_id: 'applications.filing' });
  });

  it('with the consent: the ID card is fetched in the filing, with provenance, sealed; no record asks for the upload', async () => {
    const agreed = ok(await agree(citizen, MOVE_IN.handlingItemCode)).consents;
    expect(agreed).toHaveLength(1);
    expect(ok(await preview(citizen, MOVE_IN.handlingItemCode)).consents[0]!.given?.id).toBe(agreed[0]!.id);

    const noRecord = await submit(citizen, await moveInBody(citizen));
    expect(noRecord.error?.error.details).toEqual([
      expect.objectContaining({ path: '/materials/household_book', code: 'EVIDENCE_NOT_HELD' }),
    ]);

    const filed = ok(await submit(citizen, await moveInBody(citizen, ['household_book'])));
    expect(filed.evidence).toEqual([
      expect.objectContaining({
        materialCode: 'id_card',
        registry: 'documents',
        ownerDepartmentCode: 'ASB',
        recordType: 'id_card',
        recordVersion: 1,
        values: null,
      }),
    ]);
    expect(filed.evidence[0]!.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(filed.materials.map((m) => m.code).sort()).toEqual(['household_book', 'housing_proof']);
    const raw = await query<Record<string, unknown>>(
      ctx,
      sql`select * from applications.case_evidence where case_id = ${filed.id}`,
    );
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw)).not.toContain(idNumber);
    expect(JSON.stringify(raw)).not.toContain(DEMO_CITIZEN.name);
    const read = await query<{ case_number: string; department_code: string; outcome: string }>(
      ctx,
      sql`select case_number, department_code, outcome from platform.personal_data_access
          where case_number = ${filed.caseNumber}`,
    );
    expect(read).toEqual([{ case_number: filed.caseNumber, department_code: 'PSB', outcome: 'read' }]);
  });

  it('after the consent is withdrawn the read is refused again, and an upload is used instead', async () => {
    const consent = ok(await citizen.GET('/api/exchange/consents')).items.find((c) => !c.withdrawnAt)!;
    ok(await citizen.POST('/api/exchange/consents/{id}/withdraw', { params: { path: { id: consent.id } } }));
    const refused = await submit(citizen, await moveInBody(citizen, ['household_book']));
    expect(refused.error?.error.details?.[0]?.code).toBe('EXCHANGE_CONSENT_REQUIRED');
    const filed = ok(await submit(citizen, await moveInBody(citizen, ['household_book', 'id_card'])));
    expect(filed.evidence).toEqual([]);
    expect(filed.materials.map((m) => m.code).sort()).toEqual(['household_book', 'housing_proof', 'id_card']);
  });
});

describe('an enterprise agent', () => {
  it('consents for the enterprise; the business licence is fetched and the clerk sees it with its values', async () => {
    ok(await grantDocuments({ granteeItem: HYGIENE.handlingItemCode, statutory: false }));
    ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
    const p = ok(await preview(citizen, HYGIENE.handlingItemCode));
    expect(p.subject).toEqual({ kind: 'enterprise', name: enterprise.name });
    expect(p.evidence.find((e) => e.materialCode === 'business_licence')?.outcome).toBe('fetched');
    const given = ok(await agree(citizen, HYGIENE.handlingItemCode)).consents;
    expect(given.map((c) => c.itemCode)).toEqual([HYGIENE.handlingItemCode]);
    const mine = ok(await citizen.GET('/api/exchange/consents')).items;
    expect(mine.map((c) => [c.subjectKind, c.enterpriseId, c.withdrawnAt])).toEqual([
      ['enterprise', enterprise.enterpriseId, null],
    ]);
    const materials = await Promise.all(
      HYGIENE.materials.filter((m) => m.source === 'applicant' && m.required).map((m) => uploadOf(citizen, m.code)),
    );
    const filed = ok(
      await submit(citizen, {
        itemCode: HYGIENE.handlingItemCode,
        form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
        materials,
      }),
    );
    expect(filed.evidence.map((e) => [e.materialCode, e.recordVersion])).toEqual([['business_licence', 2]]);
    const clerk = await signInStaff(ctx, 'clerk01', '10.9.0.3');
    const seen = ok(await clerk.GET('/api/applications/cases/{id}', { params: { path: { id: filed.id } } }));
    expect(seen.evidence[0]!.values).toMatchObject({ number: enterprise.uscc, documentType: 'business_licence' });
    // Back as a person: the enterprise's consent is not the person's.
    ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: null } }));
    const personal = ok(await citizen.GET('/api/exchange/consents')).items;
    expect(personal.every((c) => c.subjectKind === 'person')).toBe(true);
  });
});

/**
 * Certificates as shared evidence, after issuance:
 * - revoking or suspending a certificate (and reinstating it) updates its record in the
 *   exchange's registry of issued documents (电子证照库); a read still returns it (with its
 *   status) and is logged; the preview and the filing treat a revoked or suspended certificate
 *   as unavailable, so the applicant uploads instead; earlier evidence keeps its digest;
 * - a 出生医学证明 is about the newborn (the case form's child, with the parents), held by the
 *   parents: in each parent's card wallet, filed under each parent in the registry, where the
 *   parent's later 出生登记 finds it; nobody else sees it.
 */
import { decodeJwt } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionBody, EnterpriseLink, SubmitBody } from '../../../contract/openapi.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { saltedDigest } from '../../src/modules/credentials/credentials.holders.ts';
import { RECORD_CONTEXT } from '../../src/modules/exchange/exchange.context.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { maskName } from '../../src/platform/masking.ts';
import { PII } from '../../src/platform/pii.ts';
import { minimalPdf } from '../fixtures.ts';
import {
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  upload,
  uploadMaterials,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let enterprise: EnterpriseLink;

const item = (name: string) => DEMO_ITEMS.find((i) => i.name.zh === name)!;
/** 企业设立登记 (AMR): its result is the business licence (营业执照). */
const COMPANY = item('企业设立登记');
/** 公共场所卫生许可 (ASB): takes the enterprise's business licence as shared evidence (by law). */
const HYGIENE = item('公共场所卫生许可');
/** 出生医学证明首次签发 (HCB) and, later, 出生登记 (PSB), which takes the birth certificate as evidence. */
const BIRTH = item('出生医学证明首次签发');
const REGISTRATION = item('出生登记（户口申报）');
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: '龙港市华中社区 1 号',
};

let seq = 0;
const submit = (c: Client, body: SubmitBody) =>
  c.POST('/api/applications/cases', { params: { header: { 'idempotency-key': `cred-ev-${++seq}` } }, body });
const uploadOf = async (c: Client, code: string) => ({ code, uploadId: ok(await upload(c, minimalPdf())).id });
const act = (c: Client, id: string, body: ActionBody) =>
  c.POST('/api/applications/cases/{id}/actions', { params: { path: { id } }, body });

/** Take a filed case through accept → pass → approve → complete by the department's staff, and deliver the events. */
async function complete(dept: string, caseId: string) {
  // One after another: each sign-in moves the clock a TOTP step.
  const staff: Client[] = [];
  for (const [i, r] of ['clerk', 'reviewer', 'approver'].entries())
    staff.push(await signInStaff(ctx, `${dept}-${r}`, `10.81.${seq}.${i + 1}`));
  const [clerk, reviewer, approver] = staff;
  ok(await act(clerk!, caseId, { action: 'accept', expectedSeq: 0 }));
  ok(await act(reviewer!, caseId, { action: 'pass', expectedSeq: 1, comment: '符合条件' }));
  ok(await act(approver!, caseId, { action: 'approve', expectedSeq: 2, comment: '同意' }));
  ok(await act(clerk!, caseId, { action: 'complete', expectedSeq: 3, result: { note: '准予' } }));
  await ctx.platform.outbox.flush();
  return clerk!;
}

/** The status of the `documents` records of a certificate number, per subject (blind index). */
/** A certificate's records in `documents` (or, with `registry`, in its authentic registry, by its number field). */
async function registryStatus(
  number: string,
  subjects: string[],
  recordType: string,
  registry = { code: 'documents', numberField: 'number' },
) {
  const rows = await query<{ data_enc: string; status: string; digest: string; subject_index: string }>(
    ctx,
    sql`select data_enc, status, digest, subject_index from exchange.records
        where registry_code = ${registry.code} and record_type = ${recordType}
          and subject_index in (${sql.join(subjects.map((s) => ctx.platform.protector.blindIndex(s, PII.citizenId)))})`,
  );
  return rows
    .map((r) => ({ ...r, values: JSON.parse(ctx.platform.protector.open(r.data_enc, RECORD_CONTEXT)) }))
    .filter((r) => r.values[registry.numberField] === number);
}
const BIRTH_REGISTRY = { code: 'birth-certificates', numberField: 'certificateNumber' };

const evidenceOutcome = async (c: Client, itemCode: string, material: string) =>
  ok(await c.POST('/api/exchange/preview', { body: { itemCode } })).evidence.find((e) => e.materialCode === material);

const hygieneBody = async (uploads: string[] = []): Promise<SubmitBody> => ({
  itemCode: HYGIENE.handlingItemCode,
  form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
  materials: [
    ...(await uploadMaterials(citizen, HYGIENE.materials)),
    ...(await Promise.all(uploads.map((u) => uploadOf(citizen, u)))),
  ],
});

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  citizen = await signInCitizen(ctx, undefined, undefined, '10.81.0.1');
  enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  // The seeded city holds a business licence of the enterprise: this test's comes from its own case.
  await sql`delete from exchange.records where record_type = 'business_licence'
            and subject_index = ${ctx.platform.protector.blindIndex(enterprise.uscc, PII.citizenId)}`.execute(
    ctx.database.db,
  );
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

describe('a revoked or suspended certificate in the registry of issued documents', () => {
  it('is marked so; the preview and the filing ask for an upload instead; reinstated, it is evidence again', async () => {
    ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
    const filed = ok(
      await submit(citizen, {
        itemCode: COMPANY.handlingItemCode,
        form: sampleAnswers(COMPANY.form, { ...PERSON, company: enterprise }),
        materials: await uploadMaterials(citizen, COMPANY.materials),
      }),
    );
    const amrClerk = await complete('amr', filed.id);
    const cert = ok(await citizen.GET('/api/credentials/mine')).items.find((c) => c.caseNumber === filed.caseNumber)!;
    expect(cert.name.zh).toBe('营业执照');
    const [issued] = await registryStatus(cert.number, [enterprise.uscc], 'business_licence');
    expect(issued).toMatchObject({ status: 'valid' });
    expect(await evidenceOutcome(citizen, HYGIENE.handlingItemCode, 'business_licence')).toMatchObject({
      outcome: 'fetched',
    });
    const status = (action: 'revoke' | 'suspend' | 'reinstate') =>
      amrClerk.POST('/api/credentials/certificates/{id}/status', {
        params: { path: { id: cert.id } },
        body: { action, reason: '责令停业整顿', legalBasis: '《中华人民共和国市场主体登记管理条例》第四十条' },
      });

    // Suspended: the registry says so; the preview and the filing want an upload.
    ok(await status('suspend'));
    expect((await registryStatus(cert.number, [enterprise.uscc], 'business_licence'))[0]!.status).toBe('suspended');
    expect(await evidenceOutcome(citizen, HYGIENE.handlingItemCode, 'business_licence')).toMatchObject({
      outcome: 'upload',
      reason: 'suspended',
    });
    const refused = await submit(citizen, await hygieneBody());
    expect(errorCode(refused)).toBe('MATERIALS_INCOMPLETE');
    expect(refused.error?.error.details).toEqual([
      expect.objectContaining({ path: '/materials/business_licence', code: 'EVIDENCE_NOT_VALID' }),
    ]);

    // Reinstated: evidence again, read from the registry at filing.
    ok(await status('reinstate'));
    expect(await evidenceOutcome(citizen, HYGIENE.handlingItemCode, 'business_licence')).toMatchObject({
      outcome: 'fetched',
    });
    const used = ok(await submit(citizen, await hygieneBody()));
    const evidence = used.evidence.find((e) => e.materialCode === 'business_licence')!;
    expect(evidence.digest).toBe(issued!.digest);

    // Revoked: for good; a read still answers the record, with its status, and is logged.
    ok(await status('revoke'));
    const [revoked] = await registryStatus(cert.number, [enterprise.uscc], 'business_licence');
    expect(revoked).toMatchObject({ status: 'revoked', digest: issued!.digest });
    const read = await ctx.modules.exchange.service.read(
      { kind: 'system', system: 'test.reader', name: '测试读取', departmentCode: 'ASB' },
      {
        registry: 'documents',
        subject: { uscc: enterprise.uscc },
        fields: ['number'],
        purpose: '核验营业执照',
        recordType: 'business_licence',
        itemCode: HYGIENE.handlingItemCode,
      },
    );
    expect(read.records.map((r) => [r.values.number, r.status])).toEqual([[cert.number, 'revoked']]);
    const logged = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.personal_data_access
          where system_id = 'test.reader' and outcome = 'read' and resource_id = ${read.records[0]!.recordId}`,
    );
    expect(logged[0]!.n).toBe(1);
    expect(await evidenceOutcome(citizen, HYGIENE.handlingItemCode, 'business_licence')).toMatchObject({
      outcome: 'upload',
      reason: 'revoked',
    });
    expect((await submit(citizen, await hygieneBody())).error?.error.details).toEqual([
      expect.objectContaining({ path: '/materials/business_licence', code: 'EVIDENCE_NOT_VALID' }),
    ]);
    const uploaded = ok(await submit(citizen, await hygieneBody(['business_licence'])));
    expect(uploaded.evidence.filter((e) => e.materialCode === 'business_licence')).toEqual([]);
    expect(uploaded.materials.map((m) => m.code)).toContain('business_licence');
    ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: null } }));
  });
});

describe('a medical birth certificate (出生医学证明)', () => {
  it('names the newborn as its subject, with the parents; both parents hold it; the registry files it under each', async () => {
    const mother = await registerCitizen(ctx, { ip: '10.81.9.1' });
    const stranger = await registerCitizen(ctx, { ip: '10.81.9.2' });
    const child = { name: '王小龙', gender: 'male', birthDate: '2026-11-20', place: '龙港市人民医院' };
    const form = {
      ...sampleAnswers(BIRTH.form, PERSON),
      child_name: child.name,
      child_gender: child.gender,
      child_birth_date: child.birthDate,
      birth_place: child.place,
      mother_name: mother.name,
      mother_id_number: mother.idNumber,
      father_name: PERSON.name,
      father_id_number: PERSON.idNumber,
    };
    const materials = [
      ...(await uploadMaterials(citizen, BIRTH.materials)),
      ...(await Promise.all(['mother_id', 'father_id'].map((m) => uploadOf(citizen, m)))),
    ];
    const filed = ok(await submit(citizen, { itemCode: BIRTH.handlingItemCode, form, materials }));
    const hcbClerk = await complete('hcb', filed.id);

    // The father applied: it is in his wallet, and in the mother's; not in anyone else's.
    const mine = ok(await citizen.GET('/api/credentials/mine')).items.find((c) => c.caseNumber === filed.caseNumber);
    expect(mine).toMatchObject({ holderKind: 'person', holder: maskName(child.name) });
    const hers = ok(await mother.client.GET('/api/credentials/mine')).items;
    expect(hers.map((c) => c.id)).toEqual([mine!.id]);
    expect(ok(await stranger.client.GET('/api/credentials/mine')).items).toEqual([]);
    const detail = ok(
      await mother.client.GET('/api/credentials/certificates/{id}', { params: { path: { id: mine!.id } } }),
    );
    expect(
      errorCode(
        await stranger.client.GET('/api/credentials/certificates/{id}', { params: { path: { id: mine!.id } } }),
      ),
    ).toBe('CERTIFICATE_NOT_FOUND');
    ok(
      await mother.client.POST('/api/credentials/certificates/{id}/shares', {
        params: { path: { id: mine!.id } },
        body: { minutes: 10 },
      }),
    );
    expect(
      ok(await mother.client.GET('/api/credentials/cases/{caseId}', { params: { path: { caseId: filed.id } } })).items,
    ).toHaveLength(1);

    // The credential's subject is the child, with both parents; not the applicant.
    const subject = decodeJwt(detail.jwt).credentialSubject as Record<string, unknown> & {
      nameSalt: string;
      parent: { role: string; name: string; idNumberSalt: string; idNumberDigest: string }[];
    };
    expect(subject).toMatchObject({
      type: 'Person',
      name: maskName(child.name),
      gender: 'male',
      birthDate: child.birthDate,
      birthPlace: child.place,
    });
    expect(subject.nameDigest).toBe(saltedDigest(subject.nameSalt, child.name));
    expect(subject).not.toHaveProperty('idNumberDigest');
    expect(subject.parent.map((p) => [p.role, p.name])).toEqual([
      ['mother', maskName(mother.name)],
      ['father', maskName(PERSON.name)],
    ]);
    const [m, f] = subject.parent;
    expect(m!.idNumberDigest).toBe(saltedDigest(m!.idNumberSalt, mother.idNumber));
    expect(f!.idNumberDigest).toBe(saltedDigest(f!.idNumberSalt, PERSON.idNumber));
    expect(JSON.stringify(subject)).not.toContain(mother.idNumber);

    // Filed under each parent, naming the child: the mother's own 出生登记 takes it as evidence.
    const records = await registryStatus(detail.number, [mother.idNumber, PERSON.idNumber], 'birth_certificate');
    expect(records.map((r) => [r.status, r.values.holderName])).toEqual([
      ['valid', child.name],
      ['valid', child.name],
    ]);
    // And in the authentic registry (出生医学证明信息库), from which the evidence is read.
    const authentic = await registryStatus(detail.number, [mother.idNumber, PERSON.idNumber], 'birth', BIRTH_REGISTRY);
    expect(authentic.map((r) => [r.status, r.values.childName, r.values.motherIdNumber])).toEqual([
      ['valid', child.name, mother.idNumber],
      ['valid', child.name, mother.idNumber],
    ]);
    expect(await evidenceOutcome(mother.client, REGISTRATION.handlingItemCode, 'birth_certificate')).toMatchObject({
      outcome: 'fetched',
      registry: 'birth-certificates',
    });

    // Revoked: under both parents.
    ok(
      await hcbClerk.POST('/api/credentials/certificates/{id}/status', {
        params: { path: { id: mine!.id } },
        body: { action: 'revoke', reason: '信息填写错误，收回换发', legalBasis: '《出生医学证明管理办法》' },
      }),
    );
    const after = await registryStatus(detail.number, [mother.idNumber, PERSON.idNumber], 'birth_certificate');
    expect(after.map((r) => r.status)).toEqual(['revoked', 'revoked']);
    expect(
      (await registryStatus(detail.number, [mother.idNumber, PERSON.idNumber], 'birth', BIRTH_REGISTRY)).map(
        (r) => r.status,
      ),
    ).toEqual(['revoked', 'revoked']);
    expect(await evidenceOutcome(mother.client, REGISTRATION.handlingItemCode, 'birth_certificate')).toMatchObject({
      outcome: 'upload',
      reason: 'revoked',
    });
  });
});

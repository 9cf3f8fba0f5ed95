/**
 * Data-subject rights: a citizen downloads everything the platform holds about them (and
 * nothing about anyone else), as a JSON archive with a summary; asks for a correction of a
 * registry record, which is an ordinary case of the owning department's correction item and
 * lands in that department's inbox.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRow } from '../../src/modules/exchange/index.ts';
import { scoped } from '../../src/platform/db.ts';
import { PII, recordPersonalDataAccess } from '../../src/platform/pii.ts';
import {
  client,
  createTestApp,
  ok,
  query,
  registerCitizen,
  signInStaff,
  upload,
  type Client,
  type TestContext,
} from '../helpers.ts';
import { minimalPdf } from '../fixtures.ts';

let ctx: TestContext;
let alice: Awaited<ReturnType<typeof registerCitizen>>;
let bob: Awaited<ReturnType<typeof registerCitizen>>;

async function addRecord(idNumber: string, registry: string, values: Record<string, string>) {
  const row = recordRow(
    ctx.platform.protector,
    { registry, recordType: 'person', subject: { idNumber }, version: 1, values, issuedAt: ctx.clock.now() },
    ctx.clock.now(),
  );
  await scoped<Record<string, Record<string, unknown>>>(ctx.platform.db)
    .insertInto('exchange.records')
    .values(row)
    .execute();
  return row.id;
}

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  alice = await registerCitizen(ctx, { ip: '10.9.0.1' });
  bob = await registerCitizen(ctx, { ip: '10.9.0.2' });
  await addRecord(alice.idNumber, 'population-registry', { name: alice.name, address: '龙港市测试路1号' });
  await addRecord(alice.idNumber, 'marriage-registry', { status: 'married' });
  await addRecord(bob.idNumber, 'population-registry', { name: bob.name, address: '龙港市别人路9号' });
  await recordPersonalDataAccess(
    ctx.platform.db,
    {
      subjectIndex: ctx.platform.protector.blindIndex(alice.idNumber, PII.citizenId),
      accessorId: null,
      accessorName: '测试员',
      organisation: null,
      purpose: '导出测试的查询',
      fields: ['population-registry.name'],
      resourceType: 'registry',
      resourceId: null,
      requestId: null,
      departmentCode: 'HRSS',
    },
    ctx.clock.now(),
  );
});
afterAll(async () => {
  await ctx.teardown();
});

const exportOf = (c: Client) => c.GET('/api/me/export');
const corrections = async (c: Client) => ok(await c.GET('/api/me/corrections')).items;

describe('下载我的数据', () => {
  it('holds the account, registry records, access log and a summary, and nothing of anyone else', async () => {
    const res = await exportOf(alice.client);
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="yiwang-my-data-\d{8}\.json"$/,
    );
    const a = ok(res);
    expect(a.format).toBe('yiwang.personal-data-export');
    expect(a.account).toMatchObject({ accountId: alice.id, idNumber: alice.idNumber, phone: alice.phone });
    expect(a.registryRecords.map((r) => r.registry).sort()).toEqual(['marriage-registry', 'population-registry']);
    const population = a.registryRecords.find((r) => r.registry === 'population-registry')!;
    expect(population.values['address']).toBe('龙港市测试路1号');
    expect(JSON.stringify(a)).not.toContain(bob.idNumber);
    expect(JSON.stringify(a)).not.toContain('龙港市别人路9号');
    expect(a.accessLog.map((e) => e.purpose)).toEqual(['导出测试的查询']);
    expect(a.summary.zh.length).toBeGreaterThan(3);
    expect(a.summary.en.length).toBe(a.summary.zh.length);
    expect(a.summary.zh.join('\n')).toContain('部门登记的数据：2 条记录');

    const b = ok(await exportOf(bob.client));
    expect(b.account.idNumber).toBe(bob.idNumber);
    expect(b.registryRecords).toHaveLength(1);
    expect(b.accessLog).toEqual([]);
    expect(JSON.stringify(b)).not.toContain(alice.idNumber);

    const audit = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'rights.export.downloaded' and resource_id = ${alice.id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('is a citizen’s own: staff are refused, and without signing in 401', async () => {
    const clerk = await signInStaff(ctx, 'clerk01', '10.9.0.3');
    expect((await exportOf(clerk)).response.status).toBe(403);
    expect((await exportOf(client(ctx, '10.9.0.4'))).response.status).toBe(401);
    expect((await clerk.GET('/api/me/corrections')).response.status).toBe(403);
  });
});

describe('申请更正', () => {
  it("lists the citizen's records by registry, with the owning department's correction item", async () => {
    const targets = await corrections(alice.client);
    expect(targets.map((x) => x.registry).sort()).toEqual(['marriage-registry', 'population-registry']);
    const population = targets.find((x) => x.registry === 'population-registry')!;
    expect(population.ownerDepartment.code).toBe('PSB');
    expect(population.itemCode).toBeTruthy();
    expect(targets.find((x) => x.registry === 'marriage-registry')!.itemCode).toBeTruthy();
    expect(population.records).toHaveLength(1);
    expect((await corrections(bob.client)).flatMap((x) => x.records)).toHaveLength(1);
  });

  it('is filed as an ordinary case that the owning department handles in its inbox, and is in the export', async () => {
    // Filing needs a verified real name: a window clerk checks Alice in person.
    const clerk = await signInStaff(ctx, 'clerk01', '10.9.1.2');
    const checked = await clerk.POST('/api/admin/accounts/{id}/verify-in-person', {
      params: { path: { id: alice.id } },
    });
    expect(checked.response.status).toBe(204);
    const target = (await corrections(alice.client)).find((x) => x.registry === 'population-registry')!;
    const record = target.records[0]!;
    const draft = ok(
      await alice.client.POST('/api/applications/drafts', {
        body: {
          itemCode: target.itemCode!,
          form: {
            registry_code: target.registry,
            record_id: record.recordId,
            record_field: '住址',
            current_value: '龙港市测试路1号',
            correct_value: '龙港市测试路2号',
            correction_reason: '门牌号登记有误',
          },
        },
      }),
    );
    // Alice's ID card is not in the registry of issued documents: she uploads a copy instead.
    const idCard = ok(await upload(alice.client, minimalPdf(), '身份证.pdf'));
    const filed = await alice.client.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `correction-${draft.id}` } },
      body: {
        itemCode: target.itemCode!,
        draftId: draft.id,
        form: {
          ...draft.form,
          applicant_name: alice.name,
          applicant_id_number: alice.idNumber,
          applicant_phone: alice.phone,
        },
        materials: [{ code: 'id_card', uploadId: idCard.id }],
      },
    });
    expect(filed.response.status, JSON.stringify(filed.error)).toBe(201);
    const c = ok(filed);
    expect(c.departmentCode).toBe('PSB');
    const psb = await signInStaff(ctx, 'psb-clerk', '10.9.1.1');
    const inbox = ok(await psb.GET('/api/applications/inbox', { params: { query: { q: c.caseNumber } } }));
    expect(inbox.items.map((x) => x.caseNumber)).toEqual([c.caseNumber]);
    // The clerk opening it is a read Alice sees, with the department, the case and the legal basis.
    ok(await psb.GET('/api/applications/cases/{id}', { params: { path: { id: c.id } } }));
    const reads = ok(
      await alice.client.GET('/api/exchange/tracker', { params: { query: { caseNumber: c.caseNumber } } }),
    );
    expect(reads.items[0]).toMatchObject({
      department: { code: 'PSB' },
      accessor: { kind: 'staff' },
      caseNumber: c.caseNumber,
      legalBasis: expect.stringContaining('个人信息保护法'),
      resourceType: 'case',
      outcome: 'read',
    });
    const exported = ok(await exportOf(alice.client));
    const mine = exported.cases.find((x) => x.caseNumber === c.caseNumber)!;
    expect(mine.form['correct_value']).toBe('龙港市测试路2号');
  });
});

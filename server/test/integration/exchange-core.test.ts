/**
 * The exchange's read path: a read is allowed by a grant of the owning department covering
 * every field (and, unless statutory, the person's consent for the item), and refused —
 * with the refusal logged — without a grant, after it ends or is revoked, for a field outside
 * it, and without consent or after it is withdrawn. Grants are the owning department
 * admins' to make and revoke; consents are the person's own.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_CITY_CODE } from '../../src/demo/city.ts';
import type { Requester } from '../../src/modules/exchange/index.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { PII } from '../../src/platform/pii.ts';
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
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let asbAdmin: Client;
let psbAdmin: Client;
let psbLogin: { password: string; secret: string };
let citizen: Client;
const idNumber = makeCitizenId(DEMO_CITY_CODE, DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence);
const ITEM = '330383-PSB-HJQR-001';
let itemCode: string;

const system = (departmentCode: string | null): Requester => ({
  kind: 'system',
  system: 'test-system',
  name: '测试系统',
  departmentCode,
});
const readIdCard = (requester: Requester, fields = ['number', 'holderName'], item: string | null = null) =>
  ctx.modules.exchange.service.read(requester, {
    registry: 'documents',
    subject: { idNumber },
    fields,
    purpose: '户口迁入审核',
    recordType: 'id_card',
    caseNumber: '330383-20261125-00000001',
    itemCode: item,
  });
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'allowed';
};
const logOf = async () =>
  query<{ outcome: string; refusal: string | null; department_code: string | null; case_number: string | null }>(
    ctx,
    sql`select outcome, refusal, department_code, case_number from platform.personal_data_access
        where subject_index = ${ctx.platform.protector.blindIndex(idNumber, PII.citizenId)} and resource_type = 'registry'
        order by at, id`,
  );

beforeAll(async () => {
  ctx = await createTestApp({ residents: 50 });
  const sysadmin = await signInStaff(ctx, 'sysadmin', '10.8.0.1');
  asbAdmin = await signInStaff(ctx, 'deptadmin01', '10.8.0.2');
  const psb = await createStaff(ctx, sysadmin, 'psbadmin');
  const psbId = ok(await sysadmin.GET('/api/org/departments')).items.find((d) => d.code === 'PSB')!.id;
  ok(
    await sysadmin.POST('/api/org/posts', {
      body: { accountId: psb.accountId, departmentId: psbId, title: '公安局部门管理员', roles: ['department_admin'] },
    }),
  );
  psbAdmin = psb.client;
  psbLogin = psb;
  citizen = await signInCitizen(ctx);
  const items = ok(await citizen.GET('/api/catalog/items', { params: { query: { q: '户口迁入' } } })).items;
  itemCode = items[0]?.code ?? ITEM;
  // The seeded city holds the demo citizen's ID card in the documents registry; this test makes
  // the item's grants itself (the seed gives it a statutory evidence grant).
  await sql`delete from exchange.grants where grantee_item_code = ${itemCode}`.execute(ctx.database.db);
});
afterAll(async () => {
  await ctx.teardown();
});

describe('grants', () => {
  it('are made only by admins of the owning department, and listed on both sides', async () => {
    const body = {
      registry: 'documents' as const,
      granteeDepartment: 'PSB',
      fields: ['number'],
      purpose: '户籍业务核验身份证件',
      legalBasis: '《中华人民共和国居民身份证法》第十五条',
      statutory: true,
    };
    expect(errorCode(await psbAdmin.POST('/api/exchange/grants', { body }))).toBe('FORBIDDEN');
    expect(errorCode(await citizen.POST('/api/exchange/grants', { body }))).toBe('FORBIDDEN');
    const bad = await asbAdmin.POST('/api/exchange/grants', { body: { ...body, fields: ['shoeSize'] } });
    expect(errorCode(bad)).toBe('GRANT_FIELDS_UNKNOWN');
    const g = ok(await asbAdmin.POST('/api/exchange/grants', { body }));
    expect(g.state).toBe('active');
    expect(ok(await psbAdmin.GET('/api/exchange/grants')).items.map((x) => x.id)).toContain(g.id);
    expect(ok(await asbAdmin.GET('/api/exchange/grants')).items.map((x) => x.id)).toContain(g.id);
    expect(errorCode(await psbAdmin.POST('/api/exchange/grants/{id}/revoke', { params: { path: { id: g.id } } }))).toBe(
      'GRANT_NOT_FOUND',
    );
    const audit = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'exchange.grant.created' and resource_id = ${g.id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });
});

describe('reads', () => {
  it('are refused without a grant, outside it, after it is revoked or ends; every refusal is logged', async () => {
    expect(await refusal(readIdCard(system('HRSS')))).toBe('EXCHANGE_NO_GRANT');
    // The statutory grant to PSB (above) covers `number` only.
    expect(await refusal(readIdCard(system('PSB')))).toBe('EXCHANGE_FIELD_NOT_GRANTED');
    const { records } = await readIdCard(system('PSB'), ['number']);
    expect(records).toHaveLength(1);
    expect(records[0]!.values).toEqual({ number: idNumber });
    expect(records[0]!.digest).toMatch(/^[0-9a-f]{64}$/);

    const grants = ok(await asbAdmin.GET('/api/exchange/grants', { params: { query: { registry: 'documents' } } }));
    const psbGrant = grants.items.find((g) => g.granteeDepartment === 'PSB')!;
    ok(await asbAdmin.POST('/api/exchange/grants/{id}/revoke', { params: { path: { id: psbGrant.id } } }));
    expect(await refusal(readIdCard(system('PSB'), ['number']))).toBe('EXCHANGE_GRANT_ENDED');

    const ending = ok(
      await asbAdmin.POST('/api/exchange/grants', {
        body: {
          registry: 'documents',
          granteeDepartment: 'HSA',
          fields: ['number', 'holderName'],
          purpose: '医保参保核验身份',
          legalBasis: '《社会保险法》',
          statutory: true,
          endsAt: new Date(ctx.clock.now().getTime() + 3_600_000).toISOString(),
        },
      }),
    );
    expect((await readIdCard(system('HSA'))).records).toHaveLength(1);
    ctx.clock.advance(3_600_001);
    expect(await refusal(readIdCard(system('HSA')))).toBe('EXCHANGE_GRANT_ENDED');
    expect(ending.endsAt).not.toBeNull();

    const log = await logOf();
    expect(log.map((r) => r.refusal ?? r.outcome)).toEqual([
      'EXCHANGE_NO_GRANT',
      'EXCHANGE_FIELD_NOT_GRANTED',
      'read',
      'EXCHANGE_GRANT_ENDED',
      'read',
      'EXCHANGE_GRANT_ENDED',
    ]);
    expect(log.every((r) => r.case_number === '330383-20261125-00000001')).toBe(true);
    expect(log[2]!.department_code).toBe('PSB');
  });

  it("need the person's consent for the item unless the grant is statutory; withdrawing it refuses again", async () => {
    // The clock moved on an hour above: sign in again.
    asbAdmin = await signInStaff(ctx, 'deptadmin01', '10.8.0.2');
    citizen = await signInCitizen(ctx);
    ok(
      await asbAdmin.POST('/api/exchange/grants', {
        body: {
          registry: 'documents',
          granteeItem: itemCode,
          fields: ['number', 'holderName'],
          purpose: '户口迁入免交身份证复印件',
          legalBasis: '《政务信息资源共享管理暂行办法》',
          statutory: false,
        },
      }),
    );
    expect(await refusal(readIdCard(system(null), ['number'], itemCode))).toBe('EXCHANGE_CONSENT_REQUIRED');
    const consent = ok(
      await citizen.POST('/api/exchange/consents', {
        body: { itemCode, purpose: '户口迁入免交身份证复印件', fields: ['documents.number', 'documents.holderName'] },
      }),
    );
    expect(consent.version).toBe(1);
    expect((await readIdCard(system(null), ['number'], itemCode)).records).toHaveLength(1);

    // Another person cannot see or withdraw it.
    const other = (await registerCitizen(ctx)).client;
    expect(ok(await other.GET('/api/exchange/consents')).items).toHaveLength(0);
    const foreign = await other.POST('/api/exchange/consents/{id}/withdraw', { params: { path: { id: consent.id } } });
    expect(errorCode(foreign)).toBe('CONSENT_NOT_FOUND');

    ok(await citizen.POST('/api/exchange/consents/{id}/withdraw', { params: { path: { id: consent.id } } }));
    expect(await refusal(readIdCard(system(null), ['number'], itemCode))).toBe('EXCHANGE_CONSENT_REQUIRED');
    expect(ok(await citizen.GET('/api/exchange/consents')).items[0]!.withdrawnAt).not.toBeNull();

    // In a caller's transaction that rolls back (a filing refused), the refusal stays logged, once.
    const before = (await logOf()).length;
    const inTx = await refusal(
      ctx.platform.db.transaction().execute((tx) =>
        ctx.modules.exchange.service.read(
          system(null),
          {
            registry: 'documents',
            subject: { idNumber },
            fields: ['number'],
            purpose: '户口迁入审核',
            recordType: 'id_card',
            caseNumber: '330383-20261125-00000002',
            itemCode,
          },
          tx,
        ),
      ),
    );
    expect(inTx).toBe('EXCHANGE_CONSENT_REQUIRED');
    await expect
      .poll(async () => (await logOf()).slice(before).map((r) => [r.outcome, r.refusal, r.case_number]))
      .toEqual([['refused', 'EXCHANGE_CONSENT_REQUIRED', '330383-20261125-00000002']]);
  });

  it('by staff are made for a department the reader holds a post in', async () => {
    const principal = await ctx.modules.identity.service.principalOf({ username: 'clerk01' });
    expect(await refusal(readIdCard({ kind: 'staff', principal: principal!, departmentCode: 'PSB' }, ['number']))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('the console read', () => {
  it('reads for a department the staff member holds a post in; the person sees who read what, for which case', async () => {
    asbAdmin = await signInStaff(ctx, 'deptadmin01', '10.8.0.2');
    psbAdmin = await signInWithTotp(ctx, 'psbadmin', psbLogin.password, psbLogin.secret);
    ok(
      await asbAdmin.POST('/api/exchange/grants', {
        body: {
          registry: 'documents',
          granteeDepartment: 'PSB',
          fields: ['number', 'holderName'],
          purpose: '户籍业务核验身份证件',
          legalBasis: '《中华人民共和国居民身份证法》第十五条',
          statutory: true,
        },
      }),
    );
    const body = {
      department: 'PSB',
      registry: 'documents' as const,
      subject: { idNumber },
      fields: ['holderName'],
      purpose: '核验户口迁入申请人身份',
      recordType: 'id_card',
      caseNumber: '330383-20261125-00000042',
    };
    const read = ok(await psbAdmin.POST('/api/exchange/read', { body }));
    expect(read.records[0]!.values).toEqual({ holderName: DEMO_CITIZEN.name });
    expect(errorCode(await psbAdmin.POST('/api/exchange/read', { body: { ...body, department: 'HRSS' } }))).toBe(
      'FORBIDDEN',
    );
    citizen = await signInCitizen(ctx);
    expect(errorCode(await citizen.POST('/api/exchange/read', { body }))).toBe('FORBIDDEN');
    const seen = ok(await citizen.GET('/api/me/data-access')).items;
    expect(seen.some((e) => e.purpose === '核验户口迁入申请人身份')).toBe(true);
  });
});

describe('registries', () => {
  it('are listed publicly with their fields and sensitivity, and stored with every version', async () => {
    const list = ok(await signInCitizen(ctx).then((c) => c.GET('/api/exchange/registries'))).items;
    const population = list.find((r) => r.code === 'population-registry')!;
    expect(population.ownerDepartment).toBe('PSB');
    expect(population.fields.find((f) => f.key === 'idNumber')!.sensitivity).toBe('sensitive');
    const rows = await query<{ n: number }>(ctx, sql`select count(*)::int as n from exchange.registry_fields`);
    expect(rows[0]!.n).toBe(list.reduce((n, r) => n + r.fields.length, 0));
  });
});

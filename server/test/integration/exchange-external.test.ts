/**
 * The external exchange API (issue 10): systems registered by a system admin or their
 * department's admin (another department's admin and a citizen cannot), client assertions
 * (RFC 7523) for a five-minute token — refused, each with its stable code in the OAuth error
 * format and logged, for a bad signature, a wrong audience, an expired or too long assertion, a
 * replayed jti, an unknown or disabled client — and reads through the same grants and access
 * log as the departments' own, logged with the system.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAssertion, DEMO_SYSTEM } from '../../../docs/exchange-client.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_CITY_CODE } from '../../src/demo/city.ts';
import { recordRow } from '../../src/modules/exchange/index.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { PII } from '../../src/platform/pii.ts';
import {
  createTestApp,
  errorCode,
  ok,
  query,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';
import { assertion, externalRead, requestToken, systemKeys, TOKEN_URL, type SystemKeys } from '../exchange-keys.ts';

let ctx: TestContext;
let sysadmin: Client;
let keys: SystemKeys;
let systemId: string;
const CLIENT = 'test-hospital';

const registration = (publicJwk: Record<string, string>, over: Record<string, unknown> = {}) => ({
  clientId: CLIENT,
  name: '测试医院',
  nameEn: 'Test Hospital',
  organisationKind: 'uscc' as const,
  organisation: '123303004705257339',
  departmentCode: null,
  publicJwk,
  ...over,
});

const signIns = (id: string | null, clientId?: string) =>
  query<{ outcome: string; refusal: string | null; system_id: string | null }>(
    ctx,
    id
      ? sql`select outcome, refusal, system_id from exchange.system_sign_ins where system_id = ${id} order by at desc, id desc`
      : sql`select outcome, refusal, system_id from exchange.system_sign_ins where client_id = ${clientId!} order by at desc, id desc`,
  );

const idNumber = makeCitizenId(DEMO_CITY_CODE, DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence);

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
  sysadmin = await signInStaff(ctx, 'sysadmin');
  // (the registries are in place once the app is ready: after the first request)
  await ctx.database.db
    .withSchema('exchange')
    .insertInto('records' as never)
    .values(
      recordRow(
        ctx.platform.protector,
        {
          registry: 'documents',
          recordType: 'id_card',
          subject: { idNumber },
          version: 1,
          values: {
            documentType: 'id_card',
            number: idNumber,
            holderName: DEMO_CITIZEN.name,
            issuedBy: '龙港市公安局',
          },
          issuedAt: new Date('2020-01-01T00:00:00Z'),
        },
        ctx.clock.now(),
      ) as never,
    )
    .execute();
  keys = await systemKeys('EdDSA');
  const res = await sysadmin.POST('/api/exchange/systems', { body: registration(keys.publicJwk) });
  expect(res.response.status).toBe(201);
  systemId = ok(res).id;
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

describe('registering external systems', () => {
  it('keeps only the public key, with its algorithm and thumbprint', async () => {
    const s = ok(await sysadmin.GET('/api/exchange/systems/{id}', { params: { path: { id: systemId } } }));
    expect(s).toMatchObject({ clientId: CLIENT, keyAlg: 'EdDSA', status: 'active', departmentCode: null });
    expect(Object.keys(s.publicJwk).sort()).toEqual(['crv', 'kty', 'x']);
    const audit = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'exchange.system.registered' and resource_id = ${systemId}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('refuses a private key, a key of another kind, a client id already taken and a wrong USCC', async () => {
    const pair = await systemKeys('EdDSA');
    const withD = { ...pair.publicJwk, d: 'ZCIopap-AvUbFnC1-4Q5PgLK4iVBRa8tqnh8jjoo_tc' };
    const one = await sysadmin.POST('/api/exchange/systems', { body: registration(withD, { clientId: 'other-1' }) });
    expect(errorCode(one)).toBe('SYSTEM_KEY_INVALID');
    const rsa = { kty: 'RSA', n: 'AQAB', e: 'AQAB' };
    const two = await sysadmin.POST('/api/exchange/systems', { body: registration(rsa, { clientId: 'other-2' }) });
    expect(errorCode(two)).toBe('SYSTEM_KEY_INVALID');
    const three = await sysadmin.POST('/api/exchange/systems', { body: registration(pair.publicJwk) });
    expect(errorCode(three)).toBe('SYSTEM_CLIENT_ID_TAKEN');
    const badUscc = registration(pair.publicJwk, { clientId: 'other-3', organisation: '123303004705257330' });
    const four = await sysadmin.POST('/api/exchange/systems', { body: badUscc });
    expect(errorCode(four)).toBe('VALIDATION_FAILED');
  });

  it('lets a department admin register systems under their own department only, and see only those; a citizen cannot', async () => {
    const admin = await signInStaff(ctx, 'deptadmin01'); // ASB
    const pair = await systemKeys('ES256');
    const own = await admin.POST('/api/exchange/systems', {
      body: registration(pair.publicJwk, { clientId: 'asb-partner', departmentCode: 'ASB' }),
    });
    expect(own.response.status).toBe(201);
    expect(ok(own).keyAlg).toBe('ES256');
    const other = await admin.POST('/api/exchange/systems', {
      body: registration(pair.publicJwk, { clientId: 'psb-partner', departmentCode: 'PSB' }),
    });
    expect(errorCode(other)).toBe('FORBIDDEN');
    const list = ok(await admin.GET('/api/exchange/systems'));
    expect(list.items.map((s) => s.clientId)).toEqual(['asb-partner']);
    const notHers = await admin.GET('/api/exchange/systems/{id}', { params: { path: { id: systemId } } });
    expect(errorCode(notHers)).toBe('SYSTEM_NOT_FOUND');
    const citizen = await signInCitizen(ctx);
    expect(errorCode(await citizen.GET('/api/exchange/systems'))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await citizen.POST('/api/exchange/systems', { body: registration(pair.publicJwk, { clientId: 'x-1' }) }),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('the token endpoint', () => {
  it('issues a five-minute bearer token for a good assertion, and logs it', async () => {
    const r = await requestToken(ctx, await assertion(keys, CLIENT, ctx.clock.now()));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(String(r.body.access_token)).toMatch(/^ywx_/);
    expect(r.headers['cache-control']).toBe('no-store');
    expect((await signIns(systemId))[0]).toMatchObject({ outcome: 'issued', refusal: null });
  });

  it('takes JSON as well as a form, and a P-256 key', async () => {
    const pair = await systemKeys('ES256');
    ok(
      await sysadmin.POST('/api/exchange/systems', { body: registration(pair.publicJwk, { clientId: 'p256-client' }) }),
    );
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/exchange/external/token',
      payload: {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(pair, 'p256-client', ctx.clock.now()),
      },
    });
    expect(res.statusCode).toBe(200);
  });

  const refused = async (
    make: () => Promise<string>,
    code: string,
    extra: Record<string, string> = {},
    status = 401,
  ) => {
    const r = await requestToken(ctx, await make(), extra);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ error: status === 401 ? 'invalid_client' : expect.any(String), code });
    expect(typeof r.body.error_description).toBe('string');
    return r;
  };

  it('refuses a bad signature, and logs the refusal with the system', async () => {
    const stranger = await systemKeys('EdDSA');
    await refused(
      () => assertion(keys, CLIENT, ctx.clock.now(), { key: stranger.privateKey }),
      'EXCHANGE_ASSERTION_INVALID',
    );
    expect((await signIns(systemId))[0]).toMatchObject({ outcome: 'refused', refusal: 'EXCHANGE_ASSERTION_INVALID' });
  });

  it('refuses a wrong audience', async () => {
    await refused(
      () => assertion(keys, CLIENT, ctx.clock.now(), { aud: 'https://elsewhere.example/token' }),
      'EXCHANGE_ASSERTION_AUDIENCE',
    );
    expect((await signIns(systemId))[0]!.refusal).toBe('EXCHANGE_ASSERTION_AUDIENCE');
  });

  it('refuses an expired assertion, one without exp, and one valid for more than five minutes', async () => {
    const signed = await assertion(keys, CLIENT, ctx.clock.now(), { expiresIn: 60 });
    ctx.clock.advance(2 * 60_000);
    await refused(async () => signed, 'EXCHANGE_ASSERTION_EXPIRED');
    await refused(() => assertion(keys, CLIENT, ctx.clock.now(), { noExp: true }), 'EXCHANGE_ASSERTION_EXPIRED');
    await refused(() => assertion(keys, CLIENT, ctx.clock.now(), { expiresIn: 3600 }), 'EXCHANGE_ASSERTION_TOO_LONG');
    const codes = (await signIns(systemId)).slice(0, 3).map((r) => r.refusal);
    expect(codes).toEqual(['EXCHANGE_ASSERTION_TOO_LONG', 'EXCHANGE_ASSERTION_EXPIRED', 'EXCHANGE_ASSERTION_EXPIRED']);
  });

  it('refuses a replayed jti', async () => {
    const once = await assertion(keys, CLIENT, ctx.clock.now(), { jti: 'only-once-1' });
    expect((await requestToken(ctx, once)).status).toBe(200);
    await refused(async () => once, 'EXCHANGE_ASSERTION_REPLAYED');
    expect((await signIns(systemId))[0]!.refusal).toBe('EXCHANGE_ASSERTION_REPLAYED');
  });

  it('refuses an assertion without jti, or whose sub is not its iss', async () => {
    await refused(() => assertion(keys, CLIENT, ctx.clock.now(), { jti: null }), 'EXCHANGE_ASSERTION_INVALID');
    await refused(
      () => assertion(keys, CLIENT, ctx.clock.now(), { sub: 'someone-else' }),
      'EXCHANGE_ASSERTION_INVALID',
    );
  });

  it('refuses an unknown client and logs the client id it gave', async () => {
    const stranger = await systemKeys('EdDSA');
    await refused(() => assertion(stranger, 'nobody-here', ctx.clock.now()), 'EXCHANGE_CLIENT_UNKNOWN');
    expect((await signIns(null, 'nobody-here'))[0]).toMatchObject({
      outcome: 'refused',
      refusal: 'EXCHANGE_CLIENT_UNKNOWN',
      system_id: null,
    });
  });

  it('refuses another grant type, another assertion type and garbage', async () => {
    await refused(
      () => assertion(keys, CLIENT, ctx.clock.now()),
      'EXCHANGE_GRANT_TYPE_UNSUPPORTED',
      { grant_type: 'password' },
      400,
    );
    await refused(
      () => assertion(keys, CLIENT, ctx.clock.now()),
      'EXCHANGE_TOKEN_REQUEST_INVALID',
      { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' },
      400,
    );
    await refused(async () => 'not-a-jwt', 'EXCHANGE_ASSERTION_INVALID');
  });

  it('answers the audience it expects from the request: the token URL', () => {
    expect(TOKEN_URL).toBe('http://localhost:80/api/exchange/external/token');
  });
});

describe('bearer tokens', () => {
  const token = async () =>
    String((await requestToken(ctx, await assertion(keys, CLIENT, ctx.clock.now()))).body.access_token);
  const body = {
    registry: 'population-registry',
    subject: { idNumber: '33038319880615371X' },
    fields: ['name'],
    purpose: '测试',
    caseNumber: 'C-1',
    userId: 'u-1',
  };

  it('refuses a read without a token, with an unknown one and with an expired one', async () => {
    expect((await externalRead(ctx, null, body)).body).toMatchObject({ error: { code: 'EXCHANGE_TOKEN_INVALID' } });
    expect((await externalRead(ctx, 'ywx_made-up-token', body)).status).toBe(401);
    const t = await token();
    ctx.clock.advance(6 * 60_000);
    const late = await externalRead(ctx, t, body);
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ error: { code: 'EXCHANGE_TOKEN_INVALID' } });
  });

  it('stops a disabled system: its tokens and its assertions are refused', async () => {
    const pair = await systemKeys('EdDSA');
    const s = ok(
      await sysadmin.POST('/api/exchange/systems', { body: registration(pair.publicJwk, { clientId: 'to-disable' }) }),
    );
    const t = String((await requestToken(ctx, await assertion(pair, 'to-disable', ctx.clock.now()))).body.access_token);
    ok(
      await sysadmin.POST('/api/exchange/systems/{id}/status', {
        params: { path: { id: s.id } },
        body: { status: 'disabled' },
      }),
    );
    expect((await externalRead(ctx, t, body)).status).toBe(401);
    const again = await requestToken(ctx, await assertion(pair, 'to-disable', ctx.clock.now()));
    expect(again.body).toMatchObject({ error: 'invalid_client', code: 'EXCHANGE_CLIENT_DISABLED' });
    const log = ok(await sysadmin.GET('/api/exchange/systems/{id}/sign-ins', { params: { path: { id: s.id } } }));
    expect(log.items.map((i) => i.refusal)).toEqual(['EXCHANGE_CLIENT_DISABLED', null]);
  });
});

describe('reads through the exchange', () => {
  const token = async () =>
    String((await requestToken(ctx, await assertion(keys, CLIENT, ctx.clock.now()))).body.access_token);
  const read = (t: string, over: Record<string, unknown> = {}) =>
    externalRead(ctx, t, {
      registry: 'documents',
      recordType: 'id_card',
      subject: { idNumber },
      fields: ['number', 'holderName'],
      purpose: '出生医学证明签发：核验母亲身份',
      caseNumber: 'WZRMYY-CS-2026-000123',
      userId: 'nurse-0427',
      ...over,
    });
  const log = () =>
    query<{
      outcome: string;
      refusal: string | null;
      system_id: string | null;
      case_number: string | null;
      accessor_name: string;
      fields: string[];
    }>(
      ctx,
      sql`select outcome, refusal, system_id, case_number, accessor_name, fields from platform.personal_data_access
          where subject_index = ${ctx.platform.protector.blindIndex(idNumber, PII.citizenId)} and resource_type = 'registry'
          order by at desc, id desc`,
    );

  beforeAll(async () => {
    // 龙港市行政审批局 (ASB) owns the documents registry: its admin grants the system itself.
    const asbAdmin = await signInStaff(ctx, 'deptadmin01');
    ok(
      await asbAdmin.POST('/api/exchange/grants', {
        body: {
          registry: 'documents',
          granteeSystem: systemId,
          fields: ['number', 'holderName'],
          purpose: '出生医学证明签发：核验母亲身份',
          legalBasis: '《中华人民共和国母婴保健法》第二十三条',
          statutory: true,
        },
      }),
    );
  });

  it('reads under a grant to the system, and logs the read with the system, its user and the case', async () => {
    const r = await read(await token());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ client: CLIENT, caseNumber: 'WZRMYY-CS-2026-000123', userId: 'nurse-0427' });
    const records = r.body.records as { values: Record<string, unknown>; digest: string; registry: string }[];
    // (the demo seed's ID card and the one this test added)
    expect(records.length).toBeGreaterThanOrEqual(1);
    for (const r of records) expect(r.values).toEqual({ number: idNumber, holderName: DEMO_CITIZEN.name });
    expect(records[0]!.digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await log())[0]).toMatchObject({
      outcome: 'read',
      refusal: null,
      system_id: systemId,
      case_number: 'WZRMYY-CS-2026-000123',
      accessor_name: '测试医院 · nurse-0427',
      fields: ['documents.number', 'documents.holderName'],
    });
  });

  it('refuses a field outside the grant, and another registry, and logs both refusals with the system', async () => {
    const t = await token();
    const outside = await read(t, { fields: ['number', 'validUntil'] });
    expect(outside.status).toBe(403);
    expect(outside.body).toMatchObject({ error: { code: 'EXCHANGE_FIELD_NOT_GRANTED' } });
    expect((await log())[0]).toMatchObject({
      outcome: 'refused',
      refusal: 'EXCHANGE_FIELD_NOT_GRANTED',
      system_id: systemId,
    });
    const other = await read(t, { registry: 'marriage-registry', recordType: undefined, fields: ['status'] });
    expect(other.body).toMatchObject({ error: { code: 'EXCHANGE_NO_GRANT' } });
    expect((await log())[0]).toMatchObject({ outcome: 'refused', refusal: 'EXCHANGE_NO_GRANT', system_id: systemId });
  });

  it("reads nothing under another system's grant", async () => {
    const pair = await systemKeys('EdDSA');
    ok(await sysadmin.POST('/api/exchange/systems', { body: registration(pair.publicJwk, { clientId: 'no-grants' }) }));
    const t = String((await requestToken(ctx, await assertion(pair, 'no-grants', ctx.clock.now()))).body.access_token);
    const r = await read(t);
    expect(r.body).toMatchObject({ error: { code: 'EXCHANGE_NO_GRANT' } });
    expect((await log())[0]!.accessor_name).toBe('测试医院 · nurse-0427');
  });
});

describe('the demo', () => {
  it('registers 温州市人民医院, whose key in docs/exchange-client.ts takes a token and reads under its grant', async () => {
    const listed = ok(await sysadmin.GET('/api/exchange/systems')).items.find(
      (s) => s.clientId === DEMO_SYSTEM.clientId,
    );
    expect(listed).toMatchObject({ name: '温州市人民医院', status: 'active', departmentCode: null });
    const t = await requestToken(
      ctx,
      await clientAssertion(DEMO_SYSTEM.clientId, DEMO_SYSTEM.privateJwk, TOKEN_URL, ctx.clock.now()),
    );
    expect(t.status).toBe(200);
    const r = await externalRead(ctx, String(t.body.access_token), {
      registry: 'population-registry',
      subject: { idNumber },
      fields: ['name', 'gender', 'birthDate'],
      purpose: '出生医学证明签发：核验母亲身份',
      caseNumber: 'WZRMYY-CS-2026-000123',
      userId: 'nurse-0427',
    });
    expect(r.status).toBe(200);
    const denied = await externalRead(ctx, String(t.body.access_token), {
      registry: 'population-registry',
      subject: { idNumber },
      fields: ['address'],
      purpose: '出生医学证明签发：核验母亲身份',
      caseNumber: 'WZRMYY-CS-2026-000123',
      userId: 'nurse-0427',
    });
    expect(denied.body).toMatchObject({ error: { code: 'EXCHANGE_FIELD_NOT_GRANTED' } });
  });
});

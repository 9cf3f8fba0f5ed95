/**
 * The issuer key algorithm is a setting (credentials.issuerKeyAlgorithm, YIWANG_ISSUER_KEY_ALGORITHM):
 * validated at start (Ed25519 by default, or P-256); configured P-256, the departments' keys are
 * P-256 (JWS ES256), on first use and on rotation, and what they sign verifies with `jose` alone
 * and with the offline script, as well as through the API.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionBody, EnterpriseLink } from '../../../contract/openapi.ts';
import { verifyCredential } from '../../../docs/verify-credential.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { configFromEnv, ConfigError, loadConfig } from '../../src/config.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { createTestApp, ok, signInCitizen, signInStaff, uploadMaterials, type TestContext } from '../helpers.ts';

const HYGIENE = DEMO_ITEMS.find((i) => i.name.zh === '公共场所卫生许可')!;
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: '龙港市华中社区 1 号',
};

describe('the setting', () => {
  it('defaults to Ed25519, takes P-256 from YIWANG_ISSUER_KEY_ALGORITHM, and refuses anything else', () => {
    expect(loadConfig({ dataDir: '/tmp' }).credentials.issuerKeyAlgorithm).toBe('Ed25519');
    expect(configFromEnv({ YIWANG_ISSUER_KEY_ALGORITHM: 'P-256' }).credentials?.issuerKeyAlgorithm).toBe('P-256');
    expect(
      loadConfig({ ...configFromEnv({ YIWANG_ISSUER_KEY_ALGORITHM: 'P-256' }), dataDir: '/tmp' }).credentials,
    ).toEqual({ issuerKeyAlgorithm: 'P-256' });
    expect(() => loadConfig(configFromEnv({ YIWANG_ISSUER_KEY_ALGORITHM: 'RSA' }))).toThrow(ConfigError);
    expect(() => loadConfig(configFromEnv({ YIWANG_ISSUER_KEY_ALGORITHM: 'RSA' }))).toThrow(
      /\/credentials\/issuerKeyAlgorithm/,
    );
  });
});

describe('configured P-256', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({
      residents: 10,
      fullStaff: true,
      config: { credentials: { issuerKeyAlgorithm: 'P-256' } },
    });
  }, 120_000);
  afterAll(async () => {
    await ctx.teardown();
  });

  const jwksOf = async (dept: string): Promise<JSONWebKeySet> =>
    (await ctx.app.inject({ method: 'GET', url: `/api/credentials/issuers/${dept}/jwks.json` })).json();

  it('generates P-256 issuer keys (first use and rotation) whose certificates verify', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.82.0.1');
    const enterprise: EnterpriseLink = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
    ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
    // One after another: each sign-in moves the clock a TOTP step.
    const clerk = await signInStaff(ctx, 'clerk01', '10.82.0.2');
    const reviewer = await signInStaff(ctx, 'reviewer01', '10.82.0.3');
    const approver = await signInStaff(ctx, 'approver01', '10.82.0.4');
    let n = 0;
    const issue = async () => {
      const c = ok(
        await citizen.POST('/api/applications/cases', {
          params: { header: { 'idempotency-key': `p256-case-${++n}` } },
          body: {
            itemCode: HYGIENE.handlingItemCode,
            form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
            materials: await uploadMaterials(citizen, HYGIENE.materials),
          },
        }),
      );
      const act = async (who: typeof clerk, body: ActionBody) =>
        ok(await who.POST('/api/applications/cases/{id}/actions', { params: { path: { id: c.id } }, body }));
      await act(clerk, { action: 'accept', expectedSeq: 0 });
      await act(reviewer, { action: 'pass', expectedSeq: 1, comment: '符合条件' });
      await act(approver, { action: 'approve', expectedSeq: 2, comment: '同意' });
      await act(clerk, { action: 'complete', expectedSeq: 3, result: { note: '准予许可' } });
      await ctx.platform.outbox.flush();
      const [cert] = ok(
        await citizen.GET('/api/credentials/cases/{caseId}', { params: { path: { caseId: c.id } } }),
      ).items;
      return ok(await citizen.GET('/api/credentials/certificates/{id}', { params: { path: { id: cert!.id } } })).jwt;
    };
    const statusLists = () =>
      Promise.all(
        ['revocation', 'suspension'].map(
          async (p) => (await ctx.app.inject({ method: 'GET', url: `/api/credentials/status/ASB/${p}` })).body,
        ),
      );

    const first = await issue();
    expect(decodeProtectedHeader(first).alg).toBe('ES256');
    const jwks = await jwksOf('ASB');
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256' })]);
    await jwtVerify(first, createLocalJWKSet(jwks), { typ: 'vc+jwt', algorithms: ['ES256'] });
    expect((await verifyCredential(first, { keys: [JSON.stringify(jwks)], status: await statusLists() })).outcome).toBe(
      'valid',
    );
    expect(ok(await clerk.POST('/api/credentials/verify', { body: { input: first } })).outcome).toBe('valid');

    // A rotation makes another P-256 key; the first certificate still verifies.
    const admin = await signInStaff(ctx, 'asb-admin', '10.82.0.9');
    const rotated = ok(
      await admin.POST('/api/credentials/issuers/{dept}/rotate', { params: { path: { dept: 'ASB' } } }),
    );
    const second = await issue();
    expect(decodeProtectedHeader(second)).toMatchObject({ alg: 'ES256', kid: rotated.kid });
    const both = await jwksOf('ASB');
    expect(both.keys.map((k) => [k.kty, k.crv])).toEqual([
      ['EC', 'P-256'],
      ['EC', 'P-256'],
    ]);
    for (const jwt of [first, second]) {
      await jwtVerify(jwt, createLocalJWKSet(both), { typ: 'vc+jwt', algorithms: ['ES256'] });
      expect((await verifyCredential(jwt, { keys: [JSON.stringify(both)], status: await statusLists() })).outcome).toBe(
        'valid',
      );
    }
  });
});

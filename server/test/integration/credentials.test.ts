/**
 * Electronic certificates (电子证照) as verifiable credentials, checked by independent code:
 * - completing a case for an item whose result is a certificate issues a VC 2.0 JWT that `jose`
 *   alone verifies against the published JWKS (typ vc+jwt, the claims set is the credential);
 *   the status lists decode with @digitalbazaar/vc-bitstring-status-list, never our own code;
 * - the verifier's answers: valid, forged signature, changed claim, revoked, suspended,
 *   expired, unknown issuer, each its own;
 * - the certificate is registered in the exchange's documents registry; the DID document,
 *   key rotation (old certificates still verify), sharing (the visit in the holder's data
 *   tracker; a withdrawn link fails), rendering, and who may do what.
 */
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionBody, EnterpriseLink } from '../../../contract/openapi.ts';
import { verifyCredential } from '../../../docs/verify-credential.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { certificateNumberFormat } from '../../src/modules/credentials/certificate-number.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import {
  createTestApp,
  errorCode,
  ok,
  registerCitizen,
  signInCitizen,
  signInStaff,
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
/** 公共场所卫生许可 (ASB): its result is 公共场所卫生许可证, valid 4 years. */
const HYGIENE = DEMO_ITEMS.find((i) => i.name.zh === '公共场所卫生许可')!;
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: '龙港市华中社区 1 号',
};
let keySeq = 0;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  citizen = await signInCitizen(ctx, undefined, undefined, '10.79.0.1');
  enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  clerk = await signInStaff(ctx, 'clerk01', '10.79.0.2');
  reviewer = await signInStaff(ctx, 'reviewer01', '10.79.0.3');
  approver = await signInStaff(ctx, 'approver01', '10.79.0.4');
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

const act = (c: Client, id: string, body: ActionBody) =>
  c.POST('/api/applications/cases/{id}/actions', { params: { path: { id } }, body });

/** File a hygiene-licence case, take it through to completion, and deliver the events: its certificate. */
async function issued() {
  const c = ok(
    await citizen.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `credentials-${++keySeq}` } },
      body: {
        itemCode: HYGIENE.handlingItemCode,
        form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
        materials: await uploadMaterials(citizen, HYGIENE.materials),
      },
    }),
  );
  ok(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }));
  ok(await act(reviewer, c.id, { action: 'pass', expectedSeq: 1, comment: '符合条件' }));
  ok(await act(approver, c.id, { action: 'approve', expectedSeq: 2, comment: '同意' }));
  ok(await act(clerk, c.id, { action: 'complete', expectedSeq: 3, result: { note: '准予许可' } }));
  await ctx.platform.outbox.flush();
  const list = ok(await citizen.GET('/api/credentials/cases/{caseId}', { params: { path: { caseId: c.id } } }));
  expect(list.items).toHaveLength(1);
  const detail = ok(
    await citizen.GET('/api/credentials/certificates/{id}', { params: { path: { id: list.items[0]!.id } } }),
  );
  return { caseId: c.id, caseNumber: c.caseNumber, cert: detail };
}

const jwksOf = async (dept: string): Promise<JSONWebKeySet> =>
  (await ctx.app.inject({ method: 'GET', url: `/api/credentials/issuers/${dept}/jwks.json` })).json();

const verify = async (input: string) => ok(await clerk.POST('/api/credentials/verify', { body: { input } }));

/** A status list fetched over HTTP, its JWT checked by jose, its list decoded by Digital Bazaar's library. */
async function statusBit(url: string, index: number, jwks: JSONWebKeySet): Promise<boolean> {
  const res = await ctx.app.inject({ method: 'GET', url: new URL(url).pathname });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/vc+jwt');
  expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
  expect(res.headers.etag).toBeTruthy();
  const { payload } = await jwtVerify(res.body, createLocalJWKSet(jwks), { typ: 'vc+jwt' });
  expect(payload.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
  const subject = payload.credentialSubject as { encodedList: string; type: string };
  expect(subject.type).toBe('BitstringStatusList');
  expect(subject.encodedList.startsWith('u')).toBe(true);
  const list = await decodeList({ encodedList: subject.encodedList });
  expect(list.length).toBeGreaterThanOrEqual(131_072);
  return list.getStatus(index);
}

/** The offline check of docs/verify-credential.ts (jose alone) over the JWKS and the status lists as fetched. */
async function offline(jwt: string, dept = 'ASB', now?: Date) {
  const lists = await Promise.all(
    ['revocation', 'suspension'].map(
      async (purpose) =>
        (await ctx.app.inject({ method: 'GET', url: `/api/credentials/status/${dept}/${purpose}` })).body,
    ),
  );
  const keys = [JSON.stringify(await jwksOf(dept))];
  return (await verifyCredential(jwt, { keys, status: lists, ...(now ? { now } : {}) })).outcome;
}

type Status = { statusPurpose: string; statusListIndex: string; statusListCredential: string; type: string };

describe('issuance', () => {
  it('issues a VC 2.0 JWT that jose alone verifies against the JWKS, registered as shared evidence', async () => {
    const { caseNumber, cert } = await issued();
    expect(cert.name.zh).toBe('公共场所卫生许可证');
    expect(cert.holderKind).toBe('enterprise');
    expect(cert.status).toBe('active');
    // GB/T 36904: type code (issuer's USCC + 3 digits), issuer USCC, serial, version 001, check character.
    expect(cert.number).toMatch(/^1\.2\.156\.3005\.2\.[0-9A-Z]{18}003\.[0-9A-Z]{18}\.\d{7}\.001\.[0-9A-Z]$/);
    expect(certificateNumberFormat(cert.number)).toBe(2);

    const jwks = await jwksOf('ASB');
    const { payload, protectedHeader } = await jwtVerify(cert.jwt, createLocalJWKSet(jwks), { typ: 'vc+jwt' });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(protectedHeader.kid).toMatch(/^did:web:localhost:issuers:ASB#/);
    expect(payload).not.toHaveProperty('vc');
    expect((payload['@context'] as string[])[0]).toBe('https://www.w3.org/ns/credentials/v2');
    expect(payload.type).toContain('VerifiableCredential');
    expect((payload.issuer as { id: string }).id).toBe('did:web:localhost:issuers:ASB');
    expect(Date.parse(payload.validUntil as string) - Date.parse(payload.validFrom as string)).toBeGreaterThan(
      3.9 * 365 * 86_400_000,
    );
    const subject = payload.credentialSubject as Record<string, unknown>;
    expect(subject).toMatchObject({ type: 'Enterprise', uscc: enterprise.uscc, name: enterprise.name });
    expect((subject.certificate as { caseNumber: string }).caseNumber).toBe(caseNumber);
    const statuses = payload.credentialStatus as Status[];
    expect(statuses.map((s) => s.statusPurpose).sort()).toEqual(['revocation', 'suspension']);
    for (const s of statuses) {
      expect(s.type).toBe('BitstringStatusListEntry');
      expect(await statusBit(s.statusListCredential, Number(s.statusListIndex), jwks)).toBe(false);
    }

    // In the exchange's registry of issued documents (shared evidence).
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from exchange.records where registry_code = 'documents' and record_type = 'licence'`.execute(
      ctx.platform.db,
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    // Once only, however often the event is delivered.
    expect(
      ok(await citizen.GET('/api/credentials/mine')).items.filter((c) => c.caseNumber === caseNumber),
    ).toHaveLength(1);

    // The did:web document names the same key.
    const did = await ctx.app.inject({ method: 'GET', url: '/issuers/ASB/did.json' });
    expect(did.statusCode).toBe(200);
    expect(did.json().id).toBe('did:web:localhost:issuers:ASB');
    expect(did.json().assertionMethod).toContain(protectedHeader.kid);

    expect((await verify(cert.jwt)).outcome).toBe('valid');
    expect(await offline(cert.jwt)).toBe('valid');
  });
});

describe('verification answers', () => {
  it('valid, naming the issuer; by the QR code’s link too', async () => {
    const { cert } = await issued();
    const v = await verify(cert.jwt);
    expect(v.outcome).toBe('valid');
    expect(v.issuer).toMatchObject({ did: 'did:web:localhost:issuers:ASB', departmentCode: 'ASB' });
    expect(v.issuer!.name).toBeTruthy();
    expect(v.credential!.number).toBe(cert.number);
    expect((await verify(cert.verifyUrl)).outcome).toBe('valid');
  });

  it('forged: a changed signature', async () => {
    const { cert } = await issued();
    const [h, p, s] = cert.jwt.split('.') as [string, string, string];
    const bad = Buffer.from(s, 'base64url');
    bad[0] = bad[0]! ^ 0x01;
    const forged = `${h}.${p}.${bad.toString('base64url')}`;
    expect((await verify(forged)).outcome).toBe('forged');
    expect(await offline(forged)).toBe('forged');
    await expect(jwtVerify(forged, createLocalJWKSet(await jwksOf('ASB')))).rejects.toThrow();
  });

  it('forged: a changed claim', async () => {
    const { cert } = await issued();
    const [h, , s] = cert.jwt.split('.') as [string, string, string];
    const claims = decodeJwt(cert.jwt);
    const changed = { ...claims, validUntil: '2099-12-31T00:00:00Z' };
    const tampered = `${h}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${s}`;
    const v = await verify(tampered);
    expect(v.outcome).toBe('forged');
    expect(v.credential).toBeNull();
    expect(await offline(tampered)).toBe('forged');
  });

  it('revoked, by the issuing department’s clerk with a reason and a legal basis (audited); the status list says so', async () => {
    const { cert } = await issued();
    expect((await verify(cert.jwt)).outcome).toBe('valid');
    const change = ok(
      await clerk.POST('/api/credentials/certificates/{id}/status', {
        params: { path: { id: cert.id } },
        body: { action: 'revoke', reason: '经营场所已变更', legalBasis: '《公共场所卫生管理条例实施细则》第二十四条' },
      }),
    );
    expect(change.status).toBe('revoked');
    expect((await verify(cert.jwt)).outcome).toBe('revoked');
    expect(await offline(cert.jwt)).toBe('revoked');
    const s = (decodeJwt(cert.jwt).credentialStatus as Status[]).find((x) => x.statusPurpose === 'revocation')!;
    expect(await statusBit(s.statusListCredential, Number(s.statusListIndex), await jwksOf('ASB'))).toBe(true);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from platform.audit_log where action = 'credentials.certificate.revoked' and resource_id = ${cert.id}`.execute(
      ctx.platform.db,
    );
    expect(rows[0]!.n).toBe(1);
    // Final: no reinstatement.
    const again = await clerk.POST('/api/credentials/certificates/{id}/status', {
      params: { path: { id: cert.id } },
      body: { action: 'reinstate', reason: '误操作', legalBasis: '—— 无' },
    });
    expect(errorCode(again)).toBe('CERTIFICATE_REVOKED');
  });

  it('suspended, then reinstated: each change shows at once in the endpoint’s answers (its cached bits are dropped)', async () => {
    const { cert } = await issued();
    expect((await verify(cert.jwt)).outcome).toBe('valid'); // the department's bits and the signature are now kept
    const body = { reason: '责令停业整顿', legalBasis: '《公共场所卫生管理条例》第十四条' };
    ok(
      await approver.POST('/api/credentials/certificates/{id}/status', {
        params: { path: { id: cert.id } },
        body: { action: 'suspend', ...body },
      }),
    );
    expect((await verify(cert.jwt)).outcome).toBe('suspended');
    expect(await offline(cert.jwt)).toBe('suspended');
    const s = (decodeJwt(cert.jwt).credentialStatus as Status[]).find((x) => x.statusPurpose === 'suspension')!;
    expect(await statusBit(s.statusListCredential, Number(s.statusListIndex), await jwksOf('ASB'))).toBe(true);
    ok(
      await approver.POST('/api/credentials/certificates/{id}/status', {
        params: { path: { id: cert.id } },
        body: { action: 'reinstate', ...body },
      }),
    );
    expect((await verify(cert.jwt)).outcome).toBe('valid');
  });

  it('expired, once its validUntil has passed', async () => {
    const { cert } = await issued();
    const start = ctx.clock.now();
    try {
      const later = new Date(start.getTime() + 5 * 365 * 86_400_000);
      ctx.clock.set(later);
      expect((await verify(cert.jwt)).outcome).toBe('expired');
      expect(await offline(cert.jwt, 'ASB', later)).toBe('expired');
    } finally {
      ctx.clock.set(start);
    }
  });

  it('unknown issuer: a key we never published, or an issuer that is not ours', async () => {
    const { publicKey, privateKey } = await generateKeyPair('Ed25519');
    const claims = { ...decodeJwt((await issued()).cert.jwt) };
    const ours = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: 'did:web:localhost:issuers:ASB#not-a-key' })
      .sign(privateKey);
    const v = await verify(ours);
    expect(v.outcome).toBe('unknown_issuer');
    expect(await offline(ours)).toBe('unknown_issuer');
    expect(v.issuer!.did).toBe('did:web:localhost:issuers:ASB');
    const elsewhere = await new SignJWT({ ...claims, issuer: { id: 'did:web:evil.example:issuers:ASB' } })
      .setProtectedHeader({
        alg: 'EdDSA',
        typ: 'vc+jwt',
        kid: `did:web:evil.example:issuers:ASB#${(await exportJWK(publicKey)).x}`,
      })
      .sign(privateKey);
    const w = await verify(elsewhere);
    expect(w.outcome).toBe('unknown_issuer');
    expect(await offline(elsewhere)).toBe('unknown_issuer');
    expect(w.issuer!.did).toBe('did:web:evil.example:issuers:ASB');
    expect(errorCode(await clerk.POST('/api/credentials/verify', { body: { input: 'hello' } }))).toBe(
      'CREDENTIAL_MALFORMED',
    );
  });
});

describe('keys, sharing, rendering, and who may', () => {
  it('key rotation keeps older certificates verifiable; only the department’s admin rotates', async () => {
    const { cert } = await issued();
    const other = await signInStaff(ctx, 'psb-admin', '10.79.1.1');
    expect(
      (await other.POST('/api/credentials/issuers/{dept}/rotate', { params: { path: { dept: 'ASB' } } })).response
        .status,
    ).toBe(403);
    const admin = await signInStaff(ctx, 'asb-admin', '10.79.1.2');
    const rotated = ok(
      await admin.POST('/api/credentials/issuers/{dept}/rotate', { params: { path: { dept: 'ASB' } } }),
    );
    const jwks = await jwksOf('ASB');
    expect(jwks.keys.map((k) => k.kid)).toContain(rotated.kid);
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    await jwtVerify(cert.jwt, createLocalJWKSet(jwks), { typ: 'vc+jwt' });
    expect((await verify(cert.jwt)).outcome).toBe('valid');
    const next = await issued();
    expect(decodeJwt(next.cert.jwt)).toBeTruthy();
    const { protectedHeader } = await jwtVerify(next.cert.jwt, createLocalJWKSet(jwks));
    expect(protectedHeader.kid).toBe(rotated.kid);
  });

  it('shares by a time-limited link: the visit is in the holder’s data tracker; a withdrawn or expired link fails', async () => {
    const { cert } = await issued();
    const share = ok(
      await citizen.POST('/api/credentials/certificates/{id}/shares', {
        params: { path: { id: cert.id } },
        body: { minutes: 30 },
      }),
    );
    const viewer = await registerCitizen(ctx, { ip: '10.79.2.1' });
    const seen = ok(await viewer.client.POST('/api/credentials/verify', { body: { input: share.url } }));
    expect(seen.outcome).toBe('valid');
    expect(seen.jwt).toBe(cert.jwt);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from platform.personal_data_access
      where resource_type = 'certificate_share' and resource_id = ${share.id} and subject_kind = 'enterprise'`.execute(
      ctx.platform.db,
    );
    expect(rows[0]!.n).toBe(1);
    // Someone else cannot share or withdraw it.
    expect(
      errorCode(
        await viewer.client.POST('/api/credentials/certificates/{id}/shares', {
          params: { path: { id: cert.id } },
          body: { minutes: 30 },
        }),
      ),
    ).toBe('CERTIFICATE_NOT_FOUND');
    expect(
      errorCode(await viewer.client.DELETE('/api/credentials/shares/{id}', { params: { path: { id: share.id } } })),
    ).toBe('SHARE_NOT_FOUND');
    ok(await citizen.DELETE('/api/credentials/shares/{id}', { params: { path: { id: share.id } } }));
    expect(errorCode(await viewer.client.POST('/api/credentials/verify', { body: { input: share.url } }))).toBe(
      'CREDENTIAL_MALFORMED',
    );
    const short = ok(
      await citizen.POST('/api/credentials/certificates/{id}/shares', {
        params: { path: { id: cert.id } },
        body: { minutes: 1 },
      }),
    );
    const start = ctx.clock.now();
    try {
      ctx.clock.set(new Date(start.getTime() + 2 * 60_000));
      expect(errorCode(await viewer.client.POST('/api/credentials/verify', { body: { input: short.url } }))).toBe(
        'CREDENTIAL_MALFORMED',
      );
    } finally {
      ctx.clock.set(start);
    }
  });

  it('renders HTML and PDF with a QR code for the holder; another citizen and another department see nothing', async () => {
    const { cert } = await issued();
    const html = await citizen.raw('GET', `/api/credentials/certificates/${cert.id}/html`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('公共场所卫生许可证');
    expect(html.body).toContain('<svg');
    const pdf = await citizen.raw('GET', `/api/credentials/certificates/${cert.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const other = await registerCitizen(ctx, { ip: '10.79.3.1' });
    const psb = await signInStaff(ctx, 'psb-clerk', '10.79.3.2');
    for (const who of [other.client, psb]) {
      const denied = await who.GET('/api/credentials/certificates/{id}', { params: { path: { id: cert.id } } });
      expect(errorCode(denied)).toBe('CERTIFICATE_NOT_FOUND');
    }
    const revoke = await psb.POST('/api/credentials/certificates/{id}/status', {
      params: { path: { id: cert.id } },
      body: { action: 'revoke', reason: '无权操作', legalBasis: '—— 无' },
    });
    expect(errorCode(revoke)).toBe('CERTIFICATE_NOT_FOUND');
    expect(
      errorCode(
        await citizen.POST('/api/credentials/certificates/{id}/status', {
          params: { path: { id: cert.id } },
          body: { action: 'revoke', reason: '我自己', legalBasis: '—— 无' },
        }),
      ),
    ).toBe('CERTIFICATE_NOT_FOUND');
    expect(ok(await other.client.GET('/api/credentials/mine')).items).toEqual([]);
  });
});

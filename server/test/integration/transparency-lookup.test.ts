/**
 * The transparency log's public look-ups (the /transparency page's): a case's entries by its
 * number, a certificate's by its id or number. Only audit entries of public power: no
 * personal-data read (a read's entry never names the case), no holder's share link, no personal
 * data in the answer; every entry's inclusion proof verifies against the signed root; unknown
 * answers 404, malformed 400, too many from one address 429.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionBody, EnterpriseLink } from '../../../contract/openapi.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { LOOKUP_LIMITS } from '../../src/modules/transparency/transparency.service.ts';
import { leafInput } from '../../src/modules/transparency/transparency.records.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { leafHash, verifyInclusion } from '../../src/platform/merkle.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  query,
  signInCitizen,
  signInStaff,
  uploadMaterials,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let clerk: Client;
let reviewer: Client;
let approver: Client;
let anon: Client;
let enterprise: EnterpriseLink;
const HYGIENE = DEMO_ITEMS.find((i) => i.name.zh === '公共场所卫生许可')!;
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: '龙港市华中社区 1 号',
};
let filed: { id: string; caseNumber: string };
let cert: { id: string; number: string };

const act = (c: Client, id: string, body: ActionBody) =>
  c.POST('/api/applications/cases/{id}/actions', { params: { path: { id } }, body });
const fromB64 = (s: string) => Buffer.from(s, 'base64');

/** Append everything pending and sign a checkpoint of it. */
async function sequence(): Promise<number> {
  await ctx.modules.transparency.sequencer.drain();
  await ctx.modules.transparency.sequencer.checkpoint(true);
  // Making the key was audited (and is logged in turn): once more, so the latest checkpoint holds everything.
  await ctx.modules.transparency.sequencer.drain();
  ctx.clock.advance(60_000);
  await ctx.modules.transparency.sequencer.checkpoint(true);
  return ok(await anon.GET('/api/transparency/checkpoints')).items[0]!.treeSize;
}

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  anon = client(ctx, '10.81.0.9');
  citizen = await signInCitizen(ctx, undefined, undefined, '10.81.0.1');
  enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  clerk = await signInStaff(ctx, 'clerk01', '10.81.0.2');
  reviewer = await signInStaff(ctx, 'reviewer01', '10.81.0.3');
  approver = await signInStaff(ctx, 'approver01', '10.81.0.4');
  filed = ok(
    await citizen.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': 'transparency-lookup-1' } },
      body: {
        itemCode: HYGIENE.handlingItemCode,
        form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
        materials: await uploadMaterials(citizen, HYGIENE.materials),
      },
    }),
  );
  // A staff member reads the case (a personal-data read, logged with the case as its resource).
  ok(await clerk.GET('/api/applications/cases/{id}', { params: { path: { id: filed.id } } }));
  ok(await act(clerk, filed.id, { action: 'accept', expectedSeq: 0 }));
  ok(await act(reviewer, filed.id, { action: 'pass', expectedSeq: 1, comment: '符合条件' }));
  ok(await act(approver, filed.id, { action: 'approve', expectedSeq: 2, comment: '同意' }));
  ok(await act(clerk, filed.id, { action: 'complete', expectedSeq: 3, result: { note: '准予许可' } }));
  await ctx.platform.outbox.flush();
  const list = ok(await citizen.GET('/api/credentials/cases/{caseId}', { params: { path: { caseId: filed.id } } }));
  cert = list.items[0]!;
  // The holder shares it: the holder's own act, not the log's public answer about the certificate.
  ok(
    await citizen.POST('/api/credentials/certificates/{id}/shares', {
      params: { path: { id: cert.id } },
      body: { minutes: 30 },
    }),
  );
}, 120_000);
afterAll(async () => ctx.teardown());

describe('looking entries up', () => {
  it("lists a case's acts of public power by its number, each proved in the signed tree; no read of its data", async () => {
    const size = await sequence();
    const reads = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from transparency.entries where source = 'access' and resource_id = ${filed.id}`,
    );
    expect(reads[0]!.n).toBeGreaterThan(0);
    const found = ok(
      await anon.GET('/api/transparency/cases', { params: { query: { caseNumber: filed.caseNumber.toLowerCase() } } }),
    );
    const actions = found.items.map((e) => e.action);
    // The staff's handling, in order; the applicant's own filing is not an exercise of public power.
    expect(actions).toEqual([
      'applications.case.accept',
      'applications.case.pass',
      'applications.case.approve',
      'applications.case.complete',
    ]);
    expect(found.items.every((e) => e.source === 'audit' && e.resourceId === filed.id)).toBe(true);
    const cp = ok(await anon.GET('/api/transparency/checkpoints')).items[0]!;
    for (const e of found.items) {
      const p = ok(await anon.GET('/api/transparency/proof/inclusion', { params: { query: { index: e.index } } }));
      expect(p.treeSize).toBe(size);
      const leaf = leafHash(leafInput(e.source, e.recordId, e.recordHash));
      expect(verifyInclusion(leaf, e.index, size, p.proof.map(fromB64), fromB64(cp.rootHash))).toBe(true);
    }
  });

  it("lists a certificate's issuance by its id or its number, not its share links, and no personal data", async () => {
    const byId = ok(await anon.GET('/api/transparency/certificates', { params: { query: { certificate: cert.id } } }));
    expect(byId.certificateId).toBe(cert.id);
    expect(byId.items.map((e) => e.action)).toEqual(['credentials.certificate.issued']);
    const byNumber = ok(
      await anon.GET('/api/transparency/certificates', { params: { query: { certificate: cert.number } } }),
    );
    expect(byNumber).toEqual(byId);
    const shared = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from transparency.entries where action = 'credentials.share.created' and resource_id = ${cert.id}`,
    );
    expect(shared[0]!.n).toBe(1);
    const text = JSON.stringify(byId);
    for (const secret of [PERSON.name, PERSON.idNumber, PERSON.phone, enterprise.name])
      expect(text).not.toContain(secret);
  });

  it('adds a revocation once the sequencer has appended it', async () => {
    ok(
      await clerk.POST('/api/credentials/certificates/{id}/status', {
        params: { path: { id: cert.id } },
        body: { action: 'revoke', reason: '经营场所已变更', legalBasis: '《公共场所卫生管理条例实施细则》第二十四条' },
      }),
    );
    const before = ok(
      await anon.GET('/api/transparency/certificates', { params: { query: { certificate: cert.id } } }),
    );
    expect(before.items).toHaveLength(1);
    await sequence();
    const after = ok(await anon.GET('/api/transparency/certificates', { params: { query: { certificate: cert.id } } }));
    expect(after.items.map((e) => e.action)).toEqual([
      'credentials.certificate.issued',
      'credentials.certificate.revoked',
    ]);
  });

  it('answers 404 for an unknown case or certificate, 400 for a malformed one', async () => {
    expect(
      errorCode(await anon.GET('/api/transparency/cases', { params: { query: { caseNumber: 'NOPE-1234' } } })),
    ).toBe('LOG_ENTRY_NOT_FOUND');
    for (const certificate of ['0190a0b0-0000-7000-8000-000000000000', '1.2.156.3005.2.X.Y.0000001.Z']) {
      expect(errorCode(await anon.GET('/api/transparency/certificates', { params: { query: { certificate } } }))).toBe(
        'LOG_ENTRY_NOT_FOUND',
      );
    }
    const bad = await anon.GET('/api/transparency/certificates', { params: { query: { certificate: "x' or 1=1" } } });
    expect(bad.response.status).toBe(400);
  });

  it('limits the look-ups of one certificate (429 RATE_LIMITED), without signing in', async () => {
    const other = client(ctx, '10.81.0.77');
    let last: string | undefined;
    for (let i = 0; i <= LOOKUP_LIMITS.perKey && last !== 'RATE_LIMITED'; i += 1) {
      const r = await other.GET('/api/transparency/certificates', { params: { query: { certificate: cert.number } } });
      last = r.response.status === 200 ? undefined : errorCode(r);
    }
    expect(last).toBe('RATE_LIMITED');
    // Another certificate (here: a case) is still answered from another address.
    const again = await client(ctx, '10.81.0.78').GET('/api/transparency/cases', {
      params: { query: { caseNumber: filed.caseNumber } },
    });
    expect(again.response.status).toBe(200);
  });
});

/**
 * Enterprise takeover (issue 8): typing an enterprise legal representative's ID number at
 * registration must not make anyone that enterprise's legal representative, nor lock the real
 * person out. A person is linked to an enterprise only once their real name is verified (by
 * the roster with their own phone, or in person) under the registry's name; when the owner of
 * an ID number is verified, the unverified accounts that typed it are frozen, audited, and the
 * owner is told.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEnterprises, generateResidents } from '../../src/demo/population.ts';
import { DEMO_SEED } from '../../src/demo/seed.ts';
import type { LoginResult } from '../../../contract/openapi.ts';
import {
  ok,
  TEST_PASSWORD,
  client,
  createTestApp,
  errorCode,
  newPerson,
  query,
  register,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

const RESIDENTS = 40;
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ residents: RESIDENTS });
});
afterAll(async () => {
  await ctx.teardown();
});

// The registry's legal representatives (the demo seed's generators): enterprise 0 is the demo
// citizen's; the others' legal representatives are residents on the roster without an account.
const residents = [...generateResidents(DEMO_SEED, RESIDENTS)];
const reps = [...generateEnterprises(DEMO_SEED, 5, RESIDENTS)]
  .slice(1)
  .filter((e, i, all) => all.findIndex((o) => o.legalRepResidentIndex === e.legalRepResidentIndex) === i)
  .map((e) => ({ uscc: e.uscc, person: residents[e.legalRepResidentIndex]! }));

const enterpriseId = async (uscc: string) =>
  (await query<{ id: string }>(ctx, sql`select id from identity.enterprises where uscc = ${uscc}`))[0]!.id;

/** Deliver the outbox until it is empty: registration → roster check → freeze → security notice. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await ctx.platform.outbox.flush();
  ctx.clock.advance(5_000); // past the session cache
}

async function registered(person: { name: string; idNumber: string; phone: string }, ip: string, password?: string) {
  const { client: c, res } = await register(ctx, person, { ip, ...(password ? { password } : {}) });
  expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  return { client: c, id: ok(res).me.id };
}

const byId = (id: string) => ({ params: { path: { id } } });
/** The account a password sign-in opened a session for (none when it asks for a second factor). */
const signedInAs = (result: LoginResult) => (result.status === 'ok' ? result.me.id : undefined);

const frozenAudit = (accountId: string) =>
  query<{ actor_kind: string; detail: Record<string, unknown> }>(
    ctx,
    sql`select actor_kind, detail from platform.audit_log where action = 'identity.account.frozen' and resource_id = ${accountId}`,
  );

describe('the attack: an unverified account types a legal representative’s ID number', () => {
  it('under any name, it is not linked, cannot act for the enterprise, nor see or authorise its agents', async () => {
    const { uscc, person } = reps[0]!;
    const eid = await enterpriseId(uscc);
    const squatter = await registered(
      { name: '冒名者', idNumber: person.idNumber, phone: newPerson().phone },
      '10.8.0.1',
    );
    await settle();
    expect(ok(await squatter.client.GET('/api/me')).assuranceLevel).toBe('registered');
    expect(ok(await squatter.client.GET('/api/me/enterprises')).items).toEqual([]);
    const acting = await squatter.client.POST('/api/me/acting-as', { body: { enterpriseId: eid } });
    expect(acting.response.status).toBe(404);
    expect(errorCode(acting)).toBe('ENTERPRISE_NOT_FOUND');
    expect((await squatter.client.GET('/api/enterprises/{id}/agents', byId(eid))).response.status).toBe(403);
    const accomplice = newPerson();
    const grant = await squatter.client.POST('/api/enterprises/{id}/agents', {
      ...byId(eid),
      body: { idNumber: accomplice.idNumber },
    });
    expect(grant.response.status).toBe(403);
    const links = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from identity.enterprise_agents where account_id = ${squatter.id}`,
    );
    expect(links[0]!.n).toBe(0);
  });

  it('with the registry’s name too, but not the person’s own phone, it stays unverified and unlinked', async () => {
    const { person } = reps[0]!;
    const squatter = await registered(
      { name: person.name, idNumber: person.idNumber, phone: newPerson().phone },
      '10.8.0.2',
    );
    await settle();
    expect(ok(await squatter.client.GET('/api/me')).assuranceLevel).toBe('registered');
    expect(ok(await squatter.client.GET('/api/me/enterprises')).items).toEqual([]);
  });

  it('a link made before the fix does not let an unverified account act', async () => {
    const { uscc, person } = reps[1]!;
    const eid = await enterpriseId(uscc);
    const squatter = await registered(
      { name: '冒名者', idNumber: person.idNumber, phone: newPerson().phone },
      '10.8.0.3',
    );
    await query(
      ctx,
      sql`insert into identity.enterprise_agents (enterprise_id, account_id, relation, granted_at)
          values (${eid}, ${squatter.id}, 'legal_rep', ${ctx.clock.now()})`,
    );
    ctx.clock.advance(5_000);
    expect(ok(await squatter.client.GET('/api/me/enterprises')).items).toEqual([]);
    expect((await squatter.client.POST('/api/me/acting-as', { body: { enterpriseId: eid } })).response.status).toBe(
      404,
    );
    expect((await squatter.client.GET('/api/enterprises/{id}/agents', byId(eid))).response.status).toBe(403);
  });
});

describe('the recovery: the owner registers and is verified; the squatters are frozen', () => {
  it('the owner is not locked out, becomes legal representative, and the squatting accounts are frozen and reported', async () => {
    const { uscc, person } = reps[2]!;
    const eid = await enterpriseId(uscc);
    // Two squatters: one under a made-up name, one under the registry's name (with their own phone).
    const first = await registered({ name: '冒名者', idNumber: person.idNumber, phone: newPerson().phone }, '10.8.1.1');
    const second = await registered(
      { name: person.name, idNumber: person.idNumber, phone: newPerson().phone },
      '10.8.1.2',
    );
    // As if before the fix: the first squatter had been linked and had authorised a verified accomplice.
    const accomplice = await registered(
      { name: residents[30]!.name, idNumber: residents[30]!.idNumber, phone: residents[30]!.phone },
      '10.8.1.3',
    );
    await settle();
    expect(ok(await accomplice.client.GET('/api/me')).assuranceLevel).toBe('id_verified');
    await query(
      ctx,
      sql`insert into identity.enterprise_agents (enterprise_id, account_id, relation, granted_by, granted_at)
          values (${eid}, ${first.id}, 'legal_rep', null, ${ctx.clock.now()}),
                 (${eid}, ${accomplice.id}, 'agent', ${first.id}, ${ctx.clock.now()})`,
    );
    ctx.clock.advance(5_000);
    expect(ok(await accomplice.client.GET('/api/me/enterprises')).items).toHaveLength(1);

    // The real person registers with the same ID number, their name and their own phone (the roster's).
    const owner = await registered({ name: person.name, idNumber: person.idNumber, phone: person.phone }, '10.8.1.4');
    await settle();
    const me = ok(await owner.client.GET('/api/me'));
    expect(me.assuranceLevel).toBe('id_verified');
    expect(ok(await owner.client.GET('/api/me/enterprises')).items).toEqual([
      expect.objectContaining({ enterpriseId: eid, relation: 'legal_rep' }),
    ]);
    const acting = await owner.client.POST('/api/me/acting-as', { body: { enterpriseId: eid } });
    expect(acting.response.status).toBe(200);
    expect(ok(acting).roles).toContain('enterprise_agent');

    // The squatters are frozen: their sessions end, they cannot sign in, their links are gone.
    for (const s of [first, second]) {
      expect((await s.client.GET('/api/me')).response.status).toBe(401);
      const audit = await frozenAudit(s.id);
      expect(audit).toEqual([
        {
          actor_kind: 'system',
          detail: expect.objectContaining({ reason: 'id-number-verified-by-owner', ownerAccountId: me.id }),
        },
      ]);
    }
    const liveSessions = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from identity.sessions where account_id in (${first.id}, ${second.id}) and revoked_at is null`,
    );
    expect(liveSessions[0]!.n).toBe(0);
    expect((await frozenAudit(first.id))[0]!.detail).toMatchObject({ linksWithdrawn: 1, agentsWithdrawn: 1 });
    // The accomplice the squatter authorised lost the enterprise.
    expect(ok(await accomplice.client.GET('/api/me/enterprises')).items).toEqual([]);
    const agents = ok(await owner.client.GET('/api/enterprises/{id}/agents', byId(eid))).items;
    expect(agents.find((a) => a.accountId === accomplice.id)?.revoked).toBe(true);

    // The owner is told, in their personal messages (not the enterprise's), once per frozen account.
    expect((await owner.client.POST('/api/me/acting-as', { body: { enterpriseId: null } })).response.status).toBe(200);
    const notes = ok(await owner.client.GET('/api/me/notifications')).items;
    const notices = notes.filter((n) => n.title.zh.startsWith('安全提醒'));
    expect(notices).toHaveLength(2);
    expect(notices[0]!.title.en).toBe('Security notice: someone registered with your ID number');
    expect(notices[0]!.link).toBe('/me');

    // The owner signs in by ID number or phone; a squatter signing in with its own password is told it is frozen.
    const byIdNumber = await client(ctx, '10.8.1.6').POST('/api/auth/login', {
      body: { login: person.idNumber, password: TEST_PASSWORD },
    });
    expect(byIdNumber.response.status).toBe(200);
    expect(signedInAs(ok(byIdNumber))).toBe(me.id);
  });

  it('the security admin cannot re-enable a frozen account', async () => {
    const frozen = await query<{ id: string }>(
      ctx,
      sql`select id from identity.accounts where status = 'frozen' order by created_at limit 1`,
    );
    expect(frozen).toHaveLength(1);
    const secadmin = await signInStaff(ctx, 'secadmin', '10.8.2.2');
    const enable = await secadmin.POST('/api/admin/accounts/{id}/status', {
      ...byId(frozen[0]!.id),
      body: { status: 'active', reason: '申诉' },
    });
    expect(enable.response.status).toBe(409);
    expect(errorCode(enable)).toBe('ACCOUNT_STATUS_LOCKED');
    const list = ok(
      await secadmin.GET('/api/admin/accounts', { params: { query: { kind: 'citizen', pageSize: 200 } } }),
    ).items;
    expect(list.find((a) => a.id === frozen[0]!.id)?.status).toBe('frozen');
  });

  it('an ID number held by a verified account cannot be registered again', async () => {
    const { person } = reps[2]!;
    const again = await register(
      ctx,
      { name: person.name, idNumber: person.idNumber, phone: newPerson().phone },
      { ip: '10.8.3.1' },
    );
    expect(again.res.response.status).toBe(409);
    expect(errorCode(again.res)).toBe('ACCOUNT_EXISTS');
  });
});

describe('recovery at a window: the check in person', () => {
  let clerk: Client;
  beforeAll(async () => {
    clerk = await signInStaff(ctx, 'clerk01', '10.8.4.9');
  });

  it('two unverified holders sign in by ID number with their own passwords; the one checked in person keeps it', async () => {
    const { uscc, person } = reps[1]!;
    const eid = await enterpriseId(uscc);
    const squatter = await registered(
      { name: person.name, idNumber: person.idNumber, phone: newPerson().phone },
      '10.8.4.1',
      'Squat#2026x',
    );
    // The owner's phone is not the roster's (a new number): the roster cannot verify them.
    const { client: ownerClient, res } = await register(
      ctx,
      { name: person.name, idNumber: person.idNumber, phone: newPerson().phone },
      { ip: '10.8.4.2', password: 'Owner#2026x' },
    );
    expect(res.response.status).toBe(201);
    const ownerId = ok(res).me.id;
    await settle();
    expect(ok(await ownerClient.GET('/api/me')).assuranceLevel).toBe('registered');
    // Both sign in by the shared ID number, each with their own password.
    const s = await client(ctx, '10.8.4.3').POST('/api/auth/login', {
      body: { login: person.idNumber, password: 'Squat#2026x' },
    });
    expect(signedInAs(ok(s))).toBe(squatter.id);
    const o = await client(ctx, '10.8.4.4').POST('/api/auth/login', {
      body: { login: person.idNumber, password: 'Owner#2026x' },
    });
    expect(signedInAs(ok(o))).toBe(ownerId);

    const check = await clerk.POST('/api/admin/accounts/{id}/verify-in-person', byId(ownerId));
    expect(check.response.status, JSON.stringify(check.error)).toBe(204);
    await settle();
    expect(ok(await ownerClient.GET('/api/me')).assuranceLevel).toBe('in_person');
    expect(ok(await ownerClient.GET('/api/me/enterprises')).items).toEqual([
      expect.objectContaining({ enterpriseId: eid, relation: 'legal_rep' }),
    ]);
    expect((await squatter.client.GET('/api/me')).response.status).toBe(401);
    const refused = await client(ctx, '10.8.4.5').POST('/api/auth/login', {
      body: { login: person.idNumber, password: 'Squat#2026x' },
    });
    expect(refused.response.status).toBe(403);
    expect(errorCode(refused)).toBe('ACCOUNT_FROZEN');
    expect(await frozenAudit(squatter.id)).toEqual([
      { actor_kind: 'staff', detail: expect.objectContaining({ ownerAccountId: ownerId, sessionsEnded: 2 }) },
    ]);

    // A second check in person of the frozen account does not take the ID number back.
    const twice = await clerk.POST('/api/admin/accounts/{id}/verify-in-person', byId(squatter.id));
    expect(twice.response.status).toBe(409);
    expect(errorCode(twice)).toBe('ID_NUMBER_VERIFIED_ELSEWHERE');
  });
});

/**
 * Enterprises act through people: the legal representative (linked from the registry by ID
 * number) and the agents they authorise. Acting-as, authorisation, withdrawal, and the
 * in-person identity check at a window.
 */
import { sql } from 'kysely';
import type { EnterpriseLink, GrantAgentBody } from '../../../contract/openapi.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { citizenIdCheckChar, makeCitizenId } from '../../src/platform/id-numbers.ts';
import {
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let rep: Client;
let enterprise: EnterpriseLink;
let otherEnterpriseId: string;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 40 });
  rep = await signInCitizen(ctx, undefined, undefined, '10.7.0.1');
  const items = await myEnterprises(rep);
  enterprise = items[0]!;
  otherEnterpriseId = (
    await query<{ id: string }>(
      ctx,
      sql`select id from identity.enterprises where id <> ${enterprise.enterpriseId} limit 1`,
    )
  )[0]!.id;
});
afterAll(async () => {
  await ctx.teardown();
});

const withoutRequestId = (body: { error: Record<string, unknown> } | undefined) => {
  const { requestId: _r, ...rest } = body!.error;
  return rest;
};
const meOf = async (c: Client) => ok(await c.GET('/api/me'));
const myEnterprises = async (c: Client) => ok(await c.GET('/api/me/enterprises')).items;
const actAs = (c: Client, enterpriseId: string | null) => c.POST('/api/me/acting-as', { body: { enterpriseId } });
const grant = (c: Client, id: string, body: GrantAgentBody) =>
  c.POST('/api/enterprises/{id}/agents', { params: { path: { id } }, body });
const listAgents = (c: Client, id: string) => c.GET('/api/enterprises/{id}/agents', { params: { path: { id } } });
const revokeAgent = (c: Client, id: string, accountId: string) =>
  c.DELETE('/api/enterprises/{id}/agents/{accountId}', { params: { path: { id, accountId } } });
const verifyInPerson = (c: Client, id: string) =>
  c.POST('/api/admin/accounts/{id}/verify-in-person', { params: { path: { id } } });

describe('acting for an enterprise', () => {
  it('the demo citizen is legal representative of exactly one enterprise', async () => {
    const res = await rep.GET('/api/me/enterprises');
    expect(res.response.status).toBe(200);
    const items = ok(res).items;
    expect(items).toHaveLength(1);
    expect(items[0]!.relation).toBe('legal_rep');
    expect(items[0]!.uscc).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    expect(items[0]!.enterpriseId).not.toBe(otherEnterpriseId);
  });

  it('acting-as sets actingAs and the enterprise_agent role, and back', async () => {
    const me = await meOf(rep);
    expect(me.actingAs).toBeNull();
    expect(me.roles).toEqual(['citizen']);
    const res = await actAs(rep, enterprise.enterpriseId);
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    expect(ok(res).actingAs).toEqual({
      enterpriseId: enterprise.enterpriseId,
      name: enterprise.name,
      uscc: enterprise.uscc,
    });
    expect(ok(res).roles).toEqual(['citizen', 'enterprise_agent']);
    // it lives on the session, so the next request sees it too
    const again = await meOf(rep);
    expect(again.actingAs?.enterpriseId).toBe(enterprise.enterpriseId);
    expect(again.roles).toContain('enterprise_agent');
    // but only on this session
    const otherSession = await signInCitizen(ctx, undefined, undefined, '10.7.0.2');
    expect((await meOf(otherSession)).actingAs).toBeNull();

    const back = await actAs(rep, null);
    expect(back.response.status).toBe(200);
    expect(ok(back).actingAs).toBeNull();
    expect(ok(back).roles).toEqual(['citizen']);
  });

  it('acting for an enterprise that is not mine answers 404, the same as one that does not exist', async () => {
    const notMine = await actAs(rep, otherEnterpriseId);
    expect(notMine.response.status).toBe(404);
    expect(errorCode(notMine)).toBe('ENTERPRISE_NOT_FOUND');
    const missing = await actAs(rep, '0192f5a0-0000-7000-8000-000000000000');
    expect(withoutRequestId(missing.error)).toEqual(withoutRequestId(notMine.error));
    expect((await meOf(rep)).actingAs).toBeNull();
  });

  it('staff act as themselves only', async () => {
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.0.3');
    expect(await myEnterprises(clerk)).toEqual([]);
    expect((await actAs(clerk, enterprise.enterpriseId)).response.status).toBe(404);
  });
});

/** A registered citizen whose identity a window clerk checked in person: an agent must be verified. */
async function verifiedCitizen(ip: string) {
  const who = await registerCitizen(ctx, { ip });
  const clerk = await signInStaff(ctx, 'clerk01', '10.7.9.9');
  const res = await clerk.POST('/api/admin/accounts/{id}/verify-in-person', { params: { path: { id: who.id } } });
  if (res.response.status !== 204)
    throw new Error(`in-person check failed: ${res.response.status} ${JSON.stringify(res.error)}`);
  return who;
}

describe('agents', () => {
  it('the legal representative authorises a verified citizen, who then sees and acts for the enterprise', async () => {
    const agent = await registerCitizen(ctx, { ip: '10.7.1.1' });
    expect(await myEnterprises(agent.client)).toEqual([]);
    // Not before their real name is verified: an unverified account may have typed someone else's ID number.
    const early = await grant(rep, enterprise.enterpriseId, { idNumber: agent.idNumber });
    expect(early.response.status).toBe(422);
    expect(errorCode(early)).toBe('AGENT_NOT_VERIFIED');
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.1.9');
    const verified = await clerk.POST('/api/admin/accounts/{id}/verify-in-person', {
      params: { path: { id: agent.id } },
    });
    expect(verified.response.status).toBe(204);
    const res = await grant(rep, enterprise.enterpriseId, { idNumber: agent.idNumber });
    expect(res.response.status, JSON.stringify(res.error)).toBe(201);
    expect(ok(res)).toEqual({ accountId: agent.id, displayName: '测试居民' });

    const mine = await myEnterprises(agent.client);
    expect(mine).toEqual([
      { enterpriseId: enterprise.enterpriseId, name: enterprise.name, uscc: enterprise.uscc, relation: 'agent' },
    ]);
    const acting = await actAs(agent.client, enterprise.enterpriseId);
    expect(acting.response.status).toBe(200);
    expect(ok(acting).roles).toContain('enterprise_agent');

    const agents = ok(await listAgents(rep, enterprise.enterpriseId)).items;
    expect(agents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: agent.id, relation: 'agent', revoked: false }),
        expect.objectContaining({ relation: 'legal_rep' }),
      ]),
    );

    // an agent may not manage agents
    const other = await registerCitizen(ctx, { ip: '10.7.1.2' });
    const byAgent = await grant(agent.client, enterprise.enterpriseId, {
      idNumber: other.idNumber,
    });
    expect(byAgent.response.status).toBe(403);
    expect(errorCode(byAgent)).toBe('FORBIDDEN');
    expect((await listAgents(agent.client, enterprise.enterpriseId)).response.status).toBe(403);
    expect((await revokeAgent(agent.client, enterprise.enterpriseId, agent.id)).response.status).toBe(403);
    expect(await myEnterprises(other.client)).toEqual([]);

    // withdrawal: the agent loses the enterprise and the acting-as at once
    const revoked = await revokeAgent(rep, enterprise.enterpriseId, agent.id);
    expect(revoked.response.status).toBe(204);
    expect(await myEnterprises(agent.client)).toEqual([]);
    const after = await meOf(agent.client);
    expect(after.actingAs).toBeNull();
    expect(after.roles).toEqual(['citizen']);
    expect((await actAs(agent.client, enterprise.enterpriseId)).response.status).toBe(404);
    const twice = await revokeAgent(rep, enterprise.enterpriseId, agent.id);
    expect(twice.response.status).toBe(404);
    expect(errorCode(twice)).toBe('AGENT_NOT_FOUND');
    const listed = ok(await listAgents(rep, enterprise.enterpriseId)).items;
    expect(listed.find((a) => a.accountId === agent.id)!.revoked).toBe(true);

    // audit: authorised and revoked, with the agent's account id but not the ID number
    const audit = await query<{ action: string; detail: unknown }>(
      ctx,
      sql`select action, detail from platform.audit_log where resource_id = ${enterprise.enterpriseId} and action like 'identity.agent.%' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['identity.agent.authorised', 'identity.agent.revoked']);
    expect(JSON.stringify(audit)).not.toContain(agent.idNumber);
  });

  it('an authorisation ends at its validUntil', async () => {
    const agent = await verifiedCitizen('10.7.1.3');
    const until = new Date(ctx.clock.now().getTime() + 60 * 60_000).toISOString();
    expect(
      (
        await grant(rep, enterprise.enterpriseId, {
          idNumber: agent.idNumber,
          validUntil: until,
        })
      ).response.status,
    ).toBe(201);
    expect(await myEnterprises(agent.client)).toHaveLength(1);
    ctx.clock.advance(61 * 60_000);
    // 61 minutes is past the idle limit: sign in again
    const again = await signInCitizen(ctx, agent.phone, agent.password, '10.7.1.4');
    expect(await myEnterprises(again)).toEqual([]);
    rep = await signInCitizen(ctx, undefined, undefined, '10.7.0.9');
  });

  it('refuses bad ID numbers, unknown people and the legal representative themselves', async () => {
    const f = '33038319900101123';
    const bad = await grant(rep, enterprise.enterpriseId, {
      idNumber: f + (citizenIdCheckChar(f) === '0' ? '1' : '0'),
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error!.error.details).toContainEqual(
      expect.objectContaining({ path: '/idNumber', code: 'ID_NUMBER_CHECKSUM' }),
    );
    const unknown = await grant(rep, enterprise.enterpriseId, { idNumber: f + citizenIdCheckChar(f) });
    expect(unknown.response.status).toBe(404);
    expect(errorCode(unknown)).toBe('ACCOUNT_NOT_FOUND');
    const own = await grant(rep, enterprise.enterpriseId, {
      idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
    });
    expect(own.response.status).toBe(409);
    expect(errorCode(own)).toBe('ALREADY_LEGAL_REP');
    const self = (
      await query<{ n: number }>(
        ctx,
        sql`select count(*)::int as n from identity.enterprise_agents where enterprise_id = ${enterprise.enterpriseId} and relation = 'legal_rep'`,
      )
    )[0]!.n;
    expect(self).toBe(1);
  });

  it('another enterprise’s agents are not mine to list or manage', async () => {
    const list = await listAgents(rep, otherEnterpriseId);
    expect(list.response.status).toBe(403);
    const agent = await registerCitizen(ctx, { ip: '10.7.1.5' });
    expect((await grant(rep, otherEnterpriseId, { idNumber: agent.idNumber })).response.status).toBe(403);
    expect(await myEnterprises(agent.client)).toEqual([]);
  });
});

describe('in-person identity check', () => {
  it('a clerk raises a citizen to in_person; the citizen sees it on the next request', async () => {
    const who = await registerCitizen(ctx, { ip: '10.7.2.1' });
    expect((await meOf(who.client)).assuranceLevel).toBe('registered');
    // What other modules ask about the account (kept in identity's memory a few seconds).
    const facts = () => ctx.modules.identity.service.identityFacts(who.id);
    expect((await facts())?.assuranceLevel).toBe('registered');
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.2.2');
    const res = await verifyInPerson(clerk, who.id);
    expect(res.response.status, JSON.stringify(res.error)).toBe(204);
    expect((await meOf(who.client)).assuranceLevel).toBe('in_person');
    // The change forgot the kept account: the other modules see it at once, too.
    expect((await facts())?.assuranceLevel).toBe('in_person');
    const audit = await query<{ actor_kind: string; detail: unknown }>(
      ctx,
      sql`select actor_kind, detail from platform.audit_log where action = 'identity.assurance.raised' and resource_id = ${who.id}`,
    );
    expect(audit).toEqual([{ actor_kind: 'staff', detail: { to: 'in_person' } }]);
  });

  it('a citizen cannot call it (403), nor a system admin; a staff account is not a citizen (404)', async () => {
    const who = await registerCitizen(ctx, { ip: '10.7.2.3' });
    const self = await verifyInPerson(who.client, who.id);
    expect(self.response.status).toBe(403);
    expect(errorCode(self)).toBe('FORBIDDEN');
    const sysadmin = await signInStaff(ctx, 'sysadmin', '10.7.2.4');
    expect((await verifyInPerson(sysadmin, who.id)).response.status).toBe(403);
    expect((await meOf(who.client)).assuranceLevel).toBe('registered');
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.2.5');
    const staffId = (
      await query<{ id: string }>(ctx, sql`select id from identity.accounts where username = 'reviewer01'`)
    )[0]!.id;
    const res = await verifyInPerson(clerk, staffId);
    expect(res.response.status).toBe(404);
    expect(errorCode(res)).toBe('ACCOUNT_NOT_FOUND');
  });
});

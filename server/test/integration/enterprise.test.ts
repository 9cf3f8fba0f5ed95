/**
 * Enterprises act through people: the legal representative (linked from the registry by ID
 * number) and the agents they authorise. Acting-as, authorisation, withdrawal, and the
 * in-person identity check at a window.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { citizenIdCheckChar, makeCitizenId } from '../../src/platform/id-numbers.ts';
import {
  createTestApp,
  errorCode,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let rep: Client;
let enterprise: { enterpriseId: string; name: string; uscc: string; relation: string };
let otherEnterpriseId: string;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 40 });
  rep = await signInCitizen(ctx, undefined, undefined, '10.7.0.1');
  const items = (await rep.get('/api/me/enterprises')).json().items;
  enterprise = items[0];
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

const withoutRequestId = (body: { error: Record<string, unknown> }) => {
  const { requestId: _r, ...rest } = body.error;
  return rest;
};

describe('acting for an enterprise', () => {
  it('the demo citizen is legal representative of exactly one enterprise', async () => {
    const res = await rep.get('/api/me/enterprises');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(1);
    expect(items[0].relation).toBe('legal_rep');
    expect(items[0].uscc).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    expect(items[0].enterpriseId).not.toBe(otherEnterpriseId);
  });

  it('acting-as sets actingAs and the enterprise_agent role, and back', async () => {
    const me = (await rep.get('/api/me')).json();
    expect(me.actingAs).toBeNull();
    expect(me.roles).toEqual(['citizen']);
    const res = await rep.post('/api/me/acting-as', { enterpriseId: enterprise.enterpriseId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().actingAs).toEqual({
      enterpriseId: enterprise.enterpriseId,
      name: enterprise.name,
      uscc: enterprise.uscc,
    });
    expect(res.json().roles).toEqual(['citizen', 'enterprise_agent']);
    // it lives on the session, so the next request sees it too
    const again = (await rep.get('/api/me')).json();
    expect(again.actingAs.enterpriseId).toBe(enterprise.enterpriseId);
    expect(again.roles).toContain('enterprise_agent');
    // but only on this session
    const otherSession = await signInCitizen(ctx, undefined, undefined, '10.7.0.2');
    expect((await otherSession.get('/api/me')).json().actingAs).toBeNull();

    const back = await rep.post('/api/me/acting-as', { enterpriseId: null });
    expect(back.statusCode).toBe(200);
    expect(back.json().actingAs).toBeNull();
    expect(back.json().roles).toEqual(['citizen']);
  });

  it('acting for an enterprise that is not mine answers 404, the same as one that does not exist', async () => {
    const notMine = await rep.post('/api/me/acting-as', { enterpriseId: otherEnterpriseId });
    expect(notMine.statusCode).toBe(404);
    expect(errorCode(notMine)).toBe('ENTERPRISE_NOT_FOUND');
    const missing = await rep.post('/api/me/acting-as', { enterpriseId: '0192f5a0-0000-7000-8000-000000000000' });
    expect(withoutRequestId(missing.json())).toEqual(withoutRequestId(notMine.json()));
    expect((await rep.get('/api/me')).json().actingAs).toBeNull();
  });

  it('staff act as themselves only', async () => {
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.0.3');
    expect((await clerk.get('/api/me/enterprises')).json().items).toEqual([]);
    expect((await clerk.post('/api/me/acting-as', { enterpriseId: enterprise.enterpriseId })).statusCode).toBe(404);
  });
});

/** A registered citizen whose identity a window clerk checked in person: an agent must be verified. */
async function verifiedCitizen(ip: string) {
  const who = await registerCitizen(ctx, { ip });
  const clerk = await signInStaff(ctx, 'clerk01', '10.7.9.9');
  const res = await clerk.post(`/api/admin/accounts/${who.id}/verify-in-person`);
  if (res.statusCode !== 204) throw new Error(`in-person check failed: ${res.statusCode} ${res.body}`);
  return who;
}

describe('agents', () => {
  it('the legal representative authorises a verified citizen, who then sees and acts for the enterprise', async () => {
    const agent = await registerCitizen(ctx, { ip: '10.7.1.1' });
    expect((await agent.client.get('/api/me/enterprises')).json().items).toEqual([]);
    // Not before their real name is verified: an unverified account may have typed someone else's ID number.
    const early = await rep.post(`/api/enterprises/${enterprise.enterpriseId}/agents`, { idNumber: agent.idNumber });
    expect(early.statusCode).toBe(422);
    expect(errorCode(early)).toBe('AGENT_NOT_VERIFIED');
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.1.9');
    expect((await clerk.post(`/api/admin/accounts/${agent.id}/verify-in-person`)).statusCode).toBe(204);
    const res = await rep.post(`/api/enterprises/${enterprise.enterpriseId}/agents`, { idNumber: agent.idNumber });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ accountId: agent.id, displayName: '测试居民' });

    const mine = (await agent.client.get('/api/me/enterprises')).json().items;
    expect(mine).toEqual([
      { enterpriseId: enterprise.enterpriseId, name: enterprise.name, uscc: enterprise.uscc, relation: 'agent' },
    ]);
    const acting = await agent.client.post('/api/me/acting-as', { enterpriseId: enterprise.enterpriseId });
    expect(acting.statusCode).toBe(200);
    expect(acting.json().roles).toContain('enterprise_agent');

    const agents = (await rep.get(`/api/enterprises/${enterprise.enterpriseId}/agents`)).json().items as {
      accountId: string;
      relation: string;
      revoked: boolean;
    }[];
    expect(agents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: agent.id, relation: 'agent', revoked: false }),
        expect.objectContaining({ relation: 'legal_rep' }),
      ]),
    );

    // an agent may not manage agents
    const other = await registerCitizen(ctx, { ip: '10.7.1.2' });
    const byAgent = await agent.client.post(`/api/enterprises/${enterprise.enterpriseId}/agents`, {
      idNumber: other.idNumber,
    });
    expect(byAgent.statusCode).toBe(403);
    expect(errorCode(byAgent)).toBe('FORBIDDEN');
    expect((await agent.client.get(`/api/enterprises/${enterprise.enterpriseId}/agents`)).statusCode).toBe(403);
    expect((await agent.client.del(`/api/enterprises/${enterprise.enterpriseId}/agents/${agent.id}`)).statusCode).toBe(
      403,
    );
    expect((await other.client.get('/api/me/enterprises')).json().items).toEqual([]);

    // withdrawal: the agent loses the enterprise and the acting-as at once
    const revoke = await rep.del(`/api/enterprises/${enterprise.enterpriseId}/agents/${agent.id}`);
    expect(revoke.statusCode).toBe(204);
    expect((await agent.client.get('/api/me/enterprises')).json().items).toEqual([]);
    const after = (await agent.client.get('/api/me')).json();
    expect(after.actingAs).toBeNull();
    expect(after.roles).toEqual(['citizen']);
    expect((await agent.client.post('/api/me/acting-as', { enterpriseId: enterprise.enterpriseId })).statusCode).toBe(
      404,
    );
    const twice = await rep.del(`/api/enterprises/${enterprise.enterpriseId}/agents/${agent.id}`);
    expect(twice.statusCode).toBe(404);
    expect(errorCode(twice)).toBe('AGENT_NOT_FOUND');
    const listed = (await rep.get(`/api/enterprises/${enterprise.enterpriseId}/agents`)).json().items as {
      accountId: string;
      revoked: boolean;
    }[];
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
        await rep.post(`/api/enterprises/${enterprise.enterpriseId}/agents`, {
          idNumber: agent.idNumber,
          validUntil: until,
        })
      ).statusCode,
    ).toBe(201);
    expect((await agent.client.get('/api/me/enterprises')).json().items).toHaveLength(1);
    ctx.clock.advance(61 * 60_000);
    // 61 minutes is past the idle limit: sign in again
    const again = await signInCitizen(ctx, agent.phone, agent.password, '10.7.1.4');
    expect((await again.get('/api/me/enterprises')).json().items).toEqual([]);
    rep = await signInCitizen(ctx, undefined, undefined, '10.7.0.9');
  });

  it('refuses bad ID numbers, unknown people and the legal representative themselves', async () => {
    const url = `/api/enterprises/${enterprise.enterpriseId}/agents`;
    const f = '33038319900101123';
    const bad = await rep.post(url, { idNumber: f + (citizenIdCheckChar(f) === '0' ? '1' : '0') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toContainEqual(
      expect.objectContaining({ path: '/idNumber', code: 'ID_NUMBER_CHECKSUM' }),
    );
    const unknown = await rep.post(url, { idNumber: f + citizenIdCheckChar(f) });
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('ACCOUNT_NOT_FOUND');
    const own = await rep.post(url, {
      idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
    });
    expect(own.statusCode).toBe(409);
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
    const list = await rep.get(`/api/enterprises/${otherEnterpriseId}/agents`);
    expect(list.statusCode).toBe(403);
    const agent = await registerCitizen(ctx, { ip: '10.7.1.5' });
    expect(
      (await rep.post(`/api/enterprises/${otherEnterpriseId}/agents`, { idNumber: agent.idNumber })).statusCode,
    ).toBe(403);
    expect((await agent.client.get('/api/me/enterprises')).json().items).toEqual([]);
  });
});

describe('in-person identity check', () => {
  it('a clerk raises a citizen to in_person; the citizen sees it on the next request', async () => {
    const who = await registerCitizen(ctx, { ip: '10.7.2.1' });
    expect((await who.client.get('/api/me')).json().assuranceLevel).toBe('registered');
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.2.2');
    const res = await clerk.post(`/api/admin/accounts/${who.id}/verify-in-person`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await who.client.get('/api/me')).json().assuranceLevel).toBe('in_person');
    const audit = await query<{ actor_kind: string; detail: unknown }>(
      ctx,
      sql`select actor_kind, detail from platform.audit_log where action = 'identity.assurance.raised' and resource_id = ${who.id}`,
    );
    expect(audit).toEqual([{ actor_kind: 'staff', detail: { to: 'in_person' } }]);
  });

  it('a citizen cannot call it (403), nor a system admin; a staff account is not a citizen (404)', async () => {
    const who = await registerCitizen(ctx, { ip: '10.7.2.3' });
    const self = await who.client.post(`/api/admin/accounts/${who.id}/verify-in-person`);
    expect(self.statusCode).toBe(403);
    expect(errorCode(self)).toBe('FORBIDDEN');
    const sysadmin = await signInStaff(ctx, 'sysadmin', '10.7.2.4');
    expect((await sysadmin.post(`/api/admin/accounts/${who.id}/verify-in-person`)).statusCode).toBe(403);
    expect((await who.client.get('/api/me')).json().assuranceLevel).toBe('registered');
    const clerk = await signInStaff(ctx, 'clerk01', '10.7.2.5');
    const staffId = (
      await query<{ id: string }>(ctx, sql`select id from identity.accounts where username = 'reviewer01'`)
    )[0]!.id;
    const res = await clerk.post(`/api/admin/accounts/${staffId}/verify-in-person`);
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('ACCOUNT_NOT_FOUND');
  });
});

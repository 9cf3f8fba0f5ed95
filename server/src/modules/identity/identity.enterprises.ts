/**
 * Enterprises (legal persons with a USCC) and the people who act for them: the legal
 * representative, linked from the registry once their real name is verified (identity.assurance.ts),
 * and the agents they authorise (verified people, with an optional end date). A person acts
 * for an enterprise by switching their session to it.
 */
import { principalActor, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { validateCitizenId } from '../../platform/id-numbers.ts';
import { FIELD, type RequestMeta } from './identity.context.ts';
import { policy } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import { WithSessions, type Me } from './identity.sessions.ts';
import type { IdentityTables } from './identity.tables.ts';

export class Enterprises extends WithSessions {
  /** The enterprises an account may act for now. */
  enterprisesOfAccount(accountId: string) {
    return repo.enterprisesOf(this.c.db, accountId, this.c.p.clock.now());
  }

  async myEnterprises(p: Principal | null) {
    const principal = policy.self(p);
    const rows = await this.enterprisesOfAccount(principal.accountId);
    return rows.map((r) => ({ enterpriseId: r.id, name: r.name, uscc: r.uscc, relation: r.relation }));
  }

  /** Act for an enterprise (or stop, with null): the session then carries the enterprise_agent role for it. */
  async actAs(p: Principal | null, enterpriseId: string | null, meta: RequestMeta, token: string): Promise<Me> {
    const principal = policy.self(p);
    if (enterpriseId) {
      const mine = await this.enterprisesOfAccount(principal.accountId);
      if (!mine.some((e) => e.id === enterpriseId))
        throw notFound('ENTERPRISE_NOT_FOUND', 'No such enterprise among yours');
    }
    await command(this.c.p, principalActor(principal, meta), async (w) => {
      await repo.setActingEnterprise(scoped<IdentityTables>(w.tx), principal.sessionId, enterpriseId);
      await w.audit({
        action: enterpriseId ? 'identity.session.acting-as' : 'identity.session.acting-as-self',
        resourceType: 'enterprise',
        resourceId: enterpriseId,
      });
    });
    this.sessions.forgetSession(principal.sessionId);
    return this.sessions.meOf(token);
  }

  /** The enterprise's legal representative, who alone manages its agents. */
  private async legalRep(p: Principal | null, enterpriseId: string): Promise<Principal> {
    const principal = policy.self(p);
    const mine = await this.enterprisesOfAccount(principal.accountId);
    return policy.manageAgents(principal, mine.find((e) => e.id === enterpriseId)?.relation);
  }

  async listAgents(p: Principal | null, enterpriseId: string) {
    await this.legalRep(p, enterpriseId);
    const rows = await repo.agentsOf(this.c.db, enterpriseId);
    return rows.map((r) => ({
      accountId: r.account_id,
      displayName: r.display_name,
      relation: r.relation,
      grantedAt: r.granted_at.toISOString(),
      validUntil: r.valid_until?.toISOString() ?? null,
      revoked: r.revoked_at !== null,
    }));
  }

  /** The legal representative authorises a registered person (found by ID number) to act for the enterprise. */
  async grantAgent(
    p: Principal | null,
    enterpriseId: string,
    input: { idNumber: string; validUntil?: string | null },
    meta: RequestMeta,
  ) {
    const principal = await this.legalRep(p, enterpriseId);
    const id = validateCitizenId(input.idNumber);
    if (!id.ok) throw validationFailed([{ path: '/idNumber', code: id.code, message: id.message }]);
    const holders = (
      await repo.accountsByIdNumber(this.c.db, this.c.p.protector.blindIndexes(id.value, FIELD.idNumber))
    ).filter((a) => a.kind === 'citizen' && a.status === 'active');
    if (holders.length === 0) throw notFound('ACCOUNT_NOT_FOUND', 'No registered person with this ID number');
    // Only a person whose real name is verified acts for an enterprise: an unverified account
    // may have typed someone else's ID number.
    const agent = holders.find((a) => a.assurance_level !== 'registered');
    if (!agent)
      throw new AppError(
        422,
        'AGENT_NOT_VERIFIED',
        'This person has not completed real-name verification; an agent must be verified first',
      );
    if (agent.id === principal.accountId) throw conflict('ALREADY_LEGAL_REP', 'You already act for this enterprise');
    const validUntil = input.validUntil ? new Date(input.validUntil) : null;
    await command(this.c.p, principalActor(principal, meta), async (w) => {
      await repo.upsertAgent(scoped<IdentityTables>(w.tx), {
        enterprise_id: enterpriseId,
        account_id: agent.id,
        relation: 'agent',
        granted_by: principal.accountId,
        granted_at: w.now,
        valid_until: validUntil,
        revoked_at: null,
      });
      await w.audit({
        action: 'identity.agent.authorised',
        resourceType: 'enterprise',
        resourceId: enterpriseId,
        change: { agent: agent.id, validUntil },
        detail: { agentAccountId: agent.id },
      });
      await w.emit('identity.agent.authorised', { enterpriseId, accountId: agent.id });
    });
    this.sessions.invalidate(agent.id);
    return { accountId: agent.id, displayName: agent.display_name };
  }

  async revokeAgentOf(p: Principal | null, enterpriseId: string, accountId: string, meta: RequestMeta): Promise<void> {
    const principal = await this.legalRep(p, enterpriseId);
    const revoked = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const r = await repo.revokeAgent(scoped<IdentityTables>(w.tx), enterpriseId, accountId, w.now);
      if (Number(r.numUpdatedRows) === 0) return false;
      await w.audit({
        action: 'identity.agent.revoked',
        resourceType: 'enterprise',
        resourceId: enterpriseId,
        detail: { agentAccountId: accountId },
      });
      await w.emit('identity.agent.revoked', { enterpriseId, accountId });
      return true;
    });
    if (!revoked) throw notFound('AGENT_NOT_FOUND', 'No such agent');
    this.sessions.invalidate(accountId);
  }
}

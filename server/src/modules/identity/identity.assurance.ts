/**
 * Real-name assurance (实名认证) and what follows from it. A citizen is raised to id_verified
 * when an authoritative registry matches (a system action) and to in_person by a window clerk.
 * Only then is the person linked to the enterprises the registry lists them as legal
 * representative of, and only under the registry's name.
 *
 * An ID number typed by an unverified account does not lock its owner out: the owner registers
 * too, and when the owner is verified every other account below the owner's level holding the
 * same ID number is frozen (it cannot sign in or act; its links to enterprises and the agents it
 * authorised are withdrawn), audited, and the owner is told (`identity.account.frozen`). A check
 * in person outranks a registry match: it may thaw the account it verifies and freeze an
 * account only matched by a registry. A registration verified by a registry whose ID number's
 * account was made at a window claims that account instead (identity.claim.ts).
 */
import { systemActor } from '../../platform/audit.ts';
import { principalActor, type AssuranceLevel, type Principal } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { FIELD, idNumberIndexesOf, linkLegalRep, type RequestMeta } from './identity.context.ts';
import type { IdentityEvents } from './identity.events.ts';
import { claimWindowAccount } from './identity.claim.ts';
import { policy } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import { WithSessions } from './identity.sessions.ts';
import type { AccountRow, IdentityTables } from './identity.tables.ts';

const RANK: Readonly<Record<AssuranceLevel, number>> = { registered: 0, id_verified: 1, in_person: 2 };

/** What another module may know of a citizen's account (Assurance.identityFacts). */
export interface IdentityFacts {
  idNumberIndex: string;
  idNumberTail: string | null;
  idNumberIndexes: string[];
  phoneIndexes: string[];
  name: string;
  regionCode: string;
  assuranceLevel: AssuranceLevel;
}

/** Facts made from an account row, while the row is the one the account cache holds. */
const factsOfRow = new WeakMap<AccountRow, IdentityFacts>();

/** What raising an account's assurance did: the accounts whose cached sessions are stale. */
type Raised = { ok: true; touched: string[] } | { ok: false };

export class Assurance extends WithSessions {
  /**
   * What another module may check a registration against: the ID number's and phone's blind
   * indexes, name and region; and the ID number's last 4 characters (a case look-up asks for them).
   */
  async identityFacts(accountId: string): Promise<IdentityFacts | null> {
    const a = await this.c.accounts.get(accountId, (id) => repo.findAccountById(this.c.db, id));
    if (!a || a.kind !== 'citizen' || !a.id_number_index || a.status !== 'active') return null;
    // Made once per account row read (a token grant asks three times): opening the sealed
    // fields and computing their indexes is most of the work.
    let facts = factsOfRow.get(a);
    if (!facts) factsOfRow.set(a, (facts = Object.freeze(this.factsOf(a, a.id_number_index))));
    return facts;
  }

  private factsOf(a: AccountRow, idNumberIndex: string): IdentityFacts {
    const pr = this.c.p.protector;
    return {
      idNumberIndex,
      idNumberTail: a.id_number_enc ? pr.open(a.id_number_enc, FIELD.idNumber).slice(-4) : null,
      idNumberIndexes: idNumberIndexesOf(pr, a),
      phoneIndexes: a.phone_enc ? pr.blindIndexes(pr.open(a.phone_enc, FIELD.phone), FIELD.phone) : [],
      name: a.display_name,
      regionCode: a.region_code,
      assuranceLevel: a.assurance_level,
    };
  }

  /**
   * The accounts of the people with these ID number indexes (a registry's, e.g. the roster's
   * residents of a community), active and verified by real name: another module writes to them
   * in the app (cogov's notices to a community). Account ids only.
   */
  async verifiedAccountsOf(idNumberIndexes: readonly string[]): Promise<string[]> {
    if (idNumberIndexes.length === 0) return [];
    return (await repo.verifiedCitizensByIdIndex(this.c.db, idNumberIndexes)).map((r) => r.id);
  }

  /**
   * Raise a citizen's real-name assurance to id_verified because an authoritative registry
   * matched them (a system action, audited). Never lowers a level; withheld (and audited) when
   * another account already holds the ID number verified.
   */
  async markIdVerified(accountId: string, source: string): Promise<boolean> {
    const raised = await command(this.c.p, systemActor(), async (w): Promise<Raised> => {
      const tx = scoped<IdentityTables>(w.tx);
      const a = await repo.findAccountById(tx, accountId);
      if (!a || a.kind !== 'citizen' || a.status !== 'active' || a.assurance_level !== 'registered')
        return { ok: false };
      // The person's account made at a window is theirs now (identity.claim.ts).
      const claim = await claimWindowAccount(w, tx, a, idNumberIndexesOf(this.c.p.protector, a), source);
      if (claim.claimed) {
        // As when an owner is verified: other unverified holders of the ID number are frozen.
        const touched = [...claim.touched];
        const squatters = (await repo.accountsByIdNumber(tx, idNumberIndexesOf(this.c.p.protector, a))).filter(
          (o) =>
            o.id !== a.id && o.id !== claim.owner.id && o.status === 'active' && o.assurance_level === 'registered',
        );
        for (const o of squatters) touched.push(o.id, ...(await this.freeze(w, tx, o, claim.owner)));
        return { ok: true, touched };
      }
      if (claim.refused) return { ok: false };
      return this.raise(w, tx, a, 'id_verified', { source });
    });
    if (!raised.ok) return false;
    for (const id of raised.touched) this.sessions.invalidate(id);
    return true;
  }

  /** A window clerk records that the person's identity was checked in person (线下核验). */
  async verifyInPerson(p: Principal | null, accountId: string, meta: RequestMeta): Promise<void> {
    const principal = policy.verifyInPerson(p);
    const outcome = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const account = await repo.findAccountById(tx, accountId);
      if (!account || account.kind !== 'citizen') return null;
      return this.raise(w, tx, account, 'in_person', {});
    });
    if (!outcome) throw notFound('ACCOUNT_NOT_FOUND', 'No such citizen account');
    if (!outcome.ok)
      throw conflict(
        'ID_NUMBER_VERIFIED_ELSEWHERE',
        'Another account holds this ID number checked in person; the security admin must look into it',
      );
    for (const id of outcome.touched) this.sessions.invalidate(id);
  }

  /**
   * Raise `account` to `level`: first freeze every other holder of its ID number below that
   * level, then raise, then link the enterprises whose legal representative it is. Withheld
   * when another holder is at `level` or above already. One transaction, every step audited.
   */
  private async raise(
    w: Work<IdentityEvents>,
    tx: repo.IdDb,
    account: AccountRow,
    level: 'id_verified' | 'in_person',
    why: Record<string, unknown>,
  ): Promise<Raised> {
    const idIndexes = idNumberIndexesOf(this.c.p.protector, account);
    const others = (await repo.accountsByIdNumber(tx, idIndexes)).filter(
      (o) => o.id !== account.id && o.status !== 'frozen',
    );
    if (others.some((o) => RANK[o.assurance_level] >= RANK[level])) {
      await w.audit({
        action: 'identity.assurance.withheld',
        resourceType: 'account',
        resourceId: account.id,
        regionCode: account.region_code,
        detail: { to: level, reason: 'id-number-verified-elsewhere', ...why },
      });
      return { ok: false };
    }
    const touched = [account.id];
    const frozen: string[] = [];
    for (const o of others) {
      touched.push(o.id, ...(await this.freeze(w, tx, o, account)));
      frozen.push(o.id);
    }
    // A disabled account stays disabled (and unlinked); a frozen one checked in person is thawed.
    const thawed = account.status === 'frozen';
    const status = thawed ? 'active' : account.status;
    await repo.updateAccount(tx, account.id, { assurance_level: level, status, updated_at: w.now });
    const linked = await linkLegalRep(tx, { ...account, assurance_level: level, status }, idIndexes, w.now);
    await w.audit({
      action: 'identity.assurance.raised',
      resourceType: 'account',
      resourceId: account.id,
      regionCode: account.region_code,
      change: { from: account.assurance_level, to: level, ...why, frozen, linked, thawed },
      detail: {
        to: level,
        ...why,
        ...(frozen.length > 0 ? { frozenAccounts: frozen.length } : {}),
        ...(linked.length > 0 ? { linkedEnterprises: linked.length } : {}),
        ...(thawed ? { thawed } : {}),
      },
    });
    await w.emit('identity.assurance.raised', { accountId: account.id, level }, account.region_code);
    return { ok: true, touched };
  }

  /**
   * Freeze an account that typed an ID number its owner has now verified: its sessions end,
   * its links to enterprises and the authorisations it gave are withdrawn; audited, and the
   * owner is told. Returns the agents whose authorisation ended.
   */
  private async freeze(w: Work<IdentityEvents>, tx: repo.IdDb, squatter: AccountRow, owner: AccountRow) {
    await repo.updateAccount(tx, squatter.id, { status: 'frozen', updated_at: w.now });
    const sessionsEnded = await repo.revokeSessions(tx, { accountId: squatter.id }, w.now, 'account-frozen');
    const enterprises = await repo.revokeLinksOf(tx, squatter.id, w.now);
    const agents = await repo.revokeGrantedBy(tx, squatter.id, w.now);
    const reason = 'id-number-verified-by-owner';
    await w.audit({
      action: 'identity.account.frozen',
      resourceType: 'account',
      resourceId: squatter.id,
      regionCode: squatter.region_code,
      change: { reason, owner: owner.id, enterprises, agents },
      detail: {
        reason,
        ownerAccountId: owner.id,
        sessionsEnded,
        linksWithdrawn: enterprises.length,
        agentsWithdrawn: agents.length,
      },
    });
    await w.emit(
      'identity.account.frozen',
      {
        accountId: squatter.id,
        ownerAccountId: owner.id,
        registeredAt: squatter.created_at.toISOString(),
        regionCode: squatter.region_code,
      },
      squatter.region_code,
    );
    return agents;
  }
}

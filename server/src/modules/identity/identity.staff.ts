/**
 * Staff accounts under 三员分立: the system admin creates them (the person enrols the second
 * factor at the first sign-in); the security admin disables and enables accounts, grants and
 * revokes the account-level roles and resets a lost second factor, never on their own
 * account; no account holds two of the separated roles. Also the directory other modules
 * read (org's staff list).
 */
import { SEPARATED_ROLES, principalActor, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { conflict, notFound, validationFailed, type ErrorDetail } from '../../platform/errors.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import { maskPhone } from '../../platform/masking.ts';
import { accountRow, FIELD, phoneProblem, type RequestMeta } from './identity.context.ts';
import { policy } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import { WithSessions } from './identity.sessions.ts';
import type { IdentityTables } from './identity.tables.ts';
import { hashPassword } from './passwords.ts';

type SeparatedRole = (typeof SEPARATED_ROLES)[number];

const USERNAME = /^[a-z][a-z0-9_.-]{2,31}$/;

/** True when granting `role` would give the account two of the separated roles. */
export function assertSeparation(held: readonly string[], role: string): boolean {
  const sep = SEPARATED_ROLES as readonly string[];
  return sep.includes(role) && held.some((r) => r !== role && sep.includes(r));
}

export class StaffAccounts extends WithSessions {
  /** The system admin creates a staff account; the person enrols the second factor at first sign-in. */
  async createStaff(
    p: Principal | null,
    input: { username: string; displayName: string; phone?: string | undefined; regionCode: string },
    meta: RequestMeta,
  ): Promise<{ accountId: string; initialPassword: string }> {
    const principal = policy.createStaff(p);
    const username = input.username.trim().toLowerCase();
    const details: ErrorDetail[] = [];
    if (!USERNAME.test(username))
      details.push({
        path: '/username',
        code: 'USERNAME_FORMAT',
        message: '3-32 characters: a letter, then letters, digits, _ . -',
      });
    const badPhone = input.phone === undefined ? null : phoneProblem('/phone', input.phone);
    if (badPhone) details.push(badPhone);
    if (details.length) throw validationFailed(details);
    const initialPassword = `Yw-${randomToken(9)}`;
    const passwordHash = await hashPassword(initialPassword);
    const accountId = uuidv7();
    const created = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      if (await repo.findAccountByLogin(tx, { username })) return false;
      const row = accountRow(this.c.p.protector, {
        id: accountId,
        kind: 'staff',
        username,
        displayName: input.displayName,
        phone: input.phone ?? null,
        passwordHash,
        regionCode: input.regionCode,
        now: w.now,
      });
      await repo.insertAccount(tx, row);
      await w.audit({
        action: 'identity.staff.created',
        resourceType: 'account',
        resourceId: accountId,
        regionCode: input.regionCode,
        change: { username, displayName: input.displayName },
      });
      await w.emit(
        'identity.account.created',
        { accountId, kind: 'staff', regionCode: input.regionCode },
        input.regionCode,
      );
      return true;
    });
    if (!created) throw conflict('USERNAME_TAKEN', 'This username is taken');
    return { accountId, initialPassword };
  }

  async listAccounts(
    p: Principal | null,
    f: { q?: string | undefined; kind?: 'citizen' | 'staff' | undefined; page: number; pageSize: number },
  ) {
    policy.listAccounts(p);
    const [rows, count] = await repo.listAccounts(this.c.db, {
      q: f.q,
      kind: f.kind,
      offset: (f.page - 1) * f.pageSize,
      limit: f.pageSize,
    });
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        username: r.username,
        displayName: r.display_name,
        status: r.status,
        assuranceLevel: r.assurance_level,
        phoneMasked: this.maskedPhone(r.phone_enc),
        totpEnabled: r.totp_enabled,
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  /** Disable (or re-enable) an account. Disabling ends all its sessions at once. */
  async setStatus(
    p: Principal | null,
    accountId: string,
    input: { status: 'active' | 'disabled'; reason: string },
    meta: RequestMeta,
  ): Promise<void> {
    const principal = policy.manageSecurity(p, accountId);
    const done = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const account = await repo.findAccountById(tx, accountId);
      if (!account) return false;
      // A frozen account's ID number is its verified owner's: only a check in person at a window thaws it.
      if (account.status === 'frozen') return 'FROZEN' as const;
      await repo.updateAccount(tx, accountId, { status: input.status, updated_at: w.now });
      const ended =
        input.status === 'disabled' ? await repo.revokeSessions(tx, { accountId }, w.now, 'account-disabled') : 0;
      const what = input.status === 'disabled' ? 'disabled' : 'enabled';
      await w.audit({
        action: `identity.account.${what}`,
        resourceType: 'account',
        resourceId: accountId,
        change: input,
        detail: { reason: input.reason, sessionsEnded: ended },
      });
      await w.emit(`identity.account.${what}`, { accountId });
      return true;
    });
    if (!done) throw notFound('ACCOUNT_NOT_FOUND', 'No such account');
    if (done === 'FROZEN')
      throw conflict(
        'ACCOUNT_STATUS_LOCKED',
        'This account is frozen: its ID number was verified by its owner on another account; only a check in person thaws it',
      );
    this.sessions.invalidate(accountId);
  }

  /** Grant one of the account-level roles. 三员分立: no account holds two of the separated roles. */
  async grantRole(p: Principal | null, accountId: string, role: SeparatedRole, meta: RequestMeta): Promise<void> {
    const principal = policy.manageSecurity(p, accountId);
    const outcome = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const account = await repo.findAccountById(tx, accountId);
      if (!account) return 'NOT_FOUND' as const;
      const held = await repo.rolesOf(tx, accountId);
      if (held.includes(role)) return 'OK' as const;
      if (assertSeparation(held, role)) return 'SEPARATION' as const;
      if (account.kind !== 'staff') return 'STAFF_ONLY' as const;
      await repo.insertRole(tx, accountId, role, w.now, principal.accountId);
      await w.audit({
        action: 'identity.role.granted',
        resourceType: 'account',
        resourceId: accountId,
        change: { role },
        detail: { role },
      });
      await w.emit('identity.role.granted', { accountId, role });
      return 'OK' as const;
    });
    if (outcome === 'NOT_FOUND') throw notFound('ACCOUNT_NOT_FOUND', 'No such account');
    if (outcome === 'SEPARATION')
      throw conflict(
        'ROLE_SEPARATION',
        'System admin, security admin and auditor are separated: no account may hold two of them',
      );
    if (outcome === 'STAFF_ONLY') throw conflict('ROLE_STAFF_ONLY', 'Only staff accounts may hold this role');
    this.sessions.invalidate(accountId);
  }

  async revokeRole(p: Principal | null, accountId: string, role: SeparatedRole, meta: RequestMeta): Promise<void> {
    const principal = policy.manageSecurity(p, accountId);
    const revoked = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const r = await repo.deleteRole(scoped<IdentityTables>(w.tx), accountId, role);
      if (Number(r.numDeletedRows) === 0) return false;
      await w.audit({
        action: 'identity.role.revoked',
        resourceType: 'account',
        resourceId: accountId,
        change: { role },
        detail: { role },
      });
      await w.emit('identity.role.revoked', { accountId, role });
      return true;
    });
    if (!revoked) throw notFound('ROLE_NOT_HELD', 'The account does not hold this role');
    this.sessions.invalidate(accountId);
  }

  /** Reset a lost second factor: the staff member enrols again at the next sign-in. */
  async resetTotp(p: Principal | null, accountId: string, meta: RequestMeta): Promise<void> {
    const principal = policy.manageSecurity(p, accountId);
    const done = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const account = await repo.findAccountById(tx, accountId);
      if (!account || account.kind !== 'staff') return false;
      await repo.updateAccount(tx, accountId, {
        totp_secret_enc: null,
        totp_enabled: false,
        totp_last_step: null,
        updated_at: w.now,
      });
      await repo.revokeSessions(tx, { accountId }, w.now, 'totp-reset');
      await w.audit({ action: 'identity.totp.reset', resourceType: 'account', resourceId: accountId });
      return true;
    });
    if (!done) throw notFound('ACCOUNT_NOT_FOUND', 'No such staff account');
    this.sessions.invalidate(accountId);
  }

  /** Display data of accounts (for the org module's staff list). */
  async accountSummaries(ids: string[]) {
    const rows = await repo.accountsByIds(this.c.db, ids);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          kind: r.kind,
          username: r.username,
          displayName: r.display_name,
          status: r.status,
          phoneMasked: this.maskedPhone(r.phone_enc),
        },
      ]),
    );
  }

  /** Ids of staff accounts whose username or name contains `text` (at most 1,000). */
  staffMatching(text: string): Promise<string[]> {
    return repo.staffIdsMatching(this.c.db, text, 1000);
  }

  async accountExists(id: string, kind?: 'citizen' | 'staff'): Promise<boolean> {
    const a = await repo.findAccountById(this.c.db, id);
    return Boolean(a && (!kind || a.kind === kind));
  }

  private maskedPhone(sealed: string | null): string | null {
    return sealed ? maskPhone(this.c.p.protector.open(sealed, FIELD.phone)) : null;
  }
}

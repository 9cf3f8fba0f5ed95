/**
 * Getting back into an account. A citizen who forgot the password proves the phone with a
 * one-time code and sets a new password: every session ends, the sign-in throttle of the
 * account is cleared, and the person is told in their messages. Staff recover through the
 * security admin, who resets the password (to a temporary one handed over in person) and the
 * second factor; at the next sign-in the staff member enrols a new second factor and must set
 * a new password before any session opens. Each step is audited.
 */
import { principalActor, type Principal } from '../../platform/auth.ts';
import { MINUTE } from '../../platform/clock.ts';
import { command, type Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, notFound, validationFailed, type ErrorDetail } from '../../platform/errors.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import type { Codes } from './identity.codes.ts';
import { FIELD, phoneProblem, sha256, type Context, type RequestMeta } from './identity.context.ts';
import type { IdentityEvents } from './identity.events.ts';
import { policy } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import { WithSessions, type Sessions, type SignedIn } from './identity.sessions.ts';
import type { AccountRow, IdentityTables } from './identity.tables.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

const NEW_PASSWORD_MS = 10 * MINUTE;
const NEW_PASSWORD_MAX_FAILURES = 5;

export const codeInvalid = (path: string) =>
  new AppError(422, 'CODE_INVALID', 'The code is wrong, used or expired; ask for a new one', {
    details: [{ path, code: 'CODE_INVALID', message: 'The code is wrong, used or expired' }],
  });

/** The throttle keys of every login of an account (phone, ID number, username), as sign-in counts them. */
export function loginKeysOf(c: Context, account: AccountRow): string[] {
  const pr = c.p.protector;
  return [
    account.username,
    account.phone_enc ? pr.open(account.phone_enc, FIELD.phone) : null,
    account.id_number_enc ? pr.open(account.id_number_enc, FIELD.idNumber) : null,
  ]
    .filter((l): l is string => l !== null)
    .map((l) => `login:${pr.blindIndex(l.trim().toLowerCase(), FIELD.login)}`);
}

/**
 * After a staff member's second factor, when the security admin reset the password: a
 * challenge to set a new one (no session yet). In the sign-in's transaction.
 */
export async function newPasswordChallenge(
  w: Work<IdentityEvents>,
  tx: repo.IdDb,
  account: AccountRow,
  meta: RequestMeta,
): Promise<{ status: 'password_change_required'; challenge: string }> {
  const challenge = randomToken();
  await repo.insertChallenge(tx, {
    id: uuidv7(w.now.getTime()),
    token_hash: sha256(challenge),
    account_id: account.id,
    created_at: w.now,
    expires_at: new Date(w.now.getTime() + NEW_PASSWORD_MS),
    used_at: null,
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    purpose: 'new_password',
  });
  await w.audit({ action: 'identity.login.new-password-required', resourceType: 'account', resourceId: account.id });
  return { status: 'password_change_required', challenge };
}

export class Recovery extends WithSessions {
  private readonly codes: Codes;

  constructor(context: Context, sessions: Sessions, codes: Codes) {
    super(context, sessions);
    this.codes = codes;
  }

  /**
   * A citizen sets a new password with the code sent to their phone. The same answer
   * (422 CODE_INVALID) for a wrong code and for a phone without an account.
   */
  async resetPassword(input: { phone: string; code: string; newPassword: string }, meta: RequestMeta): Promise<void> {
    const phone = input.phone.trim();
    const details: ErrorDetail[] = [];
    const bad = phoneProblem('/phone', phone);
    if (bad) details.push(bad);
    const weak = passwordProblem(input.newPassword, phone);
    if (weak) details.push({ path: '/newPassword', code: 'PASSWORD_WEAK', message: weak });
    if (details.length > 0) throw validationFailed(details);
    const phoneIndexes = this.c.p.protector.blindIndexes(phone, FIELD.phone);
    const hash = await hashPassword(input.newPassword);
    const actor = { accountId: null, kind: 'anonymous', requestId: meta.requestId, ip: meta.ip };
    const done = await command(this.c.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const used = await this.codes.use(tx, 'recover', phoneIndexes, input.code, w.now);
      if (!used.ok || !used.accountId) return null;
      const account = await repo.findAccountById(tx, used.accountId);
      if (!account || account.kind !== 'citizen' || account.status !== 'active') return null;
      await repo.updateAccount(tx, account.id, {
        password_hash: hash,
        password_changed_at: w.now,
        password_must_change: false,
        updated_at: w.now,
      });
      const ended = await repo.revokeSessions(tx, { accountId: account.id }, w.now, 'password-recovered');
      // A person locked out by guesses gets back in by proving the phone.
      for (const k of loginKeysOf(this.c, account)) await repo.clearThrottle(tx, k);
      await w.audit({
        action: 'identity.password.recovered',
        resourceType: 'account',
        resourceId: account.id,
        regionCode: account.region_code,
        detail: { channel: 'sms', sessionsEnded: ended },
      });
      await w.emit(
        'identity.password.recovered',
        { accountId: account.id, regionCode: account.region_code },
        account.region_code,
      );
      return account.id;
    });
    if (!done) throw codeInvalid('/code');
    this.sessions.invalidate(done);
  }

  /**
   * The security admin resets a staff member's password and second factor (never their own):
   * a temporary password, shown once, to hand over in person; every session ends; at the next
   * sign-in the staff member enrols a second factor and sets a new password.
   */
  async recoverStaff(
    p: Principal | null,
    accountId: string,
    meta: RequestMeta,
  ): Promise<{ temporaryPassword: string }> {
    const principal = policy.manageSecurity(p, accountId);
    const temporaryPassword = `Yw-${randomToken(9)}`;
    const hash = await hashPassword(temporaryPassword);
    const done = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const account = await repo.findAccountById(tx, accountId);
      if (!account || account.kind !== 'staff') return false;
      await repo.updateAccount(tx, accountId, {
        password_hash: hash,
        password_changed_at: w.now,
        password_must_change: true,
        totp_secret_enc: null,
        totp_enabled: false,
        totp_last_step: null,
        updated_at: w.now,
      });
      const ended = await repo.revokeSessions(tx, { accountId }, w.now, 'recovered-by-security-admin');
      for (const k of loginKeysOf(this.c, account)) await repo.clearThrottle(tx, k);
      await w.audit({
        action: 'identity.staff.recovered',
        resourceType: 'account',
        resourceId: accountId,
        regionCode: account.region_code,
        detail: { passwordReset: true, totpReset: true, sessionsEnded: ended },
      });
      return true;
    });
    if (!done) throw notFound('ACCOUNT_NOT_FOUND', 'No such staff account');
    this.sessions.invalidate(accountId);
    return { temporaryPassword };
  }

  /** The last step of such a sign-in: the new password (not the temporary one); then the session opens. */
  async completeNewPassword(input: { challenge: string; newPassword: string }, meta: RequestMeta): Promise<SignedIn> {
    const expired = () => new AppError(401, 'CHALLENGE_EXPIRED', 'The sign-in attempt has expired; start again');
    const found = await repo.findChallenge(this.c.db, sha256(input.challenge), 'new_password');
    const now = this.c.p.clock.now();
    if (!found || found.used_at || found.expires_at <= now || found.failures >= NEW_PASSWORD_MAX_FAILURES)
      throw expired();
    const account = await repo.findAccountById(this.c.db, found.account_id);
    if (!account || account.status !== 'active' || !account.password_must_change) throw expired();
    const weak = passwordProblem(input.newPassword, account.username ?? undefined);
    const reused = !weak && (await verifyPassword(account.password_hash, input.newPassword));
    if (weak || reused) {
      await repo.markChallenge(this.c.db, found.id, { failures: found.failures + 1 });
      throw validationFailed([
        weak
          ? { path: '/newPassword', code: 'PASSWORD_WEAK', message: weak }
          : {
              path: '/newPassword',
              code: 'PASSWORD_REUSED',
              message: 'Choose a password other than the temporary one',
            },
      ]);
    }
    const hash = await hashPassword(input.newPassword);
    const actor = { accountId: account.id, kind: account.kind, requestId: meta.requestId, ip: meta.ip };
    const session = await command(this.c.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const ch = await repo.findChallenge(tx, sha256(input.challenge), 'new_password');
      if (!ch || ch.used_at || ch.expires_at <= w.now) return null;
      await repo.markChallenge(tx, ch.id, { used_at: w.now });
      await repo.updateAccount(tx, account.id, {
        password_hash: hash,
        password_changed_at: w.now,
        password_must_change: false,
        updated_at: w.now,
      });
      await w.audit({
        action: 'identity.password.changed',
        resourceType: 'account',
        resourceId: account.id,
        detail: { after: 'reset-by-security-admin' },
      });
      const s = await this.sessions.open(tx, account, meta, w.now);
      await w.audit({
        action: 'identity.session.created',
        resourceType: 'session',
        resourceId: s.sessionId,
        regionCode: account.region_code,
        detail: { factors: ['password', 'totp'] },
      });
      return s;
    });
    if (!session) throw expired();
    this.sessions.invalidate(account.id);
    return this.sessions.signedIn(session);
  }
}

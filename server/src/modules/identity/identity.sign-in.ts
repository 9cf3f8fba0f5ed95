/**
 * Signing in and out, and changing the password. Unknown login and wrong password get the
 * same answer after the same work, and both count against the login and the address, so
 * guessing is throttled without telling which accounts exist. Staff continue with a TOTP
 * code (enrolled at the first sign-in); a code's time step is accepted once.
 */
import { type ActorRef } from '../../platform/audit.ts';
import { principalActor, type Principal } from '../../platform/auth.ts';
import { MINUTE } from '../../platform/clock.ts';
import { command, type Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { validateCitizenId } from '../../platform/id-numbers.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import { FIELD, isPhone, sha256, type RequestMeta } from './identity.context.ts';
import type { IdentityEvents } from './identity.events.ts';
import { policy } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import { WithSessions, type OpenedSession, type SignedIn } from './identity.sessions.ts';
import type { AccountRow, IdentityTables } from './identity.tables.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { matchTotp, newTotpSecret, totpUri } from './totp.ts';

export type LoginResult =
  SignedIn | { status: 'totp_required'; challenge: string; enrol?: { secret: string; otpauthUri: string } };

const CHALLENGE_MS = 5 * MINUTE;
const CHALLENGE_MAX_FAILURES = 5;

/** The throttle keys of a sign-in: the login (by blind index, so unknown logins count too) and the address. */
interface ThrottleKeys {
  accountKey: string;
  ipKey: string;
}

export class SignIn extends WithSessions {
  private throttleKeys(login: string, ip: string | null): ThrottleKeys {
    return {
      accountKey: `login:${this.c.p.protector.blindIndex(login.trim().toLowerCase(), FIELD.login)}`,
      ipKey: `ip:${ip ?? 'unknown'}`,
    };
  }

  /** A failed attempt counts against the login and the address; too many in the window lock both for a while. */
  private async countFailure(tx: repo.IdDb, keys: ThrottleKeys, now: Date): Promise<void> {
    const s = this.c.s;
    const windowStart = new Date(now.getTime() - s.loginWindowMinutes * MINUTE);
    const lockUntil = new Date(now.getTime() + s.loginLockMinutes * MINUTE);
    await repo.countFailure(tx, keys.accountKey, now, windowStart, s.loginMaxFailuresPerAccount, lockUntil);
    await repo.countFailure(tx, keys.ipKey, now, windowStart, s.loginMaxFailuresPerAddress, lockUntil);
  }

  private async findByLogin(login: string): Promise<AccountRow | undefined> {
    const l = login.trim();
    const id = validateCitizenId(l);
    const pr = this.c.p.protector;
    if (id.ok) return repo.findAccountByLogin(this.c.db, { idNumberIndex: pr.blindIndexes(id.value, FIELD.idNumber) });
    if (isPhone(l)) return repo.findAccountByLogin(this.c.db, { phoneIndex: pr.blindIndexes(l, FIELD.phone) });
    return repo.findAccountByLogin(this.c.db, { username: l.toLowerCase() });
  }

  /** Sign in with a login (ID number, phone or username) and a password. */
  async login(input: { login: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
    const now = this.c.p.clock.now();
    const keys = this.throttleKeys(input.login, meta.ip);
    const locks = await repo.throttleState(this.c.db, [keys.accountKey, keys.ipKey]);
    const lockedUntil = Math.max(
      0,
      ...locks.map((l) => (l.locked_until && l.locked_until > now ? l.locked_until.getTime() : 0)),
    );
    if (lockedUntil > 0) {
      const retryAfter = Math.ceil((lockedUntil - now.getTime()) / 1000);
      throw new AppError(429, 'LOGIN_THROTTLED', 'Too many failed sign-ins; try again later', {
        headers: { 'retry-after': String(retryAfter) },
        details: [{ path: '/login', code: 'RETRY_AFTER', message: `${retryAfter}` }],
      });
    }
    const account = await this.findByLogin(input.login);
    const ok = await verifyPassword(account?.password_hash ?? null, input.password);
    const actor: ActorRef = {
      accountId: ok && account ? account.id : null,
      kind: 'anonymous',
      requestId: meta.requestId,
      ip: meta.ip,
    };
    if (!ok || !account) {
      await command(this.c.p, actor, async (w) => {
        await this.countFailure(scoped<IdentityTables>(w.tx), keys, now);
        await w.audit({
          action: 'identity.login.failed',
          resourceType: 'account',
          resourceId: account?.id ?? null,
          detail: { reason: 'credentials' },
        });
      });
      throw new AppError(401, 'INVALID_CREDENTIALS', 'The login or password is wrong');
    }
    if (account.status !== 'active') {
      await command(this.c.p, actor, (w) =>
        w.audit({
          action: 'identity.login.refused',
          resourceType: 'account',
          resourceId: account.id,
          detail: { reason: 'disabled' },
        }),
      );
      throw new AppError(403, 'ACCOUNT_DISABLED', 'This account is disabled; contact the service desk');
    }
    if (account.kind === 'staff') return this.startSecondFactor(account, meta, actor);
    const session = await command(this.c.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      await repo.clearThrottle(tx, keys.accountKey);
      return this.startSession(w, tx, account, meta);
    });
    return this.sessions.signedIn(session);
  }

  /**
   * The password was right; the staff member must now give a TOTP code. The login's failure
   * count is not cleared until the code is right too, and wrong codes count against it, so
   * someone holding the password cannot try codes without limit.
   */
  private async startSecondFactor(account: AccountRow, meta: RequestMeta, actor: ActorRef): Promise<LoginResult> {
    const challenge = randomToken();
    const pr = this.c.p.protector;
    return command(this.c.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      let enrol: { secret: string; otpauthUri: string } | undefined;
      if (!account.totp_enabled) {
        const secret = account.totp_secret_enc ? pr.open(account.totp_secret_enc, FIELD.totp) : newTotpSecret();
        if (!account.totp_secret_enc) {
          await repo.updateAccount(tx, account.id, { totp_secret_enc: pr.seal(secret, FIELD.totp), updated_at: w.now });
        }
        enrol = { secret, otpauthUri: totpUri(secret, account.username ?? account.id) };
      }
      await repo.insertChallenge(tx, {
        id: uuidv7(w.now.getTime()),
        token_hash: sha256(challenge),
        account_id: account.id,
        created_at: w.now,
        expires_at: new Date(w.now.getTime() + CHALLENGE_MS),
        used_at: null,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await w.audit({ action: 'identity.login.password-verified', resourceType: 'account', resourceId: account.id });
      return { status: 'totp_required' as const, challenge, ...(enrol ? { enrol } : {}) };
    });
  }

  /** Second step for staff: the TOTP code. A code (time step) is accepted once. */
  async verifySecondFactor(input: { challenge: string; code: string }, meta: RequestMeta): Promise<SignedIn> {
    const actor: ActorRef = { accountId: null, kind: 'anonymous', requestId: meta.requestId, ip: meta.ip };
    const outcome = await command(this.c.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const ch = await repo.findChallenge(tx, sha256(input.challenge));
      if (!ch || ch.used_at || ch.expires_at <= w.now || ch.failures >= CHALLENGE_MAX_FAILURES)
        return { ok: false as const, code: 'CHALLENGE_EXPIRED' as const };
      const account = await repo.findAccountById(tx, ch.account_id);
      if (!account || account.status !== 'active' || !account.totp_secret_enc)
        return { ok: false as const, code: 'CHALLENGE_EXPIRED' as const };
      const secret = this.c.p.protector.open(account.totp_secret_enc, FIELD.totp);
      const step = matchTotp(secret, input.code.trim(), w.now);
      const keys = this.throttleKeys(account.username ?? '', meta.ip);
      if (step === null || (account.totp_last_step !== null && step <= Number(account.totp_last_step))) {
        await repo.markChallenge(tx, ch.id, { failures: ch.failures + 1 });
        await this.countFailure(tx, keys, w.now);
        await w.audit({ action: 'identity.login.totp-failed', resourceType: 'account', resourceId: account.id });
        return { ok: false as const, code: 'TOTP_INVALID' as const };
      }
      await repo.markChallenge(tx, ch.id, { used_at: w.now });
      await repo.clearThrottle(tx, keys.accountKey);
      await repo.updateAccount(tx, account.id, { totp_last_step: step, totp_enabled: true, updated_at: w.now });
      if (!account.totp_enabled) {
        await w.audit({ action: 'identity.totp.enrolled', resourceType: 'account', resourceId: account.id });
      }
      const session = await this.startSession(w, tx, account, meta, { factors: ['password', 'totp'] });
      return { ok: true as const, session };
    });
    if (!outcome.ok) {
      throw new AppError(
        401,
        outcome.code,
        outcome.code === 'TOTP_INVALID'
          ? 'The code is wrong or was already used'
          : 'The sign-in attempt has expired; start again',
      );
    }
    return this.sessions.signedIn(outcome.session);
  }

  /** The session a sign-in opens, audited. */
  private async startSession(
    w: Work<IdentityEvents>,
    tx: repo.IdDb,
    account: AccountRow,
    meta: RequestMeta,
    detail?: Record<string, unknown>,
  ): Promise<OpenedSession> {
    const s = await this.sessions.open(tx, account, meta, w.now);
    await w.audit({
      action: 'identity.session.created',
      resourceType: 'session',
      resourceId: s.sessionId,
      regionCode: account.region_code,
      ...(detail ? { detail } : {}),
    });
    return s;
  }

  async logout(principal: Principal | null, requestId: string, ip: string | null): Promise<void> {
    if (!principal) return;
    await command(this.c.p, principalActor(principal, { requestId, ip }), async (w) => {
      await repo.revokeSessions(
        scoped<IdentityTables>(w.tx),
        { accountId: principal.accountId, sessionId: principal.sessionId },
        w.now,
        'logout',
      );
      await w.audit({ action: 'identity.session.ended', resourceType: 'session', resourceId: principal.sessionId });
    });
    this.sessions.forgetSession(principal.sessionId);
  }

  /** Change the password: every session of the account ends; the caller gets a fresh one. */
  async changePassword(
    p: Principal | null,
    input: { currentPassword: string; newPassword: string },
    meta: RequestMeta,
  ): Promise<OpenedSession> {
    const principal = policy.self(p);
    const account = await repo.findAccountById(this.c.db, principal.accountId);
    if (!account) throw notFound();
    if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
      throw new AppError(403, 'PASSWORD_WRONG', 'The current password is wrong');
    }
    const weak = passwordProblem(input.newPassword, account.username ?? undefined);
    if (weak) throw validationFailed([{ path: '/newPassword', code: 'PASSWORD_WEAK', message: weak }]);
    const newHash = await hashPassword(input.newPassword);
    const session = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      await repo.updateAccount(tx, account.id, {
        password_hash: newHash,
        password_changed_at: w.now,
        updated_at: w.now,
      });
      const ended = await repo.revokeSessions(tx, { accountId: account.id }, w.now, 'password-changed');
      await w.audit({
        action: 'identity.password.changed',
        resourceType: 'account',
        resourceId: account.id,
        detail: { sessionsEnded: ended },
      });
      return this.sessions.open(tx, account, meta, w.now);
    });
    this.sessions.invalidate(account.id);
    return session;
  }
}

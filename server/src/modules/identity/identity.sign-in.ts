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
import { loginKeysOf, newPasswordChallenge } from './identity.recovery.ts';
import * as throttle from './identity.throttle.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { matchTotp, newTotpSecret, totpUri } from './totp.ts';

export type LoginResult =
  SignedIn | { status: 'totp_required'; challenge: string; enrol?: { secret: string; otpauthUri: string } };

const CHALLENGE_MS = 5 * MINUTE;
/** Holders of one ID number a sign-in tries (unverified accounts may share one until its owner verifies it). */
const MAX_HOLDERS = 5;
const CHALLENGE_MAX_FAILURES = 5;

/** The throttle keys of a sign-in: the logins (by blind index, so unknown logins count too) and the address. */
interface ThrottleKeys {
  accountKeys: string[];
  ipKey: string;
}

export class SignIn extends WithSessions {
  private throttleKeys(login: string, ip: string | null): ThrottleKeys {
    const key = `login:${this.c.p.protector.blindIndex(login.trim().toLowerCase(), FIELD.login)}`;
    return { accountKeys: [key], ipKey: `ip:${ip ?? 'unknown'}` };
  }

  /** Every login of an account (phone, ID number, username): a wrong current password counts against each. */
  private accountThrottleKeys(account: AccountRow, ip: string | null): ThrottleKeys {
    return { accountKeys: loginKeysOf(this.c, account), ipKey: `ip:${ip ?? 'unknown'}` };
  }

  /** A failed attempt counts against the logins and the address; too many in the window lock them for a while. */
  private async countFailure(tx: repo.IdDb, keys: ThrottleKeys, now: Date): Promise<void> {
    const s = this.c.s;
    const limit = (key: string, max: number) => ({
      key,
      max,
      windowMinutes: s.loginWindowMinutes,
      lockMinutes: s.loginLockMinutes,
    });
    await throttle.count(
      tx,
      [
        ...keys.accountKeys.map((k) => limit(k, s.loginMaxFailuresPerAccount)),
        limit(keys.ipKey, s.loginMaxFailuresPerAddress),
      ],
      now,
    );
  }

  /** 429 LOGIN_THROTTLED while any of the keys is locked. */
  private async refuseWhileLocked(keys: ThrottleKeys, now: Date, path: string): Promise<void> {
    const wait = await throttle.lockedFor(this.c.db, [...keys.accountKeys, keys.ipKey], now);
    if (wait > 0) throw throttle.tooMany('LOGIN_THROTTLED', wait, path);
  }

  /**
   * The accounts a login may name: one for a phone or username; for an ID number every
   * holder (unverified accounts may share one until its owner verifies it), verified first.
   */
  private async candidates(login: string): Promise<AccountRow[]> {
    const l = login.trim();
    const id = validateCitizenId(l);
    const pr = this.c.p.protector;
    if (id.ok) return repo.accountsByIdNumber(this.c.db, pr.blindIndexes(id.value, FIELD.idNumber), MAX_HOLDERS);
    const one = isPhone(l)
      ? await repo.findAccountByLogin(this.c.db, { phoneIndex: pr.blindIndexes(l, FIELD.phone) })
      : await repo.findAccountByLogin(this.c.db, { username: l.toLowerCase() });
    return one ? [one] : [];
  }

  /** The account whose password this is, among the candidates; the same work (a decoy hash) when there are none. */
  private async matching(candidates: AccountRow[], password: string): Promise<AccountRow | undefined> {
    if (candidates.length === 0) {
      await verifyPassword(null, password);
      return undefined;
    }
    for (const a of candidates) if (await verifyPassword(a.password_hash, password)) return a;
    return undefined;
  }

  /** Sign in with a login (ID number, phone or username) and a password. */
  async login(input: { login: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
    const now = this.c.p.clock.now();
    const keys = this.throttleKeys(input.login, meta.ip);
    await this.refuseWhileLocked(keys, now, '/login');
    const candidates = await this.candidates(input.login);
    const account = await this.matching(candidates, input.password);
    const actor: ActorRef = {
      accountId: account?.id ?? null,
      kind: 'anonymous',
      requestId: meta.requestId,
      ip: meta.ip,
    };
    if (!account) {
      await command(this.c.p, actor, async (w) => {
        await this.countFailure(scoped<IdentityTables>(w.tx), keys, now);
        await w.audit({
          action: 'identity.login.failed',
          resourceType: 'account',
          resourceId: candidates.length === 1 ? candidates[0]!.id : null,
          detail: { reason: 'credentials' },
        });
      });
      throw new AppError(401, 'INVALID_CREDENTIALS', 'The login or password is wrong');
    }
    if (account.status !== 'active') {
      const status = account.status;
      await command(this.c.p, actor, (w) =>
        w.audit({
          action: 'identity.login.refused',
          resourceType: 'account',
          resourceId: account.id,
          detail: { reason: status },
        }),
      );
      if (status === 'frozen')
        throw new AppError(
          403,
          'ACCOUNT_FROZEN',
          'This account is frozen: the owner of its ID number verified it on another account. Bring your ID card to a service window if this is wrong',
        );
      throw new AppError(403, 'ACCOUNT_DISABLED', 'This account is disabled; contact the service desk');
    }
    if (account.kind === 'staff') return this.startSecondFactor(account, meta, actor);
    const session = await command(this.c.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      for (const k of keys.accountKeys) await repo.clearThrottle(tx, k);
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
        purpose: 'totp',
      });
      await w.audit({ action: 'identity.login.password-verified', resourceType: 'account', resourceId: account.id });
      return { status: 'totp_required' as const, challenge, ...(enrol ? { enrol } : {}) };
    });
  }

  /** Second step for staff: the TOTP code. A code (time step) is accepted once. */
  async verifySecondFactor(
    input: { challenge: string; code: string },
    meta: RequestMeta,
  ): Promise<SignedIn | { status: 'password_change_required'; challenge: string }> {
    const actor: ActorRef = { accountId: null, kind: 'anonymous', requestId: meta.requestId, ip: meta.ip };
    const outcome = await command(this.c.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const ch = await repo.findChallenge(tx, sha256(input.challenge), 'totp');
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
      for (const k of keys.accountKeys) await repo.clearThrottle(tx, k);
      await repo.updateAccount(tx, account.id, { totp_last_step: step, totp_enabled: true, updated_at: w.now });
      if (!account.totp_enabled) {
        await w.audit({ action: 'identity.totp.enrolled', resourceType: 'account', resourceId: account.id });
      }
      // The security admin reset the password: a new one first, then the session (identity.recovery.ts).
      if (account.password_must_change)
        return { ok: true as const, session: null, next: await newPasswordChallenge(w, tx, account, meta) };
      const session = await this.startSession(w, tx, account, meta, { factors: ['password', 'totp'] });
      return { ok: true as const, session, next: null };
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
    if (outcome.next) return outcome.next;
    return this.sessions.signedIn(outcome.session!);
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
    // A wrong current password is a guess like a failed sign-in: it counts against the same
    // throttle (every login of the account, and the address), and a locked account is refused.
    const keys = this.accountThrottleKeys(account, meta.ip);
    await this.refuseWhileLocked(keys, this.c.p.clock.now(), '/currentPassword');
    if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
      await command(this.c.p, principalActor(principal, meta), async (w) => {
        await this.countFailure(scoped<IdentityTables>(w.tx), keys, w.now);
        await w.audit({ action: 'identity.password.change-failed', resourceType: 'account', resourceId: account.id });
      });
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
      for (const k of keys.accountKeys) await repo.clearThrottle(tx, k);
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

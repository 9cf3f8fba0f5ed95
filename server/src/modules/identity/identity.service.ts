/**
 * Identity: accounts of citizens and staff, enterprises acting through agents, sign-in
 * with throttling and (for staff) a second factor, server-side sessions, roles.
 */
import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { IdentitySettings } from '../../config.ts';
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import {
  SEPARATED_ROLES,
  type ActingAs,
  type AssuranceLevel,
  type Post,
  type Principal,
  type Role,
} from '../../platform/auth.ts';

type SeparatedRole = (typeof SEPARATED_ROLES)[number];
import { MINUTE, HOUR } from '../../platform/clock.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, conflict, notFound, validationFailed, type ErrorDetail } from '../../platform/errors.ts';
import { validateCitizenId } from '../../platform/id-numbers.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import { maskIdNumber, maskPhone } from '../../platform/masking.ts';
import { PII } from '../../platform/pii.ts';
import * as repo from './identity.repository.ts';
import { policy } from './identity.policy.ts';
import type { AccountRow, IdentityTables } from './identity.tables.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { SessionCache, type CachedSession } from './session-cache.ts';
import { matchTotp, newTotpSecret, totpUri } from './totp.ts';

export const FIELD = {
  idNumber: PII.citizenId,
  phone: PII.phone,
  totp: PII.totpSecret,
  login: 'identity.login',
  enterpriseAddress: PII.address,
} as const;

export interface Me {
  id: string;
  kind: 'citizen' | 'staff';
  displayName: string;
  username: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  assuranceLevel: AssuranceLevel;
  roles: Role[];
  posts: Post[];
  actingAs: ActingAs | null;
  totpEnabled: boolean;
}

export interface SessionView {
  principal: Principal;
  me: Me;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export type LoginResult =
  | { status: 'ok'; me: Me; token: string; csrfToken: string; expiresAt: Date }
  | { status: 'totp_required'; challenge: string; enrol?: { secret: string; otpauthUri: string } };

export type PostSource = (accountId: string) => Promise<Post[]>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const PHONE = /^1[3-9]\d{9}$/;
const USERNAME = /^[a-z][a-z0-9_.-]{2,31}$/;
const TOUCH_EVERY_MS = MINUTE;
const CHALLENGE_MS = 5 * MINUTE;
const CHALLENGE_MAX_FAILURES = 5;

export class IdentityService {
  private readonly p: Platform;
  private readonly s: IdentitySettings;
  private readonly db: repo.IdDb;
  private readonly cache = new SessionCache<SessionView>();
  /** The `me` of each cached principal (principals are shared by the requests of one cache entry). */
  private readonly meByPrincipal = new WeakMap<Principal, Me>();
  private postSource: PostSource = async () => [];

  constructor(platform: Platform, settings: IdentitySettings) {
    this.p = platform;
    this.s = settings;
    this.db = scoped<IdentityTables>(platform.db);
  }

  /** The org module supplies staff posts (department, region, roles) through this. */
  setPostSource(source: PostSource): void {
    this.postSource = source;
  }

  // ---------------------------------------------------------------- sessions

  /**
   * Resolve a session token from the cache alone: the view, null when the cached session has
   * expired, or undefined when the cache cannot answer (not cached, or stale) and the
   * database must be asked with `authenticate`.
   */
  authenticateCached(token: string): SessionView | null | undefined {
    const tokenHash = sha256(token);
    const entry = this.cache.get(tokenHash);
    const now = this.p.clock.now().getTime();
    if (!entry || now - entry.loadedAt > this.s.sessionCacheMs) return undefined;
    return this.checkLive(tokenHash, entry, now);
  }

  /** Resolve a session token to who is asking, or null. Served from the cache when fresh. */
  async authenticate(token: string): Promise<SessionView | null> {
    const tokenHash = sha256(token);
    const now = this.p.clock.now().getTime();
    let entry = this.cache.get(tokenHash);
    if (!entry || now - entry.loadedAt > this.s.sessionCacheMs) {
      const row = await repo.findLiveSession(this.db, tokenHash);
      if (!row || row.status !== 'active') {
        this.cache.delete(tokenHash);
        return null;
      }
      const lastSeen = Math.max(row.last_seen_at.getTime(), entry?.lastSeenAt ?? 0);
      entry = {
        value: await this.buildView(row),
        accountId: row.account_id,
        sessionId: row.session_id,
        loadedAt: now,
        lastSeenAt: lastSeen,
        touchedAt: row.last_seen_at.getTime(),
        expiresAt: row.expires_at.getTime(),
      };
      this.cache.set(tokenHash, entry);
    }
    return this.checkLive(tokenHash, entry, now);
  }

  /** Idle and absolute expiry; records the use, writing last_seen_at at most once a minute. */
  private checkLive(tokenHash: string, entry: CachedSession<SessionView>, now: number): SessionView | null {
    const idleMs = this.s.sessionIdleMinutes * MINUTE;
    if (now >= entry.expiresAt || now - entry.lastSeenAt > idleMs) {
      this.cache.delete(tokenHash);
      return null;
    }
    entry.lastSeenAt = now;
    if (now - entry.touchedAt > TOUCH_EVERY_MS) {
      entry.touchedAt = now;
      repo
        .touchSession(this.db, entry.sessionId, new Date(now))
        .catch((err: unknown) => this.p.log.warn({ err }, 'session touch failed'));
    }
    return entry.value;
  }

  private async buildView(row: NonNullable<Awaited<ReturnType<typeof repo.findLiveSession>>>): Promise<SessionView> {
    const [accountRoles, posts] = await Promise.all([
      repo.rolesOf(this.db, row.account_id),
      row.kind === 'staff' ? this.postSource(row.account_id) : Promise.resolve([]),
    ]);
    let actingAs: ActingAs | null = null;
    if (row.acting_enterprise_id) {
      const link = (await repo.enterprisesOf(this.db, row.account_id, this.p.clock.now())).find(
        (e) => e.id === row.acting_enterprise_id,
      );
      if (link) actingAs = { enterpriseId: link.id, name: link.name, uscc: link.uscc };
    }
    const roles = new Set<Role>(accountRoles as Role[]);
    for (const post of posts) for (const r of post.roles) roles.add(r);
    if (actingAs) roles.add('enterprise_agent');
    else roles.delete('enterprise_agent');
    const principal: Principal = {
      accountId: row.account_id,
      kind: row.kind,
      displayName: row.display_name,
      roles,
      posts,
      assuranceLevel: row.assurance_level,
      actingAs,
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
    };
    const me: Me = {
      id: row.account_id,
      kind: row.kind,
      displayName: row.display_name,
      username: row.username,
      idNumberMasked: row.id_number_enc ? maskIdNumber(this.p.protector.open(row.id_number_enc, FIELD.idNumber)) : null,
      phoneMasked: row.phone_enc ? maskPhone(this.p.protector.open(row.phone_enc, FIELD.phone)) : null,
      assuranceLevel: row.assurance_level,
      roles: [...roles].sort(),
      posts,
      actingAs,
      totpEnabled: row.totp_enabled,
    };
    this.meByPrincipal.set(principal, me);
    return { principal, me };
  }

  private async openSession(
    tx: repo.IdDb,
    account: AccountRow,
    meta: RequestMeta,
    now: Date,
  ): Promise<{ token: string; csrfToken: string; expiresAt: Date; sessionId: string }> {
    const token = randomToken();
    const csrfToken = randomToken(24);
    const sessionId = uuidv7(now.getTime());
    const expiresAt = new Date(now.getTime() + this.s.sessionAbsoluteHours * HOUR);
    await repo.insertSession(tx, {
      id: sessionId,
      token_hash: sha256(token),
      account_id: account.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      revoked_at: null,
      revoke_reason: null,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      acting_enterprise_id: null,
    });
    return { token, csrfToken, expiresAt, sessionId };
  }

  private async viewFor(token: string): Promise<Me> {
    const view = await this.authenticate(token);
    if (!view) throw new AppError(500, 'SESSION_LOST', 'The new session could not be read back');
    return view.me;
  }

  // ---------------------------------------------------------------- sign-in

  private throttleKeys(login: string, ip: string | null): { accountKey: string; ipKey: string } {
    return {
      accountKey: `login:${this.p.protector.blindIndex(login.trim().toLowerCase(), FIELD.login)}`,
      ipKey: `ip:${ip ?? 'unknown'}`,
    };
  }

  private async findByLogin(login: string): Promise<AccountRow | undefined> {
    const l = login.trim();
    const id = validateCitizenId(l);
    if (id.ok)
      return repo.findAccountByLogin(this.db, {
        idNumberIndex: this.p.protector.blindIndexes(id.value, FIELD.idNumber),
      });
    if (PHONE.test(l))
      return repo.findAccountByLogin(this.db, { phoneIndex: this.p.protector.blindIndexes(l, FIELD.phone) });
    return repo.findAccountByLogin(this.db, { username: l.toLowerCase() });
  }

  /**
   * Sign in. Unknown login and wrong password get the same answer after the same work, and
   * both count against the login and the address, so guessing is throttled without telling
   * which accounts exist.
   */
  async login(input: { login: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
    const now = this.p.clock.now();
    const keys = this.throttleKeys(input.login, meta.ip);
    const locks = await repo.throttleState(this.db, [keys.accountKey, keys.ipKey]);
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
      const windowStart = new Date(now.getTime() - this.s.loginWindowMinutes * MINUTE);
      const lockUntil = new Date(now.getTime() + this.s.loginLockMinutes * MINUTE);
      await command(this.p, actor, async (w) => {
        const tx = scoped<IdentityTables>(w.tx);
        await repo.countFailure(tx, keys.accountKey, now, windowStart, this.s.loginMaxFailuresPerAccount, lockUntil);
        await repo.countFailure(tx, keys.ipKey, now, windowStart, this.s.loginMaxFailuresPerAddress, lockUntil);
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
      await command(this.p, actor, (w) =>
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
    const s = await command(this.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      await repo.clearThrottle(tx, keys.accountKey);
      const session = await this.openSession(tx, account, meta, w.now);
      await w.audit({
        action: 'identity.session.created',
        resourceType: 'session',
        resourceId: session.sessionId,
        regionCode: account.region_code,
      });
      return session;
    });
    return {
      status: 'ok',
      me: await this.viewFor(s.token),
      token: s.token,
      csrfToken: s.csrfToken,
      expiresAt: s.expiresAt,
    };
  }

  /**
   * The password was right; the staff member must now give a TOTP code. The login's failure
   * count is not cleared until the code is right too, and wrong codes count against it, so
   * someone holding the password cannot try codes without limit.
   */
  private async startSecondFactor(account: AccountRow, meta: RequestMeta, actor: ActorRef): Promise<LoginResult> {
    const challenge = randomToken();
    return command(this.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      let enrol: { secret: string; otpauthUri: string } | undefined;
      if (!account.totp_enabled) {
        const secret = account.totp_secret_enc
          ? this.p.protector.open(account.totp_secret_enc, FIELD.totp)
          : newTotpSecret();
        if (!account.totp_secret_enc) {
          await repo.updateAccount(tx, account.id, {
            totp_secret_enc: this.p.protector.seal(secret, FIELD.totp),
            updated_at: w.now,
          });
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
  async verifySecondFactor(
    input: { challenge: string; code: string },
    meta: RequestMeta,
  ): Promise<LoginResult & { status: 'ok' }> {
    const actor: ActorRef = { accountId: null, kind: 'anonymous', requestId: meta.requestId, ip: meta.ip };
    const outcome = await command(this.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const ch = await repo.findChallenge(tx, sha256(input.challenge));
      if (!ch || ch.used_at || ch.expires_at <= w.now || ch.failures >= CHALLENGE_MAX_FAILURES)
        return { ok: false as const, code: 'CHALLENGE_EXPIRED' };
      const account = await repo.findAccountById(tx, ch.account_id);
      if (!account || account.status !== 'active' || !account.totp_secret_enc)
        return { ok: false as const, code: 'CHALLENGE_EXPIRED' };
      const secret = this.p.protector.open(account.totp_secret_enc, FIELD.totp);
      const step = matchTotp(secret, input.code.trim(), w.now);
      const keys = this.throttleKeys(account.username ?? '', meta.ip);
      if (step === null || (account.totp_last_step !== null && step <= Number(account.totp_last_step))) {
        await repo.markChallenge(tx, ch.id, { failures: ch.failures + 1 });
        const windowStart = new Date(w.now.getTime() - this.s.loginWindowMinutes * MINUTE);
        const lockUntil = new Date(w.now.getTime() + this.s.loginLockMinutes * MINUTE);
        await repo.countFailure(tx, keys.accountKey, w.now, windowStart, this.s.loginMaxFailuresPerAccount, lockUntil);
        await repo.countFailure(tx, keys.ipKey, w.now, windowStart, this.s.loginMaxFailuresPerAddress, lockUntil);
        await w.audit({ action: 'identity.login.totp-failed', resourceType: 'account', resourceId: account.id });
        return { ok: false as const, code: 'TOTP_INVALID' };
      }
      await repo.markChallenge(tx, ch.id, { used_at: w.now });
      await repo.clearThrottle(tx, keys.accountKey);
      await repo.updateAccount(tx, account.id, { totp_last_step: step, totp_enabled: true, updated_at: w.now });
      if (!account.totp_enabled) {
        await w.audit({ action: 'identity.totp.enrolled', resourceType: 'account', resourceId: account.id });
      }
      const s = await this.openSession(tx, account, meta, w.now);
      await w.audit({
        action: 'identity.session.created',
        resourceType: 'session',
        resourceId: s.sessionId,
        regionCode: account.region_code,
        detail: { factors: ['password', 'totp'] },
      });
      return { ok: true as const, ...s };
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
    return {
      status: 'ok',
      me: await this.viewFor(outcome.token),
      token: outcome.token,
      csrfToken: outcome.csrfToken,
      expiresAt: outcome.expiresAt,
    };
  }

  async logout(principal: Principal | null, requestId: string, ip: string | null): Promise<void> {
    if (!principal) return;
    await command(this.p, { accountId: principal.accountId, kind: principal.kind, requestId, ip }, async (w) => {
      await repo.revokeSessions(
        scoped<IdentityTables>(w.tx),
        { accountId: principal.accountId, sessionId: principal.sessionId },
        w.now,
        'logout',
      );
      await w.audit({ action: 'identity.session.ended', resourceType: 'session', resourceId: principal.sessionId });
    });
    this.cache.forgetSession(principal.sessionId);
  }

  // ---------------------------------------------------------------- registration

  async register(
    input: { name: string; idNumber: string; phone: string; password: string },
    meta: RequestMeta,
  ): Promise<LoginResult & { status: 'ok' }> {
    const details: ErrorDetail[] = [];
    const id = validateCitizenId(input.idNumber, this.p.clock.now());
    if (!id.ok) details.push({ path: '/idNumber', code: id.code, message: id.message });
    if (!PHONE.test(input.phone.trim()))
      details.push({
        path: '/phone',
        code: 'PHONE_FORMAT',
        message: 'A mobile number has 11 digits and starts with 13-19',
      });
    const name = input.name.trim();
    if (!/^[\p{L}·• ]{2,30}$/u.test(name))
      details.push({ path: '/name', code: 'NAME_FORMAT', message: 'Give the name as on the ID card (2-30 letters)' });
    const weak = passwordProblem(input.password, input.phone.trim());
    if (weak) details.push({ path: '/password', code: 'PASSWORD_WEAK', message: weak });
    if (details.length > 0 || !id.ok) throw validationFailed(details);
    const phone = input.phone.trim();
    const idIndex = this.p.protector.blindIndex(id.value, FIELD.idNumber);
    const phoneIndex = this.p.protector.blindIndex(phone, FIELD.phone);
    const passwordHash = await hashPassword(input.password);
    const accountId = uuidv7();
    const actor: ActorRef = { accountId, kind: 'citizen', requestId: meta.requestId, ip: meta.ip };
    const s = await command(this.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      if (
        (await repo.findAccountByLogin(tx, {
          idNumberIndex: this.p.protector.blindIndexes(id.value, FIELD.idNumber),
        })) ||
        (await repo.findAccountByLogin(tx, { phoneIndex: this.p.protector.blindIndexes(phone, FIELD.phone) }))
      ) {
        return null;
      }
      const account = this.newAccountRow({
        id: accountId,
        kind: 'citizen',
        displayName: name,
        idNumber: id.value,
        phone,
        passwordHash,
        regionCode: id.divisionCode,
        now: w.now,
      });
      await repo.insertAccount(tx, account);
      await repo.insertRole(tx, accountId, 'citizen', w.now, accountId);
      const linked = await this.linkLegalRep(
        tx,
        accountId,
        this.p.protector.blindIndexes(id.value, FIELD.idNumber),
        w.now,
      );
      await w.audit({
        action: 'identity.account.registered',
        resourceType: 'account',
        resourceId: accountId,
        regionCode: account.region_code,
        change: { name, idIndex, phoneIndex },
        detail: { linkedEnterprises: linked },
      });
      await w.emit(
        'identity.account.registered',
        { accountId, kind: 'citizen', regionCode: account.region_code },
        account.region_code,
      );
      return this.openSession(tx, account, meta, w.now);
    });
    if (!s)
      throw conflict(
        'ACCOUNT_EXISTS',
        'An account with this ID number or phone number exists; sign in or reset the password',
      );
    return {
      status: 'ok',
      me: await this.viewFor(s.token),
      token: s.token,
      csrfToken: s.csrfToken,
      expiresAt: s.expiresAt,
    };
  }

  /** A person registering is linked to the enterprises the registry lists them as legal representative of. */
  private async linkLegalRep(tx: repo.IdDb, accountId: string, idIndex: repo.BlindIndexes, now: Date): Promise<number> {
    const rows = await repo.enterprisesByLegalRep(tx, idIndex);
    for (const e of rows) {
      await repo.upsertAgent(tx, {
        enterprise_id: e.id,
        account_id: accountId,
        relation: 'legal_rep',
        granted_by: null,
        granted_at: now,
        valid_until: null,
        revoked_at: null,
      });
    }
    return rows.length;
  }

  newAccountRow(a: {
    id: string;
    kind: 'citizen' | 'staff';
    displayName: string;
    username?: string | null;
    idNumber?: string | null;
    phone?: string | null;
    passwordHash: string | null;
    regionCode: string;
    assurance?: AssuranceLevel;
    totpSecret?: string | null;
    now: Date;
  }): AccountRow {
    const pr = this.p.protector;
    return {
      id: a.id,
      kind: a.kind,
      username: a.username ?? null,
      display_name: a.displayName,
      id_number_enc: a.idNumber ? pr.seal(a.idNumber, FIELD.idNumber) : null,
      id_number_index: a.idNumber ? pr.blindIndex(a.idNumber, FIELD.idNumber) : null,
      phone_enc: a.phone ? pr.seal(a.phone, FIELD.phone) : null,
      phone_index: a.phone ? pr.blindIndex(a.phone, FIELD.phone) : null,
      password_hash: a.passwordHash,
      password_changed_at: a.passwordHash ? a.now : null,
      status: 'active',
      assurance_level: a.assurance ?? 'registered',
      totp_secret_enc: a.totpSecret ? pr.seal(a.totpSecret, FIELD.totp) : null,
      totp_enabled: Boolean(a.totpSecret),
      totp_last_step: null,
      region_code: a.regionCode,
      created_at: a.now,
      updated_at: a.now,
    };
  }

  // ---------------------------------------------------------------- self-service

  /** Who am I: answered from the session view the request already resolved. */
  me(p: Principal | null): Me {
    const principal = policy.self(p);
    const me = this.meByPrincipal.get(principal);
    if (!me) throw new AppError(500, 'SESSION_LOST', 'The session view is missing');
    return me;
  }

  /** Change the password: every session of the account ends; the caller gets a fresh one. */
  async changePassword(
    p: Principal | null,
    input: { currentPassword: string; newPassword: string },
    meta: RequestMeta,
  ): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const principal = policy.self(p);
    const account = await repo.findAccountById(this.db, principal.accountId);
    if (!account) throw notFound();
    if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
      throw new AppError(403, 'PASSWORD_WRONG', 'The current password is wrong');
    }
    const weak = passwordProblem(input.newPassword, account.username ?? undefined);
    if (weak) throw validationFailed([{ path: '/newPassword', code: 'PASSWORD_WEAK', message: weak }]);
    const newHash = await hashPassword(input.newPassword);
    const s = await command(this.p, this.actor(principal, meta), async (w) => {
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
      return this.openSession(tx, account, meta, w.now);
    });
    this.cache.forgetAccount(account.id);
    return s;
  }

  async listSessions(p: Principal | null) {
    const principal = policy.self(p);
    const rows = await repo.listLiveSessions(this.db, principal.accountId, this.p.clock.now());
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      userAgent: r.user_agent,
      ip: r.ip,
      current: r.id === principal.sessionId,
    }));
  }

  async endSession(p: Principal | null, sessionId: string, meta: RequestMeta): Promise<void> {
    const principal = policy.self(p);
    const n = await command(this.p, this.actor(principal, meta), async (w) => {
      const n = await repo.revokeSessions(
        scoped<IdentityTables>(w.tx),
        { accountId: principal.accountId, sessionId },
        w.now,
        'ended-by-user',
      );
      if (n > 0) await w.audit({ action: 'identity.session.ended', resourceType: 'session', resourceId: sessionId });
      return n;
    });
    // Another account's session id answers as if it did not exist.
    if (n === 0) throw notFound('SESSION_NOT_FOUND', 'No such session');
    this.cache.forgetSession(sessionId);
  }

  /** Who read my personal data, when and why (reads by staff are recorded by the modules that show them). */
  async myDataAccess(p: Principal | null) {
    const principal = policy.self(p);
    const account = await repo.findAccountById(this.db, principal.accountId);
    if (!account?.id_number_index) return [];
    const rows = await repo.dataAccessOf(this.db, this.indexesOfIdNumber(account), 200);
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      accessorName: r.accessor_name,
      organisation: r.organisation,
      purpose: r.purpose,
      fields: r.fields,
      resourceType: r.resource_type,
    }));
  }

  async myEnterprises(p: Principal | null) {
    const principal = policy.self(p);
    const rows = await repo.enterprisesOf(this.db, principal.accountId, this.p.clock.now());
    return rows.map((r) => ({ enterpriseId: r.id, name: r.name, uscc: r.uscc, relation: r.relation }));
  }

  /** Act for an enterprise (or stop, with null): the session then carries the enterprise_agent role for it. */
  async actAs(p: Principal | null, enterpriseId: string | null, meta: RequestMeta, token: string): Promise<Me> {
    const principal = policy.self(p);
    if (enterpriseId) {
      const mine = await repo.enterprisesOf(this.db, principal.accountId, this.p.clock.now());
      if (!mine.some((e) => e.id === enterpriseId))
        throw notFound('ENTERPRISE_NOT_FOUND', 'No such enterprise among yours');
    }
    await command(this.p, this.actor(principal, meta), async (w) => {
      await repo.setActingEnterprise(scoped<IdentityTables>(w.tx), principal.sessionId, enterpriseId);
      await w.audit({
        action: enterpriseId ? 'identity.session.acting-as' : 'identity.session.acting-as-self',
        resourceType: 'enterprise',
        resourceId: enterpriseId,
      });
    });
    this.cache.forgetSession(principal.sessionId);
    return this.viewFor(token);
  }

  // ---------------------------------------------------------------- enterprise agents

  async listAgents(p: Principal | null, enterpriseId: string) {
    const principal = policy.self(p);
    const mine = await repo.enterprisesOf(this.db, principal.accountId, this.p.clock.now());
    policy.manageAgents(principal, mine.find((e) => e.id === enterpriseId)?.relation);
    const rows = await repo.agentsOf(this.db, enterpriseId);
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
    const principal = policy.self(p);
    const mine = await repo.enterprisesOf(this.db, principal.accountId, this.p.clock.now());
    policy.manageAgents(principal, mine.find((e) => e.id === enterpriseId)?.relation);
    const id = validateCitizenId(input.idNumber);
    if (!id.ok) throw validationFailed([{ path: '/idNumber', code: id.code, message: id.message }]);
    const agent = await repo.findAccountByLogin(this.db, {
      idNumberIndex: this.p.protector.blindIndexes(id.value, FIELD.idNumber),
    });
    if (!agent || agent.kind !== 'citizen')
      throw notFound('ACCOUNT_NOT_FOUND', 'No registered person with this ID number');
    if (agent.id === principal.accountId) throw conflict('ALREADY_LEGAL_REP', 'You already act for this enterprise');
    const validUntil = input.validUntil ? new Date(input.validUntil) : null;
    await command(this.p, this.actor(principal, meta), async (w) => {
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
    this.cache.forgetAccount(agent.id);
    return { accountId: agent.id, displayName: agent.display_name };
  }

  async revokeAgentOf(p: Principal | null, enterpriseId: string, accountId: string, meta: RequestMeta): Promise<void> {
    const principal = policy.self(p);
    const mine = await repo.enterprisesOf(this.db, principal.accountId, this.p.clock.now());
    policy.manageAgents(principal, mine.find((e) => e.id === enterpriseId)?.relation);
    const n = await command(this.p, this.actor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const r = await repo.revokeAgent(tx, enterpriseId, accountId, w.now);
      if (Number(r.numUpdatedRows) === 0) return 0;
      await w.audit({
        action: 'identity.agent.revoked',
        resourceType: 'enterprise',
        resourceId: enterpriseId,
        detail: { agentAccountId: accountId },
      });
      await w.emit('identity.agent.revoked', { enterpriseId, accountId });
      return 1;
    });
    if (n === 0) throw notFound('AGENT_NOT_FOUND', 'No such agent');
    this.cache.forgetAccount(accountId);
  }

  // ---------------------------------------------------------------- administration

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
    if (input.phone !== undefined && !PHONE.test(input.phone))
      details.push({
        path: '/phone',
        code: 'PHONE_FORMAT',
        message: 'A mobile number has 11 digits and starts with 13-19',
      });
    if (details.length) throw validationFailed(details);
    const initialPassword = `Yw-${randomToken(9)}`;
    const passwordHash = await hashPassword(initialPassword);
    const accountId = uuidv7();
    const created = await command(this.p, this.actor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      if (await repo.findAccountByLogin(tx, { username })) return false;
      const row = this.newAccountRow({
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
    const [rows, count] = await repo.listAccounts(this.db, {
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
        phoneMasked: r.phone_enc ? maskPhone(this.p.protector.open(r.phone_enc, FIELD.phone)) : null,
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
    const done = await command(this.p, this.actor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const r = await repo.updateAccount(tx, accountId, { status: input.status, updated_at: w.now });
      if (Number(r.numUpdatedRows) === 0) return false;
      const ended =
        input.status === 'disabled' ? await repo.revokeSessions(tx, { accountId }, w.now, 'account-disabled') : 0;
      await w.audit({
        action: `identity.account.${input.status === 'disabled' ? 'disabled' : 'enabled'}`,
        resourceType: 'account',
        resourceId: accountId,
        change: input,
        detail: { reason: input.reason, sessionsEnded: ended },
      });
      await w.emit(`identity.account.${input.status === 'disabled' ? 'disabled' : 'enabled'}`, { accountId });
      return true;
    });
    if (!done) throw notFound('ACCOUNT_NOT_FOUND', 'No such account');
    this.cache.forgetAccount(accountId);
  }

  /** Grant one of the account-level roles. 三员分立: no account holds two of the separated roles. */
  async grantRole(p: Principal | null, accountId: string, role: SeparatedRole, meta: RequestMeta): Promise<void> {
    const principal = policy.manageSecurity(p, accountId);
    const outcome = await command(this.p, this.actor(principal, meta), async (w) => {
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
    this.cache.forgetAccount(accountId);
  }

  async revokeRole(p: Principal | null, accountId: string, role: SeparatedRole, meta: RequestMeta): Promise<void> {
    const principal = policy.manageSecurity(p, accountId);
    const n = await command(this.p, this.actor(principal, meta), async (w) => {
      const r = await repo.deleteRole(scoped<IdentityTables>(w.tx), accountId, role);
      if (Number(r.numDeletedRows) === 0) return 0;
      await w.audit({
        action: 'identity.role.revoked',
        resourceType: 'account',
        resourceId: accountId,
        change: { role },
        detail: { role },
      });
      await w.emit('identity.role.revoked', { accountId, role });
      return 1;
    });
    if (n === 0) throw notFound('ROLE_NOT_HELD', 'The account does not hold this role');
    this.cache.forgetAccount(accountId);
  }

  /** Reset a lost second factor: the staff member enrols again at the next sign-in. */
  async resetTotp(p: Principal | null, accountId: string, meta: RequestMeta): Promise<void> {
    const principal = policy.manageSecurity(p, accountId);
    const done = await command(this.p, this.actor(principal, meta), async (w) => {
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
    this.cache.forgetAccount(accountId);
  }

  /** A window clerk records that the person's identity was checked in person (线下核验). */
  async verifyInPerson(p: Principal | null, accountId: string, meta: RequestMeta): Promise<void> {
    const principal = policy.verifyInPerson(p);
    const done = await command(this.p, this.actor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const account = await repo.findAccountById(tx, accountId);
      if (!account || account.kind !== 'citizen') return false;
      await repo.updateAccount(tx, accountId, { assurance_level: 'in_person', updated_at: w.now });
      await w.audit({
        action: 'identity.assurance.raised',
        resourceType: 'account',
        resourceId: accountId,
        regionCode: account.region_code,
        change: { from: account.assurance_level, to: 'in_person' },
        detail: { to: 'in_person' },
      });
      await w.emit('identity.assurance.raised', { accountId, level: 'in_person' }, account.region_code);
      return true;
    });
    if (!done) throw notFound('ACCOUNT_NOT_FOUND', 'No such citizen account');
    this.cache.forgetAccount(accountId);
  }

  // ---------------------------------------------------------------- for other modules

  /** Display data of accounts (for the org module's staff list). */
  async accountSummaries(ids: string[]) {
    const rows = await repo.accountsByIds(this.db, ids);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          kind: r.kind,
          username: r.username,
          displayName: r.display_name,
          status: r.status,
          phoneMasked: r.phone_enc ? maskPhone(this.p.protector.open(r.phone_enc, FIELD.phone)) : null,
        },
      ]),
    );
  }

  /** Ids of staff accounts whose username or name contains `text` (at most 1,000). */
  staffMatching(text: string): Promise<string[]> {
    return repo.staffIdsMatching(this.db, text, 1000);
  }

  async accountExists(id: string, kind?: 'citizen' | 'staff'): Promise<boolean> {
    const a = await repo.findAccountById(this.db, id);
    return Boolean(a && (!kind || a.kind === kind));
  }

  /** What another module may check a registration against: the ID number's blind index, name and region. */
  /**
   * A principal for an account without a session: for the demo seed and batch work that acts
   * as a named person (never for requests, which always come with a session).
   */
  async principalOf(
    login: { username?: string; accountId?: string },
    actingEnterpriseId: string | null = null,
  ): Promise<Principal | null> {
    const a = login.accountId
      ? await repo.findAccountById(this.db, login.accountId)
      : await repo.findAccountByLogin(this.db, { username: login.username! });
    if (!a) return null;
    const [accountRoles, posts] = await Promise.all([
      repo.rolesOf(this.db, a.id),
      a.kind === 'staff' ? this.postSource(a.id) : Promise.resolve([]),
    ]);
    let actingAs: ActingAs | null = null;
    if (actingEnterpriseId) {
      const link = (await repo.enterprisesOf(this.db, a.id, this.p.clock.now())).find(
        (e) => e.id === actingEnterpriseId,
      );
      if (link) actingAs = { enterpriseId: link.id, name: link.name, uscc: link.uscc };
    }
    const roles = new Set<Role>(accountRoles as Role[]);
    for (const post of posts) for (const r of post.roles) roles.add(r);
    if (actingAs) roles.add('enterprise_agent');
    return {
      accountId: a.id,
      kind: a.kind,
      displayName: a.display_name,
      roles,
      posts,
      assuranceLevel: a.assurance_level,
      actingAs,
      sessionId: 'none',
      csrfToken: 'none',
    };
  }

  /** The enterprises an account may act for (for the seed). */
  async enterprisesOfAccount(accountId: string) {
    return repo.enterprisesOf(this.db, accountId, this.p.clock.now());
  }

  /** The account's ID number's blind index under every loaded data key (during a key rotation, rows may hold either). */
  private indexesOfIdNumber(a: AccountRow): string[] {
    if (!a.id_number_enc) return a.id_number_index ? [a.id_number_index] : [];
    return this.p.protector.blindIndexes(this.p.protector.open(a.id_number_enc, FIELD.idNumber), FIELD.idNumber);
  }

  async identityFacts(accountId: string): Promise<{
    idNumberIndex: string;
    idNumberIndexes: string[];
    name: string;
    regionCode: string;
    assuranceLevel: AssuranceLevel;
  } | null> {
    const a = await repo.findAccountById(this.db, accountId);
    if (!a || a.kind !== 'citizen' || !a.id_number_index) return null;
    return {
      idNumberIndex: a.id_number_index,
      idNumberIndexes: this.indexesOfIdNumber(a),
      name: a.display_name,
      regionCode: a.region_code,
      assuranceLevel: a.assurance_level,
    };
  }

  /**
   * Raise a citizen's real-name assurance to id_verified because an authoritative registry
   * matched their ID number and name (a system action, audited). Never lowers a level.
   */
  async markIdVerified(accountId: string, source: string): Promise<boolean> {
    const raised = await command(this.p, systemActor(), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const a = await repo.findAccountById(tx, accountId);
      if (!a || a.kind !== 'citizen' || a.assurance_level !== 'registered') return false;
      await repo.updateAccount(tx, accountId, { assurance_level: 'id_verified', updated_at: w.now });
      await w.audit({
        action: 'identity.assurance.raised',
        resourceType: 'account',
        resourceId: accountId,
        regionCode: a.region_code,
        change: { from: 'registered', to: 'id_verified', source },
        detail: { to: 'id_verified', source },
      });
      await w.emit('identity.assurance.raised', { accountId, level: 'id_verified' }, a.region_code);
      return true;
    });
    if (raised) this.cache.forgetAccount(accountId);
    return raised;
  }

  /** Forget cached sessions of an account whose posts changed (called by org). */
  invalidate(accountId: string): void {
    this.cache.forgetAccount(accountId);
  }

  async housekeeping(): Promise<void> {
    const now = this.p.clock.now();
    await repo.deleteExpired(this.db, now, new Date(now.getTime() - this.s.loginWindowMinutes * MINUTE));
  }

  private actor(principal: Principal, meta: RequestMeta): ActorRef {
    return { accountId: principal.accountId, kind: principal.kind, requestId: meta.requestId, ip: meta.ip };
  }

  /** For seeding: insert prepared rows (accounts with roles, enterprises) in one transaction. */
  async seedAccounts(
    accounts: { row: AccountRow; roles: Role[] }[],
    enterprises: Insertable<IdentityTables['identity.enterprises']>[],
    log: (msg: string) => void,
  ): Promise<void> {
    await command(this.p, systemActor(), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      for (const a of accounts) {
        await repo.insertAccount(tx, a.row);
        for (const r of a.roles) await repo.insertRole(tx, a.row.id, r, w.now, null);
      }
      for (let i = 0; i < enterprises.length; i += 500) await repo.insertEnterprises(tx, enterprises.slice(i, i + 500));
      for (const a of accounts)
        if (a.row.id_number_index) await this.linkLegalRep(tx, a.row.id, this.indexesOfIdNumber(a.row), w.now);
      await w.audit({
        action: 'identity.seed.loaded',
        resourceType: 'seed',
        detail: { accounts: accounts.length, enterprises: enterprises.length },
      });
    });
    log(`identity: ${accounts.length} accounts, ${enterprises.length} enterprises`);
  }
}

/** True when granting `role` would give the account two of the separated roles. */
export function assertSeparation(held: readonly string[], role: string): boolean {
  const sep = SEPARATED_ROLES as readonly string[];
  return sep.includes(role) && held.some((r) => r !== role && sep.includes(r));
}

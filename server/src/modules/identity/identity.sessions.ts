/**
 * Sessions: random tokens stored as SHA-256, with idle and absolute expiry, resolved to a
 * principal (account roles, staff posts from org, the enterprise acted for) and served from
 * a short-lived in-process cache; and what a signed-in person reads about themselves: who
 * they are, their sessions (ending one), and who read their personal data.
 */
import type { Static } from 'typebox';
import type { ActingAs, Post, Principal, Role } from '../../platform/auth.ts';
import { HOUR, MINUTE } from '../../platform/clock.ts';
import { command } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { principalActor } from '../../platform/auth.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import { maskIdNumber, maskPhone } from '../../platform/masking.ts';
import { scoped } from '../../platform/db.ts';
import { FIELD, idNumberIndexesOf, sha256, type Context, type RequestMeta } from './identity.context.ts';
import { policy } from './identity.policy.ts';
import type { MeSchema } from './identity.schemas.ts';
import * as repo from './identity.repository.ts';
import type { AccountRow, IdentityTables } from './identity.tables.ts';
import { LONGEST_WINDOW_MINUTES } from './identity.throttle.ts';
import { SessionCache, type CachedSession } from './session-cache.ts';

/** Who a signed-in person is, as the API answers it. */
export type Me = Static<typeof MeSchema>;

export interface SessionView {
  principal: Principal;
  me: Me;
}

/** A session just opened: its token (for the cookie) and CSRF token. */
export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  sessionId: string;
}

export type SignedIn = { status: 'ok'; me: Me; token: string; csrfToken: string; expiresAt: Date };

export type PostSource = (accountId: string) => Promise<Post[]>;

type LiveSession = NonNullable<Awaited<ReturnType<typeof repo.findLiveSession>>>;

const TOUCH_EVERY_MS = MINUTE;

/** A use case that works with the sessions (an account change makes the account's cached sessions stale). */
export abstract class WithSessions {
  protected readonly c: Context;
  protected readonly sessions: Sessions;

  constructor(context: Context, sessions: Sessions) {
    this.c = context;
    this.sessions = sessions;
  }
}

export class Sessions {
  private readonly c: Context;
  private readonly cache = new SessionCache<SessionView>();
  /** The `me` of each cached principal (principals are shared by the requests of one cache entry). */
  private readonly meByPrincipal = new WeakMap<Principal, Me>();
  private postSource: PostSource = async () => [];

  constructor(context: Context) {
    this.c = context;
  }

  /** The org module supplies staff posts (department, region, roles) through this. */
  setPostSource(source: PostSource): void {
    this.postSource = source;
  }

  /**
   * Resolve a session token from the cache alone: the view, null when the cached session has
   * expired, or undefined when the cache cannot answer (not cached, or stale) and the
   * database must be asked with `authenticate`.
   */
  authenticateCached(token: string): SessionView | null | undefined {
    const tokenHash = sha256(token);
    const entry = this.cache.get(tokenHash);
    const now = this.c.p.clock.now().getTime();
    if (!entry || now - entry.loadedAt > this.c.s.sessionCacheMs) return undefined;
    return this.checkLive(tokenHash, entry, now);
  }

  /** Resolve a session token to who is asking, or null. Served from the cache when fresh. */
  async authenticate(token: string): Promise<SessionView | null> {
    const tokenHash = sha256(token);
    const now = this.c.p.clock.now().getTime();
    let entry = this.cache.get(tokenHash);
    if (!entry || now - entry.loadedAt > this.c.s.sessionCacheMs) {
      const row = await repo.findLiveSession(this.c.db, tokenHash);
      if (!row || row.status !== 'active') {
        this.cache.delete(tokenHash);
        return null;
      }
      const lastSeen = Math.max(row.last_seen_at.getTime(), entry?.lastSeenAt ?? 0);
      entry = {
        value: await this.view(row),
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
    const idleMs = this.c.s.sessionIdleMinutes * MINUTE;
    if (now >= entry.expiresAt || now - entry.lastSeenAt > idleMs) {
      this.cache.delete(tokenHash);
      return null;
    }
    entry.lastSeenAt = now;
    if (now - entry.touchedAt > TOUCH_EVERY_MS) {
      entry.touchedAt = now;
      repo
        .touchSession(this.c.db, entry.sessionId, new Date(now))
        .catch((err: unknown) => this.c.p.log.warn({ err }, 'session touch failed'));
    }
    return entry.value;
  }

  private async view(row: LiveSession): Promise<SessionView> {
    const principal = await this.principal(
      { id: row.account_id, kind: row.kind, display_name: row.display_name, assurance_level: row.assurance_level },
      row.acting_enterprise_id,
      { id: row.session_id, csrfToken: row.csrf_token },
    );
    const pr = this.c.p.protector;
    const me: Me = {
      id: row.account_id,
      kind: row.kind,
      displayName: row.display_name,
      username: row.username,
      idNumberMasked: row.id_number_enc ? maskIdNumber(pr.open(row.id_number_enc, FIELD.idNumber)) : null,
      phoneMasked: row.phone_enc ? maskPhone(pr.open(row.phone_enc, FIELD.phone)) : null,
      assuranceLevel: row.assurance_level,
      roles: [...principal.roles].sort(),
      posts: [...principal.posts],
      actingAs: principal.actingAs,
      totpEnabled: row.totp_enabled,
    };
    this.meByPrincipal.set(principal, me);
    return { principal, me };
  }

  /** Who an account is: its roles and (staff) its posts' roles, and the enterprise it acts for, if it may. */
  private async principal(
    a: Pick<AccountRow, 'id' | 'kind' | 'display_name' | 'assurance_level'>,
    actingEnterpriseId: string | null,
    session: { id: string; csrfToken: string },
  ): Promise<Principal> {
    const [accountRoles, posts] = await Promise.all([
      repo.rolesOf(this.c.db, a.id),
      a.kind === 'staff' ? this.postSource(a.id) : Promise.resolve([]),
    ]);
    let actingAs: ActingAs | null = null;
    if (actingEnterpriseId) {
      const link = (await repo.enterprisesOf(this.c.db, a.id, this.c.p.clock.now())).find(
        (e) => e.id === actingEnterpriseId,
      );
      if (link) actingAs = { enterpriseId: link.id, name: link.name, uscc: link.uscc };
    }
    const roles = new Set<Role>(accountRoles as Role[]);
    for (const post of posts) for (const r of post.roles) roles.add(r);
    if (actingAs) roles.add('enterprise_agent');
    else roles.delete('enterprise_agent');
    return {
      accountId: a.id,
      kind: a.kind,
      displayName: a.display_name,
      roles,
      posts,
      assuranceLevel: a.assurance_level,
      actingAs,
      sessionId: session.id,
      csrfToken: session.csrfToken,
    };
  }

  /**
   * A principal for an account without a session: for the demo seed and batch work that acts
   * as a named person (never for requests, which always come with a session).
   */
  async principalOf(
    login: { username?: string; accountId?: string },
    actingEnterpriseId: string | null = null,
  ): Promise<Principal | null> {
    const a = login.accountId
      ? await repo.findAccountById(this.c.db, login.accountId)
      : await repo.findAccountByLogin(this.c.db, { username: login.username! });
    if (!a) return null;
    return this.principal(a, actingEnterpriseId, { id: 'none', csrfToken: 'none' });
  }

  /** Open a session for `account` in the caller's transaction. */
  async open(tx: repo.IdDb, account: AccountRow, meta: RequestMeta, now: Date): Promise<OpenedSession> {
    const token = randomToken();
    const csrfToken = randomToken(24);
    const sessionId = uuidv7(now.getTime());
    const expiresAt = new Date(now.getTime() + this.c.s.sessionAbsoluteHours * HOUR);
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

  /** The answer to a sign-in (or registration) once its session committed. */
  async signedIn(s: OpenedSession): Promise<SignedIn> {
    return {
      status: 'ok',
      me: await this.meOf(s.token),
      token: s.token,
      csrfToken: s.csrfToken,
      expiresAt: s.expiresAt,
    };
  }

  /** The `me` of a session just opened or changed, read back. */
  async meOf(token: string): Promise<Me> {
    const view = await this.authenticate(token);
    if (!view) throw new AppError(500, 'SESSION_LOST', 'The new session could not be read back');
    return view.me;
  }

  /** Who am I: answered from the session view the request already resolved. */
  me(p: Principal | null): Me {
    const principal = policy.self(p);
    const me = this.meByPrincipal.get(principal);
    if (!me) throw new AppError(500, 'SESSION_LOST', 'The session view is missing');
    return me;
  }

  /** Signed in or not, without an error either way (a signed-out page need not log a 401). */
  sessionState(p: Principal | null): { signedIn: boolean; me: Me | null } {
    return p ? { signedIn: true, me: this.me(p) } : { signedIn: false, me: null };
  }

  async listSessions(p: Principal | null) {
    const principal = policy.self(p);
    const rows = await repo.listLiveSessions(this.c.db, principal.accountId, this.c.p.clock.now());
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
    const n = await command(this.c.p, principalActor(principal, meta), async (w) => {
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
    const account = await repo.findAccountById(this.c.db, principal.accountId);
    if (!account?.id_number_index) return [];
    const rows = await repo.dataAccessOf(this.c.db, idNumberIndexesOf(this.c.p.protector, account), 200);
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

  /** A session ended, or changed (acting for an enterprise): its next request reads it afresh. */
  forgetSession(sessionId: string): void {
    this.cache.forgetSession(sessionId);
  }

  /** An account changed (password, status, roles, posts): its sessions are read afresh. */
  invalidate(accountId: string): void {
    this.cache.forgetAccount(accountId);
    this.c.accounts.forget(accountId);
  }

  async housekeeping(): Promise<void> {
    const now = this.c.p.clock.now();
    // Counters live as long as the longest window of any limit (registration and codes count by the hour).
    const windowMinutes = Math.max(this.c.s.loginWindowMinutes, LONGEST_WINDOW_MINUTES);
    await repo.deleteExpired(this.c.db, now, new Date(now.getTime() - windowMinutes * MINUTE));
  }
}

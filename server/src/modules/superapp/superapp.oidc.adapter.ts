/**
 * oidc-provider's storage on the platform's database (PostgreSQL or PGlite): one table for every
 * model (sessions, interactions, grants, codes, tokens), keyed by model and the SHA-256 of the id,
 * so that a copy of the table holds no usable token, code or session cookie. Clients are not
 * stored: the `Client` model answers from the app directory (the app's live manifest), and an
 * app that is not usable (suspended, taken down) has no client.
 *
 * Expiry follows the platform's clock (tests move it): a row past `expires_at` is never found,
 * and `cleanup()` (run at most every ten minutes of that clock, after a write) deletes such rows.
 *
 * An authorization code is taken, not just found: one statement reads it, marks it consumed and
 * answers whether it already was (oidc-provider then refuses it and revokes its grant), and reads
 * its grant beside it for the Grant lookup that follows. Two requests racing with one code cannot
 * both see it unconsumed, and a token grant costs one round trip less for each.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { MINUTE } from '../../platform/clock.ts';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { RegisteredApp } from './superapp.directory.ts';
import type { SuperappOidcTables } from './superapp.oidc.tables.ts';

/**
 * Models whose id is a bearer secret: the id is not kept in the stored payload either. (A
 * session's id is kept: it is found by its uid too, and its cookie is signed with the provider's keys.)
 */
const BEARER = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'ClientCredentials']);
const CLEANUP_EVERY_MS = 10 * MINUTE;

const hash = (id: string) => createHash('sha256').update(id).digest('base64url');

export interface ClientSource {
  appOfClient(clientId: string): Promise<RegisteredApp | null>;
}

/** The OIDC client metadata of a usable app (its live manifest), or undefined. */
export function clientMetadata(app: RegisteredApp | null): AdapterPayload | undefined {
  if (!app?.usable || !app.manifest) return undefined;
  return {
    client_id: app.clientId,
    client_name: app.manifest.name.zh,
    redirect_uris: app.manifest.redirectUris,
    post_logout_redirect_uris: app.manifest.postLogoutRedirectUris ?? [],
    token_endpoint_auth_method: 'none',
    grant_types: app.scopes.includes('offline_access')
      ? ['authorization_code', 'refresh_token']
      : ['authorization_code'],
    response_types: ['code'],
    scope: app.scopes.join(' '),
    subject_type: 'pairwise',
    id_token_signed_response_alg: 'ES256',
  };
}

export class OidcStore {
  private readonly db: Kysely<SuperappOidcTables>;
  private readonly p: Platform<EventMap>;
  private lastCleanup = 0;
  /** Grants read with a code just taken, for the token request's Grant lookup (superapp.oidc_payloads). */
  private readonly taken = new Map<string, { payload: Record<string, unknown>; at: number }>();

  constructor(platform: Platform<EventMap>) {
    this.p = platform;
    this.db = scoped<SuperappOidcTables>(platform.db);
  }

  /** The adapter class oidc-provider makes one instance of per model. */
  adapterClass(clients: ClientSource): new (model: string) => Adapter {
    return adapterClassOf(this, clients);
  }

  /** Mark a payload consumed (codes are consumed as they are taken: `take`). */
  async consume(model: string, id: string): Promise<void> {
    if (model === 'AuthorizationCode') return;
    await this.db
      .updateTable('superapp.oidc_payloads')
      .set({ consumed_at: this.p.clock.now() })
      .where('model', '=', model)
      .where('id_hash', '=', hash(id))
      .execute();
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('superapp.oidc_payloads')
      .where('model', '=', model)
      .where('id_hash', '=', hash(id))
      .execute();
  }

  async upsert(model: string, id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const now = this.p.clock.now();
    const stored: AdapterPayload = { ...payload };
    if (BEARER.has(model)) delete stored.jti;
    const row = {
      payload: JSON.stringify(stored) as unknown as Record<string, unknown>,
      grant_id: model === 'Grant' ? id : (payload.grantId ?? null),
      uid: payload.uid ?? null,
      account_id: payload.accountId ?? null,
      expires_at: expiresIn ? new Date(now.getTime() + expiresIn * 1000) : null,
    };
    await this.db
      .insertInto('superapp.oidc_payloads')
      .values({ model, id_hash: hash(id), consumed_at: null, ...row })
      .onConflict((oc) => oc.columns(['model', 'id_hash']).doUpdateSet(row))
      .execute();
    if (now.getTime() - this.lastCleanup > CLEANUP_EVERY_MS) {
      this.lastCleanup = now.getTime();
      this.cleanup().catch((err: unknown) => this.p.log.warn({ err }, 'oidc cleanup failed'));
    }
  }

  private live(model: string) {
    const now = this.p.clock.now();
    return this.db
      .selectFrom('superapp.oidc_payloads')
      .select(['payload', 'consumed_at'])
      .where('model', '=', model)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  }

  private answer(
    model: string,
    id: string,
    r: { payload: Record<string, unknown>; consumed_at: Date | null } | undefined,
  ) {
    if (!r) return undefined;
    const payload = { ...r.payload } as AdapterPayload;
    if (BEARER.has(model)) payload.jti = id;
    if (r.consumed_at) payload.consumed = Math.floor(r.consumed_at.getTime() / 1000);
    return payload;
  }

  async find(model: string, id: string): Promise<AdapterPayload | undefined> {
    return this.answer(model, id, await this.live(model).where('id_hash', '=', hash(id)).executeTakeFirst());
  }

  /**
   * An authorization code, consumed in the same statement (its `consumed` says whether it already
   * was: the row is locked, so a second request sees the first one's mark). The code's grant is
   * read with it and kept for the Grant lookup that follows in the same token request.
   */
  async take(id: string): Promise<AdapterPayload | undefined> {
    const now = this.p.clock.now();
    const r = await sql<{
      payload: Record<string, unknown>;
      was: Date | null;
      grant_id: string | null;
      grant_payload: Record<string, unknown> | null;
    }>`
      with prev as (
        select model, id_hash, consumed_at from superapp.oidc_payloads
        where model = 'AuthorizationCode' and id_hash = ${hash(id)}
          and (expires_at is null or expires_at > ${now})
        for update
      ), taken as (
        update superapp.oidc_payloads p set consumed_at = coalesce(p.consumed_at, ${now})
        from prev where p.model = prev.model and p.id_hash = prev.id_hash
        returning p.payload, p.grant_id, prev.consumed_at as was
      )
      select t.payload, t.was, t.grant_id, g.payload as grant_payload
      from taken t left join superapp.oidc_payloads g
        on g.model = 'Grant'
        and g.id_hash = rtrim(translate(encode(sha256(convert_to(t.grant_id, 'UTF8')), 'base64'), '+/', '-_'), '=')
        and (g.expires_at is null or g.expires_at > ${now})`.execute(this.db);
    const row = r.rows[0];
    if (!row) return undefined;
    if (row.grant_id && row.grant_payload) {
      if (this.taken.size > 1_000) this.taken.clear();
      this.taken.set(row.grant_id, { payload: row.grant_payload, at: performance.now() });
    }
    return this.answer('AuthorizationCode', id, { payload: row.payload, consumed_at: row.was });
  }

  /** The grant read with a code just taken (once, within a second), else undefined. */
  takenGrant(grantId: string): AdapterPayload | undefined {
    const t = this.taken.get(grantId);
    if (!t) return undefined;
    this.taken.delete(grantId);
    return performance.now() - t.at < 1_000
      ? this.answer('Grant', grantId, { payload: t.payload, consumed_at: null })
      : undefined;
  }

  async findByUid(model: string, uid: string): Promise<AdapterPayload | undefined> {
    const r = await this.live(model).where('uid', '=', uid).executeTakeFirst();
    return r ? this.answer(model, '', r) : undefined;
  }

  /** Remove a grant and every code and token made under it. */
  async revokeGrant(grantId: string): Promise<void> {
    await this.db.deleteFrom('superapp.oidc_payloads').where('grant_id', '=', grantId).execute();
  }

  /** The grants of an account for a client (withdrawing consent removes them, with their tokens). */
  async grantsOf(accountId: string, clientId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('superapp.oidc_payloads')
      .select('grant_id')
      .where('model', '=', 'Grant')
      .where('account_id', '=', accountId)
      .where(sql<boolean>`payload->>'clientId' = ${clientId}`)
      .execute();
    return rows.map((r) => r.grant_id!).filter(Boolean);
  }

  /** Delete what has expired (it is never found any more). */
  async cleanup(): Promise<number> {
    const r = await this.db
      .deleteFrom('superapp.oidc_payloads')
      .where('expires_at', '<=', this.p.clock.now())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

/** oidc-provider's adapter over the store: one instance per model; clients come from the app directory. */
function adapterClassOf(store: OidcStore, clients: ClientSource): new (model: string) => Adapter {
  return class implements Adapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      await store.upsert(this.model, id, payload, expiresIn);
    }
    async find(id: string) {
      if (this.model === 'Client') return clientMetadata(await clients.appOfClient(id));
      if (this.model === 'AuthorizationCode') return store.take(id);
      if (this.model === 'Grant') return store.takenGrant(id) ?? store.find(this.model, id);
      return store.find(this.model, id);
    }
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }
    async findByUid(uid: string) {
      return store.findByUid(this.model, uid);
    }
    async consume(id: string) {
      await store.consume(this.model, id);
    }
    async destroy(id: string) {
      await store.destroy(this.model, id);
    }
    async revokeByGrantId(grantId: string) {
      await store.revokeGrant(grantId);
    }
  };
}

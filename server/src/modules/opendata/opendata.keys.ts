/**
 * API keys for the live endpoints (开放接口密钥). A signed-in citizen asks for one on the portal,
 * naming it and saying what it is for; an enterprise's agent acting for the enterprise asks for
 * the enterprise's (every agent of it then sees and may revoke it). The key is answered once;
 * only its SHA-256 is stored (platform/api-keys.ts, the mechanism Open311's keys use too).
 * Issuing and revoking are audited. `authenticate` is the live endpoint's check: no key 401
 * OPENDATA_KEY_REQUIRED, an unknown or revoked one 403 OPENDATA_KEY_INVALID.
 */
import { sql } from 'kysely';
import { KeyVerifier, newApiKey } from '../../platform/api-keys.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { OpendataContext } from './opendata.context.ts';
import { policy, type Owner } from './opendata.policy.ts';
import type { OpendataTables } from './opendata.tables.ts';

export const OPENDATA_KEY_PREFIX = 'ywod_';

export interface ApiKeyView {
  id: string;
  name: string;
  purpose: string;
  keyPrefix: string;
  /** Held by the enterprise (its agents), not by the person alone. */
  forEnterprise: boolean;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** Requests made with it so far (the rate limit's counter). */
  requests: number;
}

type KeyRow = OpendataTables['opendata.api_keys'] & { total: string | number | null };

const view = (r: KeyRow): ApiKeyView => ({
  id: r.id,
  name: r.name,
  purpose: r.purpose,
  keyPrefix: r.key_prefix,
  forEnterprise: r.enterprise_id !== null,
  createdAt: new Date(r.created_at).toISOString(),
  revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
  requests: Number(r.total ?? 0),
});

export class ApiKeys {
  readonly c: OpendataContext;
  readonly #verifier: KeyVerifier;

  constructor(c: OpendataContext) {
    this.c = c;
    this.#verifier = new KeyVerifier({
      prefix: OPENDATA_KEY_PREFIX,
      lookup: async (hash) =>
        (
          await c.db
            .selectFrom('opendata.api_keys')
            .select('id')
            .where('key_hash', '=', hash)
            .where('revoked_at', 'is', null)
            .executeTakeFirst()
        )?.id ?? null,
      touch: async (keyId) => {
        await c.db
          .updateTable('opendata.api_keys')
          .set({ last_used_at: c.p.clock.now() })
          .where('id', '=', keyId)
          .execute();
      },
    });
  }

  /** The keys of an owner (a person's own, or their enterprise's), newest first, with their use. */
  #owned(owner: Owner) {
    const q = this.c.db
      .selectFrom('opendata.api_keys as k')
      .leftJoin('opendata.api_key_usage as u', 'u.key_id', 'k.id')
      .selectAll('k')
      .select('u.total');
    return owner.enterpriseId
      ? q.where('k.enterprise_id', '=', owner.enterpriseId)
      : q.where('k.account_id', '=', owner.accountId).where('k.enterprise_id', 'is', null);
  }

  async list(p: Principal | null): Promise<{ items: ApiKeyView[]; requestsPerMinute: number }> {
    const { owner } = policy.apiKeys(p);
    const rows = await this.#owned(owner).orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').execute();
    return { items: rows.map(view), requestsPerMinute: this.c.deps.settings.liveRequestsPerMinute };
  }

  /** Issue a key: answered once with the key itself. */
  async issue(
    p: Principal | null,
    input: { name: string; purpose: string },
    origin: RequestOrigin,
  ): Promise<ApiKeyView & { key: string }> {
    const { principal, owner } = policy.apiKeys(p);
    const { key, keyPrefix, keyHash } = newApiKey(OPENDATA_KEY_PREFIX);
    const max = this.c.deps.settings.keysPerOwner;
    const row = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const tx = scoped<OpendataTables>(w.tx);
      // One issue at a time per owner, so two at once cannot pass the limit together.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`opendata.api_keys:${owner.enterpriseId ?? owner.accountId}`}, 0))`.execute(
        tx,
      );
      const inUse = await tx
        .selectFrom('opendata.api_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(owner.enterpriseId ? 'enterprise_id' : 'account_id', '=', owner.enterpriseId ?? owner.accountId)
        .$if(!owner.enterpriseId, (q) => q.where('enterprise_id', 'is', null))
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(inUse.n) >= max)
        throw conflict('OPENDATA_KEY_LIMIT_REACHED', `At most ${max} API keys may be in use at once`);
      const r: OpendataTables['opendata.api_keys'] = {
        id: uuidv7(w.now.getTime()),
        account_id: owner.accountId,
        enterprise_id: owner.enterpriseId,
        name: input.name.trim(),
        purpose: input.purpose.trim(),
        key_prefix: keyPrefix,
        key_hash: keyHash,
        created_at: w.now,
        revoked_at: null,
        revoked_by: null,
        last_used_at: null,
      };
      await tx.insertInto('opendata.api_keys').values(r).execute();
      await w.audit({
        action: 'opendata.api_key.issued',
        resourceType: 'opendata.api_key',
        resourceId: r.id,
        regionCode: this.c.deps.regionCode,
        detail: { name: r.name, keyPrefix, forEnterprise: owner.enterpriseId !== null },
      });
      return r;
    });
    return { ...view({ ...row, total: 0 }), key };
  }

  /** Revoke a key of the owner (another's answers as one that does not exist). */
  async revoke(p: Principal | null, id: string, origin: RequestOrigin): Promise<ApiKeyView> {
    const { principal, owner } = policy.apiKeys(p);
    const row = await command(this.c.p, principalActor(principal, origin), async (w) => {
      const tx = scoped<OpendataTables>(w.tx);
      const found = await tx
        .selectFrom('opendata.api_keys')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      const mine =
        found &&
        (owner.enterpriseId
          ? found.enterprise_id === owner.enterpriseId
          : found.account_id === owner.accountId && found.enterprise_id === null);
      if (!found || !mine) throw notFound('OPENDATA_KEY_NOT_FOUND', 'No such API key');
      if (found.revoked_at) throw conflict('OPENDATA_KEY_REVOKED', 'The API key has already been revoked');
      await tx
        .updateTable('opendata.api_keys')
        .set({ revoked_at: w.now, revoked_by: principal.accountId })
        .where('id', '=', id)
        .execute();
      await w.audit({
        action: 'opendata.api_key.revoked',
        resourceType: 'opendata.api_key',
        resourceId: id,
        regionCode: this.c.deps.regionCode,
        detail: { name: found.name, keyPrefix: found.key_prefix },
      });
      return { ...found, revoked_at: w.now, revoked_by: principal.accountId };
    });
    this.#verifier.forget(id);
    const usage = await this.c.db
      .selectFrom('opendata.api_key_usage')
      .select('total')
      .where('key_id', '=', id)
      .executeTakeFirst();
    return view({ ...row, total: usage?.total ?? 0 });
  }

  /** The live endpoint's check: the id of the key in use the request carries (header, else `api_key`). */
  async authenticate(header: unknown, queryKey: unknown): Promise<string> {
    const given = typeof header === 'string' && header !== '' ? header : typeof queryKey === 'string' ? queryKey : '';
    if (given === '')
      throw new AppError(401, 'OPENDATA_KEY_REQUIRED', 'Send an API key: the X-API-Key header or ?api_key=');
    const keyId = await this.#verifier.verify(given);
    if (!keyId) throw new AppError(403, 'OPENDATA_KEY_INVALID', 'The API key is not valid, or has been revoked');
    return keyId;
  }
}

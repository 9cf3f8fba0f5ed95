/**
 * Open311 API keys (接口密钥), issued in the console by a city operator to an app or a city
 * system. The key is shown once, when issued; only its SHA-256 is stored (platform/api-keys.ts,
 * shared with opendata's keys). `verify` answers the key's id for a key in use, from a short
 * cache so a busy client costs no query per request; a revoked key stops at once on this node
 * (the cache is dropped) and within the cache's life on the others.
 */
import { KeyVerifier, newApiKey } from '../../platform/api-keys.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { principalActor, requireRole, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { CityopsOpen311Tables } from './cityops.open311.tables.ts';

export const KEY_PREFIX = 'o311_';

export interface Open311Key {
  id: string;
  name: string;
  contact: string;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

type KeyRow = CityopsOpen311Tables['cityops.open311_keys'];
const view = (r: KeyRow): Open311Key => ({
  id: r.id,
  name: r.name,
  contact: r.contact,
  keyPrefix: r.key_prefix,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
});

export class Open311Keys {
  private readonly p: Platform;
  private readonly regionCode: string;
  private readonly verifier: KeyVerifier;

  constructor(platform: Platform, regionCode: string) {
    this.p = platform;
    this.regionCode = regionCode;
    this.verifier = new KeyVerifier({
      prefix: KEY_PREFIX,
      lookup: async (hash) =>
        (
          await this.db
            .selectFrom('cityops.open311_keys')
            .select(['id'])
            .where('key_hash', '=', hash)
            .where('region_code', '=', this.regionCode)
            .where('revoked_at', 'is', null)
            .executeTakeFirst()
        )?.id ?? null,
      touch: async (keyId) => {
        await this.db
          .updateTable('cityops.open311_keys')
          .set({ last_used_at: this.p.clock.now() })
          .where('id', '=', keyId)
          .execute();
      },
    });
  }

  private get db() {
    return scoped<CityopsOpen311Tables>(this.p.db);
  }

  /** A city operator of the city (a post whose region holds the city's). */
  private operator(p: Principal | null): Principal {
    const principal = requireRole(p, 'city_operator');
    const ours = principal.posts.some(
      (x) => x.roles.includes('city_operator') && this.regionCode.startsWith(x.regionCode),
    );
    if (!ours) throw forbidden("Only the city's operators manage its Open311 keys");
    return principal;
  }

  async list(p: Principal | null): Promise<{ items: Open311Key[] }> {
    this.operator(p);
    const rows = await this.db
      .selectFrom('cityops.open311_keys')
      .selectAll()
      .where('region_code', '=', this.regionCode)
      .orderBy('created_at', 'desc')
      .execute();
    return { items: rows.map(view) };
  }

  /** Issue a key: answered once with the key itself. */
  async issue(
    p: Principal | null,
    input: { name: string; contact: string },
    origin: RequestOrigin,
  ): Promise<Open311Key & { key: string }> {
    const principal = this.operator(p);
    const { key, keyPrefix, keyHash } = newApiKey(KEY_PREFIX);
    const id = uuidv7();
    const row = await command(this.p, principalActor(principal, origin), async (w) => {
      const r: KeyRow = {
        id,
        region_code: this.regionCode,
        name: input.name.trim(),
        contact: input.contact.trim(),
        key_prefix: keyPrefix,
        key_hash: keyHash,
        created_at: w.now,
        created_by: principal.accountId,
        revoked_at: null,
        revoked_by: null,
        last_used_at: null,
      };
      await scoped<CityopsOpen311Tables>(w.tx).insertInto('cityops.open311_keys').values(r).execute();
      await w.audit({
        action: 'cityops.open311_key.issued',
        resourceType: 'open311_key',
        resourceId: id,
        regionCode: this.regionCode,
        detail: { name: r.name, keyPrefix: r.key_prefix },
      });
      return r;
    });
    return { ...view(row), key };
  }

  async revoke(p: Principal | null, id: string, origin: RequestOrigin): Promise<Open311Key> {
    const principal = this.operator(p);
    const row = await command(this.p, principalActor(principal, origin), async (w) => {
      const db = scoped<CityopsOpen311Tables>(w.tx);
      const found = await db
        .selectFrom('cityops.open311_keys')
        .selectAll()
        .where('id', '=', id)
        .where('region_code', '=', this.regionCode)
        .forUpdate()
        .executeTakeFirst();
      if (!found) throw notFound('OPEN311_KEY_NOT_FOUND', 'No such Open311 API key');
      if (found.revoked_at) throw conflict('OPEN311_KEY_REVOKED', 'The API key has already been revoked');
      const r = await db
        .updateTable('cityops.open311_keys')
        .set({ revoked_at: w.now, revoked_by: principal.accountId })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await w.audit({
        action: 'cityops.open311_key.revoked',
        resourceType: 'open311_key',
        resourceId: id,
        regionCode: this.regionCode,
        detail: { name: r.name, keyPrefix: r.key_prefix },
      });
      return r;
    });
    this.verifier.forget(id);
    return view(row);
  }

  /** The id of the key in use that `key` is, or null (unknown, revoked, or not a key). */
  verify(key: string | undefined): Promise<string | null> {
    return this.verifier.verify(key);
  }
}

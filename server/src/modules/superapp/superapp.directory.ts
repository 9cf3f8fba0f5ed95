/**
 * The directory of registered apps, as the other parts read it: an app's OIDC client (its live
 * manifest's redirect URIs and scopes), whether it may be used now, and the demo's and tests'
 * way to put an approved app in place (the registry's review workflow does the same through review).
 */
import type { Kysely, Transaction } from 'kysely';
import { uuidv7 } from '../../platform/ids.ts';
import type { Manifest } from './superapp.manifest.ts';
import type { Scope } from './superapp.scopes.ts';
import type { AppStatus, Audience, SuperappTables } from './superapp.tables.ts';

type Db = Kysely<SuperappTables> | Transaction<SuperappTables>;

/** An app as its OIDC client and bridge see it: the live (last approved) manifest. */
export interface RegisteredApp {
  id: string;
  slug: string;
  clientId: string;
  ownerUscc: string;
  ownerName: string;
  audience: Audience;
  status: AppStatus;
  /** True when it may be opened and signed in to (approved, not suspended or taken down). */
  usable: boolean;
  liveVersion: number | null;
  manifest: Manifest | null;
  /** The origin of its entry URL: the only origin whose messages the bridge answers for it. */
  origin: string | null;
  scopes: Scope[];
}

const select = (db: Db) =>
  db
    .selectFrom('superapp.apps as a')
    .leftJoin('superapp.app_versions as v', (j) =>
      j.onRef('v.app_id', '=', 'a.id').onRef('v.version', '=', 'a.live_version'),
    )
    .select([
      'a.id',
      'a.slug',
      'a.client_id',
      'a.owner_uscc',
      'a.owner_name',
      'a.audience',
      'a.status',
      'a.live_version',
      'v.manifest',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirst']>>;

const toApp = (r: NonNullable<Row>): RegisteredApp => ({
  id: r.id,
  slug: r.slug,
  clientId: r.client_id,
  ownerUscc: r.owner_uscc,
  ownerName: r.owner_name,
  audience: r.audience,
  status: r.status,
  usable: r.status === 'approved' && r.manifest !== null,
  liveVersion: r.live_version,
  manifest: r.manifest ?? null,
  origin: r.manifest ? new URL(r.manifest.entryUrl).origin : null,
  scopes: r.manifest ? r.manifest.scopes.map((s) => s.scope) : [],
});

export class AppDirectory {
  private readonly db: Kysely<SuperappTables>;

  constructor(db: Kysely<object>) {
    this.db = db as Kysely<SuperappTables>;
  }

  async byClientId(clientId: string, db: Db = this.db): Promise<RegisteredApp | null> {
    const r = await select(db).where('a.client_id', '=', clientId).executeTakeFirst();
    return r ? toApp(r) : null;
  }

  async byId(id: string, db: Db = this.db): Promise<RegisteredApp | null> {
    const r = await select(db).where('a.id', '=', id).executeTakeFirst();
    return r ? toApp(r) : null;
  }

  async bySlug(slug: string, db: Db = this.db): Promise<RegisteredApp | null> {
    const r = await select(db).where('a.slug', '=', slug).executeTakeFirst();
    return r ? toApp(r) : null;
  }

  /**
   * Puts an approved app in place (or moves an existing app of this slug to a new approved
   * version): the demo city's apps and tests' apps. Idempotent for an unchanged manifest.
   */
  async putApproved(
    input: { manifest: Manifest; ownerUscc: string; ownerName: string; audience?: Audience; decidedBy?: string | null },
    now: Date,
  ): Promise<RegisteredApp> {
    return this.db.transaction().execute(async (tx) => {
      const existing = await tx
        .selectFrom('superapp.apps')
        .selectAll()
        .where('slug', '=', input.manifest.slug)
        .forUpdate()
        .executeTakeFirst();
      let appId = existing?.id;
      if (!appId) {
        appId = uuidv7();
        await tx
          .insertInto('superapp.apps')
          .values({
            id: appId,
            slug: input.manifest.slug,
            client_id: `app-${input.manifest.slug}`,
            owner_uscc: input.ownerUscc,
            owner_name: input.ownerName,
            audience: input.audience ?? 'citizen',
            status: 'approved',
            status_reason: null,
            live_version: null,
            created_by: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      const live = existing?.live_version
        ? await tx
            .selectFrom('superapp.app_versions')
            .select('manifest')
            .where('app_id', '=', appId)
            .where('version', '=', existing.live_version)
            .executeTakeFirst()
        : undefined;
      if (live && JSON.stringify(live.manifest) === JSON.stringify(input.manifest) && existing?.status === 'approved')
        return (await this.byId(appId, tx))!;
      const last = await tx
        .selectFrom('superapp.app_versions')
        .select((e) => e.fn.max('version').as('v'))
        .where('app_id', '=', appId)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      await tx
        .updateTable('superapp.app_versions')
        .set({ status: 'superseded' })
        .where('app_id', '=', appId)
        .where('status', '=', 'approved')
        .execute();
      await tx
        .insertInto('superapp.app_versions')
        .values({
          app_id: appId,
          version,
          manifest: JSON.stringify(input.manifest) as unknown as Manifest,
          status: 'approved',
          pre_review: null,
          submitted_by: null,
          submitted_at: now,
          decided_by: input.decidedBy ?? null,
          decided_at: now,
          reason: null,
        })
        .execute();
      await tx
        .updateTable('superapp.apps')
        .set({ status: 'approved', status_reason: null, live_version: version, updated_at: now })
        .where('id', '=', appId)
        .execute();
      return (await this.byId(appId, tx))!;
    });
  }
}

/**
 * What the exchange's use cases share: the platform, the scoped database, the access log
 * writer, and the active grants of each registry kept for a moment per node (a grant made
 * or revoked on this node drops them at once; another node's change is seen within
 * GRANT_CACHE_MS, and a grant's end date is checked at every read).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { PII } from '../../platform/pii.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import { AccessLog } from '../../platform/access-log.ts';
import type { ExchangeEvents } from './exchange.events.ts';
import type { ExchangeTables } from './exchange.tables.ts';

export type ExDb = Kysely<ExchangeTables>;
export type GrantRow = ExchangeTables['exchange.grants'];

export interface ExchangeDeps {
  org: Pick<OrgService, 'departmentNames'>;
  catalog: Pick<CatalogService, 'resolveItem'>;
}

/** Context under which registry records are sealed (the record's registry is inside the JSON). */
export const RECORD_CONTEXT = 'exchange.record';

export const GRANT_CACHE_MS = 1000;

export class ExchangeContext {
  readonly db: ExDb;
  readonly log: AccessLog;
  /** Per registry: when read, the read, and its rows once it answered. */
  private readonly grants = new Map<string, { at: number; rows: Promise<GrantRow[]>; ready?: GrantRow[] }>();

  readonly p: Platform<ExchangeEvents>;
  readonly deps: ExchangeDeps;

  constructor(p: Platform<ExchangeEvents>, deps: ExchangeDeps) {
    this.p = p;
    this.deps = deps;
    this.db = scoped<ExchangeTables>(p.db);
    this.log = new AccessLog(p.db);
  }

  /** Grants of a registry not revoked (ended ones included: a read after the end is told so). */
  grantsOf(registry: string, tx?: Transaction<object>): Promise<GrantRow[]> {
    const now = Date.now();
    const cached = this.grants.get(registry);
    const fresh = cached && now - cached.at < GRANT_CACHE_MS ? cached : undefined;
    // In a transaction (a filing's evidence): the rows kept when they have answered (the
    // filing's check read them a moment ago), or else a read in it. PGlite has one connection,
    // so waiting for a read outside the transaction (one still under way) would never end.
    if (tx) {
      if (fresh?.ready) return Promise.resolve(fresh.ready);
      return this.dbOf(tx)
        .selectFrom('exchange.grants')
        .selectAll()
        .where('registry_code', '=', registry)
        .where('revoked_at', 'is', null)
        .execute();
    }
    if (fresh) return fresh.rows;
    const rows = this.db
      .selectFrom('exchange.grants')
      .selectAll()
      .where('registry_code', '=', registry)
      .where('revoked_at', 'is', null)
      .execute();
    const entry: { at: number; rows: Promise<GrantRow[]>; ready?: GrantRow[] } = { at: now, rows };
    this.grants.set(registry, entry);
    rows.then(
      (r) => (entry.ready = r),
      () => {
        if (this.grants.get(registry) === entry) this.grants.delete(registry);
      },
    );
    return rows;
  }

  dropGrants(registry?: string): void {
    if (registry) this.grants.delete(registry);
    else this.grants.clear();
  }

  /** The database, or the caller's transaction. */
  dbOf(tx: Transaction<object> | undefined): ExDb {
    return tx ? scoped<ExchangeTables>(tx) : this.db;
  }

  /** The subject's blind indexes (every loaded key; the current first). */
  subjectIndexes(subject: Subject): string[] {
    return this.p.protector.blindIndexes(subjectValue(subject), PII.citizenId);
  }
}

/** Whose record: a person by ID number, an enterprise by USCC. */
export type Subject = { idNumber: string } | { uscc: string };
export const subjectValue = (s: Subject): string => ('idNumber' in s ? s.idNumber : s.uscc);
export const subjectKindOf = (s: Subject): 'person' | 'enterprise' => ('idNumber' in s ? 'person' : 'enterprise');

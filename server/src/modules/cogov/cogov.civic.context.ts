/**
 * What the civic parts share: the platform, their scoped database and what they need from
 * other modules and from the co-governance core (a resident's community; cityops' patrol
 * reports; notify's in-app messages).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { principalActor } from '../../platform/auth.ts';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { Broadcasts } from './cogov.broadcasts.ts';
import type { CivicTables } from './cogov.civic.tables.ts';

export type CivicDb = Kysely<CivicTables>;

/** Where a resident lives, by the community roster: their community and grid. */
export interface Residence {
  communityId: string;
  gridId: string | null;
}

export interface PatrolFindingInput {
  categoryCode: string;
  description: string;
  lat?: number | undefined;
  lng?: number | undefined;
  photos?: string[] | undefined;
  idempotencyKey: string;
}

export interface CivicDeps {
  regionCode: string;
  /** The community the person is registered in on the roster (实有人口), or null. */
  residence(p: Principal): Promise<Residence | null>;
  /** cityops' 巡查上报: opens a city event of the grid worker's grid. */
  patrolReport(p: Principal, input: PatrolFindingInput, origin: RequestOrigin): Promise<{ id: string; number: string }>;
  /** Whether a point lies in the city (cityops' community map). */
  inCity(lat: number, lng: number): boolean;
  /** Accounts' display names (identity), for rankings and sign-up lists (shown masked). */
  names(accountIds: string[]): Promise<Map<string, string>>;
  /** The department's name, by code (org). */
  departmentName(code: string): Promise<string | null>;
  /** Tell a place's residents about an item in the app, from the command that makes it (cogov.broadcasts.ts). */
  broadcast: Broadcasts['schedule'];
  notifyAccount(
    tx: Transaction<object> | Kysely<object>,
    input: {
      accountId: string;
      regionCode: string;
      topic: string;
      title: { zh: string; en: string };
      body: { zh: string; en: string };
      link: string | null;
      sourceEventId: string;
    },
    at: Date,
  ): Promise<string | null>;
}

export class CivicContext {
  readonly p: Platform;
  readonly db: CivicDb;
  readonly deps: CivicDeps;
  constructor(p: Platform, deps: CivicDeps) {
    this.p = p;
    this.deps = deps;
    this.db = scoped<CivicTables>(p.db);
  }
}

/** The command's transaction, narrowed to the civic tables. */
export const civicTx = (tx: Transaction<object>): Kysely<CivicTables> => scoped<CivicTables>(tx);
export const actorFor = (p: Principal, origin: RequestOrigin) => principalActor(p, origin);

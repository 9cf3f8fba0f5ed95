/** SQL of 时限监督 (deadlines): the 黄牌/红牌 cards. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { scoped } from '../../platform/db.ts';
import type { Scope } from './supervision.policy.ts';
import type { SupervisionTables } from './supervision.tables.ts';

export type CardColor = 'yellow' | 'red';

export interface DeadlineTables extends SupervisionTables {
  'supervision.deadline_cards': {
    id: string;
    case_id: string;
    case_number: string;
    color: CardColor;
    region_code: string;
    department_code: string;
    item_code: string | null;
    title_zh: string;
    title_en: string;
    branch: string | null;
    state: string;
    holder_account_id: string | null;
    holder_name: string | null;
    deadline_at: Date;
    issued_at: Date;
  };
}

export type CardDb = Kysely<DeadlineTables>;
export type CardRow = Selectable<DeadlineTables['supervision.deadline_cards']>;

export const cardDb = (db: Kysely<object>): CardDb => scoped<DeadlineTables>(db);

/** Issue a card; null when the case already has one of this colour (one of each per case). */
export const insertCard = (db: CardDb, row: Insertable<DeadlineTables['supervision.deadline_cards']>) =>
  db
    .insertInto('supervision.deadline_cards')
    .values(row)
    .onConflict((oc) => oc.columns(['case_id', 'color']).doNothing())
    .returningAll()
    .executeTakeFirst();

export const cardOf = (db: CardDb, caseId: string, color: CardColor) =>
  db
    .selectFrom('supervision.deadline_cards')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('color', '=', color)
    .executeTakeFirst();

/** The cards of these cases (the unique index (case_id, color) serves it). */
export const cardsOfCases = (db: CardDb, caseIds: string[]) =>
  caseIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('supervision.deadline_cards').selectAll().where('case_id', 'in', caseIds).execute();

/** The newest cards in the caller's scope (index (region_code, department_code, issued_at)). */
export const cardsInScope = (db: CardDb, s: Scope, color: CardColor | null, limit: number) =>
  db
    .selectFrom('supervision.deadline_cards')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(s.regions.length ? [eb('region_code', 'in', s.regions)] : []),
        ...s.departments.map((d) =>
          eb.and([eb('region_code', '=', d.regionCode), eb('department_code', '=', d.departmentCode)]),
        ),
      ]),
    )
    .$if(color !== null, (q) => q.where('color', '=', color!))
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

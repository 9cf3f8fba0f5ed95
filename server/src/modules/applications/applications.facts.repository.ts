/** SQL of the case facts statistics read (applications.facts.ts). */
import type { Selectable } from 'kysely';
import type { AppDb } from './applications.repository.ts';
import type { ApplicationsTables } from './applications.tables.ts';

const COLUMNS = [
  'id',
  'region_code',
  'department_code',
  'item_code',
  'item_version',
  'items',
  'channel',
  'status',
  'submitted_at',
  'last_submitted_at',
  'due_at',
  'closed_at',
] as const;

export type FactRow = Pick<Selectable<ApplicationsTables['applications.cases']>, (typeof COLUMNS)[number]>;

export const factsByIds = (db: AppDb, ids: readonly string[]): Promise<FactRow[]> =>
  db.selectFrom('applications.cases').select(COLUMNS).where('id', 'in', ids).execute();

export const factsPage = (db: AppDb, after: string | null, limit: number): Promise<FactRow[]> =>
  db
    .selectFrom('applications.cases')
    .select(COLUMNS)
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();

/** inspections' queries (Kysely; SQL both PGlite and PostgreSQL 15 accept). */
import { sql, type Kysely } from 'kysely';
import type { InspectionsTables, RiskLevel } from './inspections.tables.ts';

export type Db = Kysely<InspectionsTables>;

export const items = (db: Db) =>
  db.selectFrom('inspections.items').selectAll().orderBy('department_code').orderBy('code').execute();
export const itemById = (db: Db, id: string) =>
  db.selectFrom('inspections.items').selectAll().where('id', '=', id).executeTakeFirst();

export interface PoolFilter {
  industries?: string[] | undefined;
  area?: string | undefined;
  riskLevels?: RiskLevel[] | undefined;
}

/** The target pool: active enterprises of the directory matching the filter, by USCC. */
export function targetPool(db: Db, f: PoolFilter) {
  let q = db
    .selectFrom('inspections.entities')
    .select(['uscc', 'risk_level', 'credit_grade'])
    .where('status', '=', '存续');
  if (f.industries?.length) q = q.where('industry', 'in', f.industries);
  if (f.area) q = q.where('area', 'like', `%${f.area.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.riskLevels?.length) q = q.where('risk_level', 'in', f.riskLevels);
  return q.orderBy('uscc').execute();
}

export const inspectorsOf = (db: Db, departments: string[]) =>
  db
    .selectFrom('inspections.inspectors')
    .select(['id', 'department_code'])
    .where('department_code', 'in', departments)
    .orderBy('id')
    .execute();

export const inspectorOfAccount = (db: Db, accountId: string) =>
  db.selectFrom('inspections.inspectors').selectAll().where('account_id', '=', accountId).executeTakeFirst();

/**
 * Conflicts of the pool's inspectors: declared relations, and the enterprises each inspected
 * for the same department since `since` (no inspector checks the same enterprise twice running).
 */
export async function conflictsOf(db: Db, departments: string[], lead: string, since: Date) {
  const declared = await db
    .selectFrom('inspections.relations as r')
    .innerJoin('inspections.inspectors as i', 'i.id', 'r.inspector_id')
    .select(['r.inspector_id', 'r.uscc'])
    .where('i.department_code', 'in', departments)
    .execute();
  const recent = await sql<{ inspector_id: string; uscc: string }>`
    select distinct x.inspector_id, t.uscc
    from inspections.tasks t cross join lateral unnest(t.inspector_ids) as x(inspector_id)
    where t.department_code = ${lead} and t.created_at >= ${since}`.execute(db);
  return [...declared, ...recent.rows];
}

export const drawById = (db: Db, id: string) =>
  db.selectFrom('inspections.draws').selectAll().where('id', '=', id).executeTakeFirst();

export const drawList = (db: Db, limit: number) =>
  db
    .selectFrom('inspections.draws as d')
    .innerJoin('inspections.items as i', 'i.id', 'd.item_id')
    .select([
      'd.id',
      'd.department_code',
      'd.departments',
      'd.pools_hash',
      'd.commitment',
      'd.committed_at',
      'd.drawn_at',
      'i.code as item_code',
      'i.name as item_name',
      'i.name_en as item_name_en',
    ])
    .orderBy('d.committed_at', 'desc')
    .limit(limit)
    .execute();

/** A draw's tasks, in one statement (arrays unnested; a team is sent comma-joined). */
export async function insertTasks(
  db: Db,
  drawId: string,
  department: string,
  at: Date,
  rows: { id: string; uscc: string; inspectors: string[]; short: boolean }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into inspections.tasks (id, draw_id, department_code, uscc, inspector_ids, short, created_at)
    select t.id, ${drawId}, ${department}, t.uscc, string_to_array(t.team, ','), t.short, ${at}
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.uscc)}::text[],
      ${rows.map((r) => r.inspectors.join(','))}::text[], ${rows.map((r) => r.short)}::boolean[]) as t(id, uscc, team, short)`.execute(
    db,
  );
}

export const taskById = (db: Db, id: string) =>
  db.selectFrom('inspections.tasks').selectAll().where('id', '=', id).executeTakeFirst();

export const tasksOfInspector = (db: Db, inspectorId: string) =>
  db
    .selectFrom('inspections.tasks')
    .selectAll()
    .where(sql<boolean>`inspector_ids @> array[${inspectorId}]::text[]`)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();

export const tasksOfEnterprise = (db: Db, uscc: string, publishedOnly: boolean) => {
  let q = db.selectFrom('inspections.tasks').selectAll().where('uscc', '=', uscc);
  if (publishedOnly) q = q.where('published_at', 'is not', null);
  return q.orderBy('created_at', 'desc').limit(200).execute();
};

export const entity = (db: Db, uscc: string) =>
  db.selectFrom('inspections.entities').selectAll().where('uscc', '=', uscc).executeTakeFirst();

export const tasksOfDraw = (db: Db, drawId: string) =>
  db
    .selectFrom('inspections.tasks as t')
    .leftJoin('inspections.entities as e', 'e.uscc', 't.uscc')
    .selectAll('t')
    .select('e.name as enterprise_name')
    .where('t.draw_id', '=', drawId)
    .orderBy('t.uscc')
    .execute();

export const inspectorNames = (db: Db, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('inspections.inspectors')
        .select(['id', 'display_name', 'department_code'])
        .where('id', 'in', [...new Set(ids)])
        .execute();

export const relationsOf = (db: Db, inspectorId: string) =>
  db
    .selectFrom('inspections.relations as r')
    .leftJoin('inspections.entities as e', 'e.uscc', 'r.uscc')
    .select(['r.uscc', 'r.reason', 'r.declared_at', 'e.name'])
    .where('r.inspector_id', '=', inspectorId)
    .orderBy('r.declared_at', 'desc')
    .execute();

/**
 * SQL of consultations (议事协商), their voters and ballots. The voters and the ballots are two
 * tables with nothing in common but the consultation: no query here joins them.
 */
import { type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import { scoped } from '../../platform/db.ts';
import type { CogovTables } from './cogov.tables.ts';

type Db = Kysely<object> | Transaction<object>;
const db = (d: Db) => scoped<CogovTables>(d);

export const insertConsultation = (d: Db, row: Insertable<CogovTables['cogov.consultations']>) =>
  db(d)
    .insertInto('cogov.consultations')
    .values({
      ...row,
      options: JSON.stringify(row.options) as never,
      documents: JSON.stringify(row.documents ?? []) as never,
    })
    .execute();

export const consultationById = (d: Db, id: string, lock: 'update' | 'share' | null = null) => {
  const q = db(d).selectFrom('cogov.consultations').selectAll().where('id', '=', id);
  return (lock === 'update' ? q.forUpdate() : lock === 'share' ? q.forShare() : q).executeTakeFirst();
};

export const updateConsultation = (d: Db, id: string, set: Updateable<CogovTables['cogov.consultations']>) =>
  db(d).updateTable('cogov.consultations').set(set).where('id', '=', id).execute();

/** Consultations of some communities (and the region's city-wide ones), newest closing first. */
export const consultationsPage = (
  d: Db,
  f: { regionCode: string; communityIds: string[] | null; cityWide: boolean; offset: number; limit: number },
) => {
  let q = db(d).selectFrom('cogov.consultations').where('region_code', '=', f.regionCode);
  if (f.communityIds !== null) {
    const ids = f.communityIds.length ? f.communityIds : [''];
    q = q.where((e) =>
      f.cityWide ? e.or([e('community_id', 'in', ids), e('community_id', 'is', null)]) : e('community_id', 'in', ids),
    );
  }
  return Promise.all([
    q.selectAll().orderBy('closes_at', 'desc').orderBy('id').offset(f.offset).limit(f.limit).execute(),
    q.select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
};

// ---- who voted

export const voterOf = (d: Db, consultationId: string, residentId: string) =>
  db(d)
    .selectFrom('cogov.voters')
    .select('commitment')
    .where('consultation_id', '=', consultationId)
    .where('resident_id', '=', residentId)
    .executeTakeFirst();

/** The voter record; undefined when the resident has one already (the unique constraint decides). */
export const insertVoter = (d: Db, row: CogovTables['cogov.voters']) =>
  db(d)
    .insertInto('cogov.voters')
    .values(row)
    .onConflict((oc) => oc.constraint('voters_one_per_resident').doNothing())
    .returning('resident_id')
    .executeTakeFirst();

export const countVoters = async (d: Db, consultationId: string) =>
  Number(
    (
      await db(d)
        .selectFrom('cogov.voters')
        .where('consultation_id', '=', consultationId)
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

// ---- how they voted (the ballot box)

/** A ballot, or the same voter's changed ballot (the receipt derives from their key): the last counts. */
export const upsertBallot = (d: Db, row: { consultation_id: string; receipt: string; choice: string }) =>
  db(d)
    .insertInto('cogov.ballots')
    .values({ ...row, mixed: false })
    .onConflict((oc) => oc.columns(['consultation_id', 'receipt']).doUpdateSet({ choice: row.choice, mixed: false }))
    .execute();

export const countUnmixed = async (d: Db, consultationId: string) =>
  Number(
    (
      await db(d)
        .selectFrom('cogov.ballots')
        .where('consultation_id', '=', consultationId)
        .where('mixed', '=', false)
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Mixing: take the ballots not yet mixed out and put them back in one statement, ordered by
 * receipt (random), marked mixed. Afterwards they share one transaction id (xmin) and their
 * physical order (ctid) is the receipts' order, not the order of casting.
 */
export async function mixBallots(tx: Transaction<object>, consultationId: string): Promise<number> {
  const taken = await db(tx)
    .deleteFrom('cogov.ballots')
    .where('consultation_id', '=', consultationId)
    .where('mixed', '=', false)
    .returning(['receipt', 'choice'])
    .execute();
  if (taken.length === 0) return 0;
  taken.sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));
  for (let i = 0; i < taken.length; i += 5000)
    await db(tx)
      .insertInto('cogov.ballots')
      .values(taken.slice(i, i + 5000).map((b) => ({ consultation_id: consultationId, ...b, mixed: true })))
      .execute();
  return taken.length;
}

export const tally = (d: Db, consultationId: string) =>
  db(d)
    .selectFrom('cogov.ballots')
    .where('consultation_id', '=', consultationId)
    .select(['choice', (e) => e.fn.countAll<string>().as('n')])
    .groupBy('choice')
    .execute();

/** The published ballots, in receipt order, a page at a time (keyset). */
export const ballotsAfter = (d: Db, consultationId: string, after: string, limit: number) =>
  db(d)
    .selectFrom('cogov.ballots')
    .select(['receipt', 'choice'])
    .where('consultation_id', '=', consultationId)
    .where('receipt', '>', after)
    .orderBy('receipt')
    .limit(limit)
    .execute();

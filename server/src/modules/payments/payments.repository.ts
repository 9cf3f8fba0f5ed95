/** All SQL of the payments module (the sandbox provider's own books are in sandbox.ts). */
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { FeeTiming, MismatchKind, OrderStatus, PaymentsTables } from './payments.tables.ts';

export type PayDb = Kysely<PaymentsTables>;
export type OrderRow = Selectable<PaymentsTables['payments.orders']>;
export type TradeRow = Selectable<PaymentsTables['payments.trades']>;
export type MismatchRow = Selectable<PaymentsTables['payments.mismatches']>;

/** Insert an order unless the case already has one at this timing; the new row, or null. */
export async function insertOrder(db: PayDb, row: Insertable<PaymentsTables['payments.orders']>) {
  return (
    (await db
      .insertInto('payments.orders')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'timing']).doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  );
}

export const orderById = (db: PayDb, id: string) =>
  db.selectFrom('payments.orders').selectAll().where('id', '=', id).executeTakeFirst();

export const orderByIdForUpdate = (db: PayDb, id: string) =>
  db.selectFrom('payments.orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const ordersOfCase = (db: PayDb, caseId: string) =>
  db.selectFrom('payments.orders').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();

export const orderOfCase = (db: PayDb, caseId: string, timing: FeeTiming) =>
  db
    .selectFrom('payments.orders')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('timing', '=', timing)
    .executeTakeFirst();

export async function listOrders(
  db: PayDb,
  f: { regionCodes: string[]; status?: OrderStatus | undefined; limit: number; offset: number },
) {
  let q = db.selectFrom('payments.orders').where('region_code', 'in', f.regionCodes);
  if (f.status) q = q.where('status', '=', f.status);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function updateOrder(db: PayDb, id: string, set: Partial<Omit<OrderRow, 'lines'>>) {
  await db.updateTable('payments.orders').set(set).where('id', '=', id).execute();
}

export const nextReceiptSeq = async (db: PayDb): Promise<number> =>
  Number((await sql<{ n: string }>`select nextval('payments.receipt_seq') as n`.execute(db)).rows[0]!.n);

export const orderByReceipt = (db: PayDb, receiptNumber: string) =>
  db.selectFrom('payments.orders').selectAll().where('receipt_number', '=', receiptNumber).executeTakeFirst();

// Trades ------------------------------------------------------------------------------------

export const insertTrade = (db: PayDb, row: Insertable<PaymentsTables['payments.trades']>) =>
  db.insertInto('payments.trades').values(row).execute();

export const tradeByNo = (db: PayDb, tradeNo: string) =>
  db.selectFrom('payments.trades').selectAll().where('trade_no', '=', tradeNo).executeTakeFirst();

export async function settleTrade(
  db: PayDb,
  tradeNo: string,
  status: 'paid' | 'failed',
  by: 'callback' | 'query',
  at: Date,
): Promise<boolean> {
  const res = await db
    .updateTable('payments.trades')
    .set({ status, settled_at: at, settled_by: by })
    .where('trade_no', '=', tradeNo)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export const recordCallback = (db: PayDb, row: Insertable<PaymentsTables['payments.callbacks']>) =>
  db.insertInto('payments.callbacks').values(row).execute();

// Reconciliation ----------------------------------------------------------------------------

/** Orders whose money moved with this provider around a day (paid within it, by the platform's books). */
export const paidOrdersBetween = (db: PayDb, provider: string, from: Date, to: Date) =>
  db
    .selectFrom('payments.orders')
    .selectAll()
    .where('provider', '=', provider)
    .where('paid_at', '>=', from)
    .where('paid_at', '<', to)
    .execute();

export const ordersByTrades = (db: PayDb, tradeNos: string[]) =>
  tradeNos.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('payments.trades')
        .innerJoin('payments.orders', 'payments.orders.id', 'payments.trades.order_id')
        .select([
          'payments.trades.trade_no as tradeNo',
          'payments.trades.status as tradeStatus',
          'payments.orders.id as orderId',
          'payments.orders.order_number as orderNumber',
          'payments.orders.status as orderStatus',
          'payments.orders.amount_fen as amountFen',
          'payments.orders.trade_no as orderTradeNo',
        ])
        .where('payments.trades.trade_no', 'in', tradeNos)
        .execute();

export async function insertMismatch(
  db: PayDb,
  row: Omit<Insertable<PaymentsTables['payments.mismatches']>, 'kind'> & { kind: MismatchKind },
): Promise<boolean> {
  const res = await db
    .insertInto('payments.mismatches')
    .values(row)
    .onConflict((oc) => oc.columns(['provider', 'day', 'trade_no', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function upsertReconciliation(db: PayDb, row: Insertable<PaymentsTables['payments.reconciliations']>) {
  await db
    .insertInto('payments.reconciliations')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['provider', 'day']).doUpdateSet({
        statement_count: row.statement_count,
        order_count: row.order_count,
        mismatch_count: row.mismatch_count,
        run_at: row.run_at,
      }),
    )
    .execute();
}

export async function listMismatches(db: PayDb, f: { open: boolean; limit: number; offset: number }) {
  let q = db.selectFrom('payments.mismatches');
  q = f.open ? q.where('resolved_at', 'is', null) : q.where('resolved_at', 'is not', null);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('found_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export const mismatchById = (db: PayDb, id: string) =>
  db.selectFrom('payments.mismatches').selectAll().where('id', '=', id).executeTakeFirst();

export async function resolveMismatch(db: PayDb, id: string, by: string, note: string, at: Date): Promise<boolean> {
  const res = await db
    .updateTable('payments.mismatches')
    .set({ resolved_at: at, resolved_by: by, resolution_note: note })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

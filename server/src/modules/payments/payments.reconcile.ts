/**
 * Daily reconciliation (对账): the provider's statement for a day against the platform's
 * orders, every mismatch recorded for finance staff (missing on either side, amount or status
 * differing), each resolved with a note. Runs as a durable job each day (for the day before,
 * in the city's time zone) and on demand by finance staff. Re-running a day adds only new
 * mismatches.
 */
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleJob, type Job } from '../../platform/jobs.ts';
import { localDate } from '../../platform/time-zone.ts';
import { inTx, RECONCILE_JOB, type Context, type ReconcileJob } from './payments.context.ts';
import { policy } from './payments.policy.ts';
import * as repo from './payments.repository.ts';
import type { MismatchKind } from './payments.tables.ts';
import { mismatchView } from './payments.views.ts';

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

interface Found {
  tradeNo: string;
  kind: MismatchKind;
  orderId: string | null;
  orderNumber: string | null;
  platformAmountFen: number | null;
  providerAmountFen: number | null;
  platformStatus: string | null;
  providerStatus: string | null;
}

export class Reconciliation {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** Finance staff run a day's reconciliation now. */
  async run(p: Principal | null, day: string, origin: RequestOrigin) {
    const { principal } = policy.finance(p);
    return this.reconcile(day, principalActor(principal, origin));
  }

  async reconcile(day: string, actor: ActorRef) {
    const tz = this.c.deps.timeZone;
    const provider = this.c.provider.name;
    const statement = await this.c.provider.statement(day, tz);
    const nearby = await repo.paidOrdersBetween(
      this.c.db,
      provider,
      new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS),
      new Date(Date.parse(`${day}T00:00:00Z`) + 2 * DAY_MS),
    );
    const orders = nearby.filter((o) => o.paid_at && localDate(o.paid_at, tz) === day && o.trade_no);
    const byTrade = new Map(orders.map((o) => [o.trade_no!, o]));
    const elsewhere = new Map(
      (
        await repo.ordersByTrades(
          this.c.db,
          statement.map((l) => l.tradeNo).filter((t) => !byTrade.has(t)),
        )
      ).map((r) => [r.tradeNo, r]),
    );
    const found: Found[] = [];
    for (const line of statement) {
      const o = byTrade.get(line.tradeNo);
      if (!o) {
        const other = elsewhere.get(line.tradeNo);
        found.push({
          tradeNo: line.tradeNo,
          kind: 'missing_on_platform',
          orderId: other?.orderId ?? null,
          orderNumber: other?.orderNumber ?? line.orderNumber,
          platformAmountFen: other?.amountFen ?? null,
          providerAmountFen: line.amountFen,
          platformStatus: other ? `${other.orderStatus}/${other.tradeStatus}` : null,
          providerStatus: line.status,
        });
        continue;
      }
      const base = {
        tradeNo: line.tradeNo,
        orderId: o.id,
        orderNumber: o.order_number,
        platformAmountFen: o.paid_amount_fen,
        providerAmountFen: line.amountFen,
        platformStatus: o.status,
        providerStatus: line.status,
      };
      if (line.amountFen !== o.paid_amount_fen) found.push({ ...base, kind: 'amount_differs' });
      const platformRefunded = o.status === 'refunded';
      if ((line.status === 'refunded') !== platformRefunded) found.push({ ...base, kind: 'status_differs' });
    }
    const listed = new Set(statement.map((l) => l.tradeNo));
    for (const o of orders)
      if (!listed.has(o.trade_no!))
        found.push({
          tradeNo: o.trade_no!,
          kind: 'missing_at_provider',
          orderId: o.id,
          orderNumber: o.order_number,
          platformAmountFen: o.paid_amount_fen,
          providerAmountFen: null,
          platformStatus: o.status,
          providerStatus: null,
        });
    const added = await command(this.c.p, actor, async (w) => {
      let n = 0;
      for (const f of found) {
        const inserted = await repo.insertMismatch(inTx(w), {
          id: uuidv7(w.now.getTime()),
          provider,
          day,
          trade_no: f.tradeNo,
          kind: f.kind,
          order_id: f.orderId,
          order_number: f.orderNumber,
          platform_amount_fen: f.platformAmountFen,
          provider_amount_fen: f.providerAmountFen,
          platform_status: f.platformStatus,
          provider_status: f.providerStatus,
          found_at: w.now,
          resolved_at: null,
          resolved_by: null,
          resolution_note: null,
        });
        if (inserted) n++;
      }
      await repo.upsertReconciliation(inTx(w), {
        id: uuidv7(w.now.getTime()),
        provider,
        day,
        statement_count: statement.length,
        order_count: orders.length,
        mismatch_count: found.length,
        run_at: w.now,
      });
      await w.audit({
        action: 'payments.reconciliation.run',
        resourceType: 'reconciliation',
        resourceId: `${provider}:${day}`,
        detail: { day, provider, statement: statement.length, orders: orders.length, mismatches: found.length },
      });
      return n;
    });
    return {
      day,
      provider,
      statementCount: statement.length,
      orderCount: orders.length,
      mismatchCount: found.length,
      newMismatches: added,
    };
  }

  /** The daily job: reconcile its day, then schedule the next day's run. */
  async onJob(job: Job<ReconcileJob>): Promise<void> {
    await this.reconcile(job.payload.day, systemActor());
    await this.scheduleFrom(addDays(job.payload.day, 1));
  }

  /** Schedule the run for `day` (once the day is over in the city, with a margin for late callbacks). */
  async scheduleFrom(day: string): Promise<void> {
    await scheduleJob(
      this.c.p.db,
      {
        kind: RECONCILE_JOB,
        key: `payments-reconcile:${this.c.provider.name}:${day}`,
        payload: { day } satisfies ReconcileJob,
        runAt: new Date(Date.parse(`${addDays(day, 1)}T00:00:00Z`) + 18 * 3600_000),
      },
      this.c.p.clock.now(),
    );
  }

  /** Yesterday in the city: where the daily runs start when the server starts. */
  async start(): Promise<void> {
    await this.scheduleFrom(addDays(localDate(this.c.p.clock.now(), this.c.deps.timeZone), -1));
  }

  async mismatches(p: Principal | null, q: { open?: boolean; page?: number; pageSize?: number }) {
    policy.finance(p);
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.listMismatches(this.c.db, {
      open: q.open ?? true,
      limit: pageSize,
      offset: ((q.page ?? 1) - 1) * pageSize,
    });
    return { items: rows.map(mismatchView), total };
  }

  async resolve(p: Principal | null, id: string, note: string, origin: RequestOrigin) {
    const { principal } = policy.finance(p);
    const row = await repo.mismatchById(this.c.db, id);
    if (!row) throw notFound('MISMATCH_NOT_FOUND', 'No such reconciliation mismatch');
    await command(this.c.p, principalActor(principal, origin), async (w) => {
      if (!(await repo.resolveMismatch(inTx(w), id, principal.accountId, note, w.now)))
        throw conflict('MISMATCH_RESOLVED', 'This mismatch has already been resolved');
      await w.audit({
        action: 'payments.mismatch.resolved',
        resourceType: 'reconciliation_mismatch',
        resourceId: id,
        change: { note },
        detail: { day: row.day, tradeNo: row.trade_no, kind: row.kind },
      });
    });
    return mismatchView((await repo.mismatchById(this.c.db, id))!);
  }
}

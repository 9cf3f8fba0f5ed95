/**
 * Payment orders (缴款单): made from the applications module's events at the step the item's
 * fee names (at filing for a fee due before acceptance, at the approval for one due on the
 * decision), read by their payer and by staff, and paid through the provider's hosted page.
 * The applications engine asks `outstanding` before it accepts a case or releases its result.
 */
import { systemActor } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleJob } from '../../platform/jobs.ts';
import type { DomainEvent } from '../../platform/outbox.ts';
import type { CaseChangedPayload } from '../applications/index.ts';
import { formatFen, yuanToFen } from './money.ts';
import { inTx, QUERY_JOB, type Context, type QueryJob } from './payments.context.ts';
import { policy } from './payments.policy.ts';
import * as repo from './payments.repository.ts';
import type { PaymentOrderT } from './payments.schemas.ts';
import type { FeeTiming, OrderLine } from './payments.tables.ts';
import { orderView } from './payments.views.ts';

/** Which workflow action a fee at this timing must be paid before. */
export const GATED_ACTION: Record<FeeTiming, string> = { before_acceptance: 'accept', on_decision: 'complete' };

export interface CaseRef {
  caseId: string;
  items: readonly { code: string; version: number }[];
}

export class Orders {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** The fee lines the case's items charge at this timing (from the versions the case was filed under). */
  async feeLines(items: CaseRef['items'], timing: FeeTiming): Promise<OrderLine[]> {
    const lines: OrderLine[] = [];
    for (const ref of items) {
      const item = await this.c.deps.catalog.resolveItem(ref.code, ref.version);
      for (const fee of item?.data.fees ?? []) {
        if ((fee.timing ?? 'before_acceptance') !== timing) continue;
        const amountFen = yuanToFen(fee.amountYuan);
        if (amountFen > 0) lines.push({ itemCode: ref.code, name: fee.name, amountFen, basis: fee.basis ?? null });
      }
    }
    return lines;
  }

  /**
   * What must still be paid before `action` may be taken on a case (null when nothing): the
   * engine's payment gate. Counted from the catalogue, so a case is held even before its
   * order exists.
   */
  async outstanding(ref: CaseRef, action: string): Promise<{ amountFen: number } | null> {
    const timing = (Object.keys(GATED_ACTION) as FeeTiming[]).find((t) => GATED_ACTION[t] === action);
    if (!timing) return null;
    const lines = await this.feeLines(ref.items, timing);
    if (lines.length === 0) return null;
    const order = await repo.orderOfCase(this.c.db, ref.caseId, timing);
    if (order?.status === 'paid') return null;
    return { amountFen: order?.amount_fen ?? lines.reduce((s, l) => s + l.amountFen, 0) };
  }

  /** `applications.case.changed`: make the order a step asks for. Idempotent (one order per case and timing). */
  async onCaseChanged(e: DomainEvent<CaseChangedPayload>): Promise<void> {
    const ev = e.payload;
    const timing: FeeTiming | null =
      ev.action === 'submit' ? 'before_acceptance' : ev.action === 'approve' && !ev.branch ? 'on_decision' : null;
    if (!timing || !ev.items) return;
    const lines = await this.feeLines(ev.items, timing);
    if (lines.length === 0) return;
    const amountFen = lines.reduce((s, l) => s + l.amountFen, 0);
    const title = {
      zh: `${ev.title.zh}（${lines.map((l) => l.name.zh).join('、')}）`,
      en: `${ev.title.en} (${lines.map((l) => l.name.en).join(', ')})`,
    };
    await command(this.c.p, systemActor(), async (w) => {
      const order = await repo.insertOrder(inTx(w), {
        id: uuidv7(w.now.getTime()),
        order_number: `JK${ev.caseNumber.replace(/-/g, '')}${timing === 'before_acceptance' ? '1' : '2'}`,
        case_id: ev.caseId,
        case_number: ev.caseNumber,
        region_code: ev.regionCode,
        applicant_account_id: ev.applicantAccountId,
        enterprise_id: ev.enterpriseId ?? null,
        payer_masked: ev.applicantNameMasked ?? '—',
        timing,
        title_zh: title.zh,
        title_en: title.en,
        lines: JSON.stringify(lines),
        amount_fen: amountFen,
        provider: this.c.provider.name,
        status: 'unpaid',
        trade_no: null,
        paid_amount_fen: null,
        paid_at: null,
        refund_no: null,
        refunded_at: null,
        refund_reason: null,
        receipt_number: null,
        receipt_code: null,
        // Made at the step that asks for it (a back-dated history's order too).
        created_at: e.createdAt,
        updated_at: e.createdAt,
      });
      if (!order) return;
      await w.audit({
        action: 'payments.order.created',
        resourceType: 'payment_order',
        resourceId: order.id,
        regionCode: ev.regionCode,
        detail: { caseId: ev.caseId, timing, amountFen },
      });
      const when =
        timing === 'before_acceptance'
          ? { zh: '缴费后才能受理', en: 'the case is accepted once it is paid' }
          : { zh: '缴费后发放办理结果', en: 'the result is released once it is paid' };
      await this.c.deps.notifyAccount(
        w.tx,
        {
          accountId: ev.applicantAccountId,
          enterpriseId: ev.enterpriseId ?? null,
          regionCode: ev.regionCode,
          topic: 'payments.order.created',
          title: { zh: `待缴费：${ev.title.zh}`, en: `Fee to pay: ${ev.title.en}` },
          body: {
            zh: `请缴纳 ${formatFen(amountFen)}，${when.zh}。`,
            en: `Please pay ${formatFen(amountFen)}; ${when.en}.`,
          },
          link: `/cases/${ev.caseId}`,
          sourceEventId: `payment-order:${order.id}`,
        },
        w.now,
      );
    });
  }

  /** A case's orders: all of them for staff of its region, the payer's own for the payer, none for anyone else. */
  async ofCase(p: Principal | null, caseId: string): Promise<PaymentOrderT[]> {
    const principal = policy.signedIn(p);
    const rows = await repo.ordersOfCase(this.c.db, caseId);
    return rows.filter((o) => policy.canRead(principal, o)).map(orderView);
  }

  async get(p: Principal | null, id: string): Promise<PaymentOrderT> {
    return orderView(policy.read(p, await repo.orderById(this.c.db, id)));
  }

  /** Finance: the orders of their regions. */
  async list(p: Principal | null, q: { status?: repo.OrderRow['status']; page?: number; pageSize?: number }) {
    const { regions } = policy.finance(p);
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.listOrders(this.c.db, {
      regionCodes: regions,
      status: q.status,
      limit: pageSize,
      offset: ((q.page ?? 1) - 1) * pageSize,
    });
    return { items: rows.map(orderView), total };
  }

  /**
   * Open a trade with the provider and answer its hosted page. The trade is recorded first
   * (so its callback finds it) with a query job for when no callback comes.
   */
  async pay(p: Principal | null, id: string, returnPath: string | undefined, origin: RequestOrigin) {
    const { principal, order } = policy.pay(p, await repo.orderById(this.c.db, id));
    if (!['unpaid', 'paying', 'failed'].includes(order.status))
      throw new AppError(422, 'ORDER_NOT_PAYABLE', 'This order cannot be paid now');
    const tradeNo = `T${uuidv7(this.c.p.clock.now().getTime()).replace(/-/g, '')}`;
    const queryAfterMs = this.c.deps.settings.queryAfterSeconds * 1000;
    await command(this.c.p, principalActor(principal, origin), async (w) => {
      await repo.insertTrade(inTx(w), {
        trade_no: tradeNo,
        order_id: order.id,
        provider: this.c.provider.name,
        amount_fen: order.amount_fen,
        status: 'pending',
        created_at: w.now,
        settled_at: null,
        settled_by: null,
      });
      await repo.updateOrder(inTx(w), order.id, { status: 'paying', trade_no: tradeNo, updated_at: w.now });
      await scheduleJob(
        w.tx,
        {
          kind: QUERY_JOB,
          key: `payments-query:${tradeNo}`,
          payload: { tradeNo } satisfies QueryJob,
          runAt: new Date(w.now.getTime() + queryAfterMs),
          regionCode: order.region_code,
          maxAttempts: 8,
        },
        w.now,
      );
      await w.audit({
        action: 'payments.trade.opened',
        resourceType: 'payment_order',
        resourceId: order.id,
        regionCode: order.region_code,
        detail: { tradeNo, amountFen: order.amount_fen, provider: this.c.provider.name },
      });
    });
    const { payUrl } = await this.c.provider.createTrade({
      tradeNo,
      orderNumber: order.order_number,
      amountFen: order.amount_fen,
      subject: order.title_zh,
      notifyPath: `/api/payments/callbacks/${this.c.provider.name}`,
      returnPath: returnPath ?? `/cases/${order.case_id}`,
    });
    return { payUrl, tradeNo };
  }
}

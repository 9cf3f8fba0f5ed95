/**
 * Mini-app payments through the super app's payment sheet: a signed-in person pays one of an
 * app's own orders (a bill, a top-up) with the platform's payment provider. The platform opens
 * the trade (recorded first, so its signed callback finds it), settles it from the callback, or
 * by asking the provider when no callback came; the app's backend reads the outcome by trade
 * number and checks order number and amount against its own books.
 */
import { systemActor } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { randomToken } from '../../platform/ids.ts';
import { scoped } from '../../platform/db.ts';
import type { PaymentProvider } from '../payments/index.ts';
import type { SuperappContext } from './superapp.context.ts';
import type { BridgePaymentStatus, BridgeTables } from './superapp.bridge.tables.ts';
import { requirePayer, usableApp } from './superapp.bridge.policy.ts';

export interface PaymentRequest {
  orderId: string;
  amountFen: number;
  subject: string;
}

export interface BridgePayment {
  tradeNo: string;
  app: string;
  merchantName: string;
  orderId: string;
  subject: string;
  amountFen: number;
  status: BridgePaymentStatus;
  createdAt: string;
  paidAt: string | null;
}

type Row = BridgeTables['superapp.bridge_payments'];

export const CALLBACK_PREFIX = '/api/superapp/payments/callbacks/';

export class BridgePayments {
  private readonly c: SuperappContext;

  constructor(c: SuperappContext) {
    this.c = c;
  }

  private get db() {
    return scoped<BridgeTables>(this.c.platform.db);
  }

  private provider(): PaymentProvider {
    const provider = this.c.deps.payments?.provider;
    if (!provider) throw new AppError(422, 'SUPERAPP_PAYMENT_UNAVAILABLE', 'No payment provider is configured');
    return provider;
  }

  /** Open (or answer again) the trade paying an app's order; the payer is the signed-in person. */
  async open(
    p: Principal | null,
    slug: string,
    req: PaymentRequest,
    origin: RequestOrigin,
  ): Promise<BridgePayment & { payUrl: string }> {
    const payer = requirePayer(p);
    const app = usableApp(await this.c.directory.bySlug(slug));
    const provider = this.provider();
    const existing = await this.db
      .selectFrom('superapp.bridge_payments')
      .selectAll()
      .where('app_id', '=', app.id)
      .where('merchant_order_no', '=', req.orderId)
      .where('status', '<>', 'failed')
      .executeTakeFirst();
    if (existing) {
      if (existing.account_id !== payer.accountId || existing.amount_fen !== req.amountFen)
        throw new AppError(409, 'SUPERAPP_ORDER_MISMATCH', 'This order is already being paid otherwise');
      if (existing.status === 'paid') throw new AppError(409, 'SUPERAPP_ORDER_ALREADY_PAID', 'Already paid');
      return { ...view(existing, app.slug, app.ownerName), payUrl: existing.pay_url };
    }
    const tradeNo = `SA${randomToken(15)}`;
    const { payUrl } = await provider.createTrade({
      tradeNo,
      orderNumber: `${app.slug}:${req.orderId}`,
      amountFen: req.amountFen,
      subject: `${app.ownerName} · ${req.subject}`,
      notifyPath: `${CALLBACK_PREFIX}${provider.name}`,
      returnPath: null,
    });
    const row = await command(this.c.platform, principalActor(payer, origin), async (w) => {
      const inserted = await scoped<BridgeTables>(w.tx)
        .insertInto('superapp.bridge_payments')
        .values({
          trade_no: tradeNo,
          app_id: app.id,
          account_id: payer.accountId,
          merchant_order_no: req.orderId,
          subject: req.subject,
          amount_fen: req.amountFen,
          provider: provider.name,
          pay_url: payUrl,
          status: 'pending',
          created_at: w.now,
          settled_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await w.audit({
        action: 'superapp.payment.opened',
        resourceType: 'superapp.app',
        resourceId: app.id,
        regionCode: this.c.deps.config.regionCode,
        detail: { tradeNo, amountFen: req.amountFen, provider: provider.name },
      });
      return inserted;
    });
    return { ...view(row, app.slug, app.ownerName), payUrl };
  }

  /**
   * A trade's outcome by its number (what the app's backend checks; no personal data). A trade
   * still pending is asked of the provider, which settles one whose callback never came.
   */
  async get(tradeNo: string): Promise<BridgePayment> {
    let row = await this.row(tradeNo);
    if (!row) throw notFound('SUPERAPP_PAYMENT_NOT_FOUND', 'No such payment');
    if (row.status === 'pending' && this.c.deps.payments?.provider.name === row.provider) {
      const trade = await this.c.deps.payments.provider.query(tradeNo);
      if (trade && (trade.status === 'paid' || trade.status === 'failed') && trade.amountFen === row.amount_fen)
        row = (await this.settle(tradeNo, trade.status)) ?? row;
    }
    const app = await this.c.directory.byId(row.app_id);
    return view(row, app?.slug ?? '', app?.ownerName ?? '');
  }

  /** The provider's signed callback: settles the trade once (a second callback changes nothing). */
  async callback(providerName: string, headers: Record<string, string | string[] | undefined>, body: unknown) {
    const provider = this.provider();
    const notice = provider.name === providerName ? provider.verifyCallback(headers, body) : null;
    if (!notice) throw new AppError(400, 'SUPERAPP_CALLBACK_REJECTED', 'The callback signature is invalid');
    const row = await this.row(notice.tradeNo);
    if (!row) throw notFound('SUPERAPP_PAYMENT_NOT_FOUND', 'No such payment');
    if (notice.amountFen !== row.amount_fen)
      throw new AppError(400, 'SUPERAPP_CALLBACK_REJECTED', 'The callback amount differs from the trade');
    await this.settle(notice.tradeNo, notice.status);
    return { ok: true as const };
  }

  private row(tradeNo: string) {
    return this.db
      .selectFrom('superapp.bridge_payments')
      .selectAll()
      .where('trade_no', '=', tradeNo)
      .executeTakeFirst();
  }

  private async settle(tradeNo: string, status: 'paid' | 'failed'): Promise<Row | undefined> {
    return command(this.c.platform, systemActor(), async (w) => {
      const row = await scoped<BridgeTables>(w.tx)
        .updateTable('superapp.bridge_payments')
        .set({ status, settled_at: w.now })
        .where('trade_no', '=', tradeNo)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (row)
        await w.audit({
          action: `superapp.payment.${status}`,
          resourceType: 'superapp.app',
          resourceId: row.app_id,
          regionCode: this.c.deps.config.regionCode,
          detail: { tradeNo, amountFen: row.amount_fen },
        });
      return row;
    });
  }
}

const view = (r: Row, slug: string, merchantName: string): BridgePayment => ({
  tradeNo: r.trade_no,
  app: slug,
  merchantName,
  orderId: r.merchant_order_no,
  subject: r.subject,
  amountFen: r.amount_fen,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  paidAt: r.status === 'paid' && r.settled_at ? r.settled_at.toISOString() : null,
});

/**
 * The payment-provider interface (统一公共支付 channels). The platform talks to a provider only
 * through this: open a trade and get its hosted pay page, query a trade that never called
 * back, refund, fetch a day's statement for reconciliation, and verify a callback's signature.
 * `sandbox` is built in (sandbox.ts); a real provider is one more class implementing this,
 * chosen by configuration.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../../platform/audit.ts';

export interface TradeRequest {
  tradeNo: string;
  orderNumber: string;
  amountFen: number;
  subject: string;
  /** Where the provider posts its callback (a path on this server). */
  notifyPath: string;
  /** Where the payer's browser goes back to after paying (a path of the citizen app). */
  returnPath: string | null;
}

export type ProviderTradeStatus = 'pending' | 'paid' | 'failed' | 'refunded';

export interface ProviderTrade {
  tradeNo: string;
  amountFen: number;
  status: ProviderTradeStatus;
  paidAt: Date | null;
}

/** One line of a provider's daily statement (对账单): a trade that moved money that day. */
export interface StatementLine {
  tradeNo: string;
  orderNumber: string;
  amountFen: number;
  status: 'paid' | 'refunded';
}

/** What a verified callback says. */
export interface CallbackNotice {
  tradeNo: string;
  orderNumber: string;
  amountFen: number;
  status: 'paid' | 'failed';
}

export interface PaymentProvider {
  readonly name: string;
  /** Open a trade; answers the URL of the provider's hosted pay page. */
  createTrade(req: TradeRequest): Promise<{ payUrl: string }>;
  /** The provider's view of a trade (null when it does not know it). */
  query(tradeNo: string): Promise<ProviderTrade | null>;
  /** Refund a paid trade in full; idempotent by `refundNo`. */
  refund(tradeNo: string, refundNo: string, amountFen: number): Promise<{ ok: boolean }>;
  /** The trades that moved money on `day` (YYYY-MM-DD in `timeZone`), as the provider's books say. */
  statement(day: string, timeZone: string): Promise<StatementLine[]>;
  /** The callback's content when its signature is right; null otherwise. */
  verifyCallback(headers: Record<string, string | string[] | undefined>, body: unknown): CallbackNotice | null;
}

export const SIGNATURE_HEADER = 'x-pay-signature';

/** HMAC-SHA256 (hex) over the canonical JSON of the body (keys sorted), with the provider's secret. */
export const signBody = (secret: string, body: unknown): string =>
  createHmac('sha256', secret).update(canonicalJson(body)).digest('hex');

export function signatureMatches(secret: string, body: unknown, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(signBody(secret, body), 'hex'), Buffer.from(given, 'hex'));
}

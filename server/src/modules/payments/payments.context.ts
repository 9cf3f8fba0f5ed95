/** What every use case of the payments module works with. */
import type { Kysely, Transaction } from 'kysely';
import type { Platform, Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { NotifyInput } from '../notify/index.ts';
import type { PaymentsEvents } from './payments.events.ts';
import type { PayDb } from './payments.repository.ts';
import type { PaymentsTables } from './payments.tables.ts';
import type { PaymentProvider } from './provider.ts';

export interface PaymentsSettings {
  /** The provider's callback secret (HMAC-SHA256). */
  providerSecret: string;
  /** How long after opening a trade the platform asks the provider when no callback came. */
  queryAfterSeconds: number;
}

export interface PaymentsDeps {
  catalog: CatalogService;
  /** notify's direct call: a message in the payer's inbox within our transaction. */
  notifyAccount(tx: Transaction<object> | Kysely<object>, input: NotifyInput, at: Date): Promise<string | null>;
  settings: PaymentsSettings;
  regionCode: string;
  timeZone: string;
  /** Where receipts' QR codes point (the public URL), or null for a path. */
  publicUrl: string | null;
}

export interface Context {
  readonly p: Platform<PaymentsEvents>;
  readonly db: PayDb;
  readonly deps: PaymentsDeps;
  readonly provider: PaymentProvider;
}

export const contextOf = (
  platform: Platform<PaymentsEvents>,
  deps: PaymentsDeps,
  provider: PaymentProvider,
): Context => ({ p: platform, db: scoped<PaymentsTables>(platform.db), deps, provider });

export const inTx = (w: Work<PaymentsEvents>): PayDb => scoped<PaymentsTables>(w.tx);

export const QUERY_JOB = 'payments.query';
export const RECONCILE_JOB = 'payments.reconcile';
export interface QueryJob {
  tradeNo: string;
}
export interface ReconcileJob {
  day: string;
}

/** The payments module's service: its use cases behind the one interface its routes and app.ts call. */
import type { Platform } from '../../platform/context.ts';
import { expose } from '../../platform/module.ts';
import { contextOf, type PaymentsDeps } from './payments.context.ts';
import type { PaymentsEvents } from './payments.events.ts';
import { Orders } from './payments.orders.ts';
import { Receipts } from './payments.receipts.ts';
import { Reconciliation } from './payments.reconcile.ts';
import { Refunds } from './payments.refunds.ts';
import { Settlement } from './payments.settlement.ts';
import type { PaymentProvider } from './provider.ts';

export function paymentsService(platform: Platform<PaymentsEvents>, deps: PaymentsDeps, provider: PaymentProvider) {
  const context = contextOf(platform, deps, provider);
  const orders = new Orders(context);
  const settlement = new Settlement(context);
  const refunds = new Refunds(context);
  const reconciliation = new Reconciliation(context);
  return {
    ...expose(orders, 'outstanding', 'ofCase', 'get', 'list', 'pay'),
    ...expose(settlement, 'callback', 'onQueryJob'),
    ...expose(new Receipts(context), 'pdf', 'verify'),
    ...expose(reconciliation, 'run', 'reconcile', 'mismatches', 'resolve', 'start'),
    onReconcileJob: reconciliation.onJob.bind(reconciliation),
    onCaseOrders: orders.onCaseChanged.bind(orders),
    onCaseClosed: refunds.onCaseChanged.bind(refunds),
  };
}

export type PaymentsService = ReturnType<typeof paymentsService>;

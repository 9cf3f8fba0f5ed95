/**
 * payments — fees and payment (统一公共支付): payment orders made from the applications
 * module's events at the step an item's fee names, a payment-provider interface with the
 * built-in sandbox provider, signed idempotent callbacks, the query job for trades that never
 * called back, refunds when a case is rejected or withdrawn, electronic receipts (PDF), and
 * the daily reconciliation for finance staff.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { defineModule } from '../../platform/module.ts';
import { applicationsEvents, CASE_CHANGED } from '../applications/index.ts';
import { paymentsMigrations } from './migrations/index.ts';
import { QUERY_JOB, RECONCILE_JOB, type PaymentsDeps, type QueryJob, type ReconcileJob } from './payments.context.ts';
import { paymentsErrors } from './payments.errors.ts';
import { paymentsEvents, type PaymentsEvents } from './payments.events.ts';
import { paymentsPermissions } from './payments.policy.ts';
import { paymentsRoutes } from './payments.routes.ts';
import { paymentsService, type PaymentsService } from './payments.service.ts';
import { scoped } from '../../platform/db.ts';
import type { PaymentsTables } from './payments.tables.ts';
import { SandboxProvider } from './sandbox.ts';
import { sandboxRoutes } from './sandbox.routes.ts';

export type { PaymentsService } from './payments.service.ts';
export type { PaymentsDeps, PaymentsSettings } from './payments.context.ts';
export { paymentsEvents, ORDER_PAID, ORDER_REFUNDED, type PaymentsEvents } from './payments.events.ts';
export { fenToCapitals, yuanToFen } from './money.ts';
export type { PaymentProvider } from './provider.ts';

export interface PaymentsApi {
  service: PaymentsService;
  /** The built-in sandbox provider (its books, its hosted page), for the demo and the tests. */
  sandbox: SandboxProvider;
  /**
   * The service and the sandbox on another clock: a seed's back-dated applicants pay their fees
   * at the time they paid them. The sandbox's signed callbacks go to this service's own
   * callback (verified like the route's), so the trade settles on the same clock.
   */
  onClock(clock: Clock): { service: PaymentsService; sandbox: SandboxProvider };
}

export const paymentsModule = defineModule<PaymentsApi, PaymentsDeps, PaymentsEvents>({
  name: 'payments',
  migrations: paymentsMigrations,
  permissions: paymentsPermissions,
  events: paymentsEvents,
  errors: paymentsErrors,
  create(platform, deps) {
    const sandbox = new SandboxProvider(
      scoped<PaymentsTables>(platform.db),
      platform.clock,
      deps.settings.providerSecret,
    );
    const service = paymentsService(platform, deps, sandbox);
    platform.outbox.subscribe(applicationsEvents, CASE_CHANGED, 'payments.case-orders', (e) => service.onCaseOrders(e));
    platform.outbox.subscribe(applicationsEvents, CASE_CHANGED, 'payments.case-closed', (e) => service.onCaseClosed(e));
    platform.jobs.register<QueryJob>(QUERY_JOB, (job) => service.onQueryJob(job));
    platform.jobs.register<ReconcileJob>(RECONCILE_JOB, (job) => service.onReconcileJob(job));
    const routes = paymentsRoutes(service);
    const sandboxPages = sandboxRoutes(sandbox);
    return {
      plugin: async (fastify: FastifyInstance) => {
        await routes(fastify);
        await sandboxPages(fastify);
        fastify.addHook('onReady', async () => {
          await service.start().catch((err: unknown) => platform.log.warn({ err }, 'scheduling reconciliation failed'));
        });
      },
      api: {
        service,
        sandbox,
        onClock(clock) {
          const clocked = new SandboxProvider(scoped<PaymentsTables>(platform.db), clock, deps.settings.providerSecret);
          const clockedService = paymentsService({ ...platform, clock }, deps, clocked);
          clocked.connect(async (_path, body, headers) => {
            await clockedService.callback(clocked.name, headers, body, { requestId: 'seed', ip: null });
            return 200;
          });
          return { service: clockedService, sandbox: clocked };
        },
      },
    };
  },
});

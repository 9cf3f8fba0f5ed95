/**
 * notify — the in-app inbox (站内信) and e-mail over SMTP, made from the events other modules
 * emit (applications.case.changed, applications.case.overdue) or by their direct calls.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { NotifySettings } from '../../config.ts';
import { defineModule } from '../../platform/module.ts';
import { notifyErrors } from './notify.errors.ts';
import { notifyMigrations } from './migrations/index.ts';
import { notifyPermissions } from './notify.policy.ts';
import { notifyRoutes } from './notify.routes.ts';
import { EMAIL_FIELD, NotifyService, type NotifyInput } from './notify.service.ts';

export { NotifyService, type NotifyInput } from './notify.service.ts';

export interface NotifyApi {
  service: NotifyService;
  /**
   * Put a message in an account's inbox within the caller's transaction (and schedule its
   * e-mail when the account wants one). Idempotent by (sourceEventId, accountId): returns the
   * new message's id, or null when that source already told that account.
   */
  notifyAccount(tx: Transaction<object> | Kysely<object>, input: NotifyInput, at: Date): Promise<string | null>;
}

export const notifyModule = defineModule<NotifyApi, { settings: NotifySettings; publicUrl?: string | undefined }>({
  name: 'notify',
  migrations: notifyMigrations,
  permissions: notifyPermissions,
  events: {},
  errors: notifyErrors,
  sealed: [{ table: 'notify.settings', key: ['account_id'], column: 'email_enc', context: EMAIL_FIELD }],
  create(platform, deps) {
    const service = new NotifyService(platform, deps.settings, { publicUrl: deps.publicUrl ?? null });
    service.start();
    const routes = notifyRoutes(service);
    return {
      plugin: async (fastify: FastifyInstance) => {
        fastify.addHook('onClose', async () => service.close());
        await routes(fastify);
      },
      api: { service, notifyAccount: (tx, input, at) => service.notifyAccount(tx, input, at) },
    };
  },
});

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
import { Gateway, smsGatewayOf, type MessageGateway, type TextMessage } from './notify.gateway.ts';
import { devMessagesRoute, notifyRoutes } from './notify.routes.ts';
import { EMAIL_FIELD, NotifyService, type NotifyInput } from './notify.service.ts';

export { NotifyService, type NotifyInput } from './notify.service.ts';
export type { MessageGateway, Recipient, SmsGateway, TextMessage } from './notify.gateway.ts';

export interface NotifyApi {
  service: NotifyService;
  /**
   * Put a message in an account's inbox within the caller's transaction (and schedule its
   * e-mail when the account wants one). Idempotent by (sourceEventId, accountId): returns the
   * new message's id, or null when that source already told that account.
   */
  notifyAccount(tx: Transaction<object> | Kysely<object>, input: NotifyInput, at: Date): Promise<string | null>;
  /** The message gateway: SMS (development sink or a provider) and e-mail over SMTP. */
  gateway: MessageGateway;
  /**
   * A message about a person's account outside the app, now: by SMS to their phone (throws when
   * that fails, so the caller retries), and also by e-mail when the account gave an address
   * (best effort, logged).
   */
  sendToPerson(to: { phone: string; accountId: string | null }, message: TextMessage): Promise<void>;
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
    const log = platform.log.child({ component: 'messages' });
    const sms = smsGatewayOf(deps.settings, { ...platform, log });
    if (sms.kind === 'dev')
      log.warn(
        'SMS goes to the development sink (the log and notify.dev_outbox): set YIWANG_SMS_GATEWAY to send texts',
      );
    const gateway = new Gateway({
      sms,
      mailer: service.smtp,
      signature: deps.settings.smsSignature,
      publicUrl: deps.publicUrl ?? null,
      log,
    });
    const routes = notifyRoutes(service);
    return {
      plugin: async (fastify: FastifyInstance) => {
        fastify.addHook('onClose', async () => service.close());
        await routes(fastify);
        if (deps.settings.devMessagesApi) await devMessagesRoute(platform)(fastify);
      },
      api: {
        service,
        notifyAccount: (tx, input, at) => service.notifyAccount(tx, input, at),
        gateway,
        async sendToPerson(to, message) {
          await gateway.send({ phone: to.phone }, message);
          const email = to.accountId ? await service.emailOf(to.accountId) : null;
          if (email)
            await gateway
              .send({ email }, message)
              .catch((err: unknown) => log.warn({ err }, 'the e-mail copy of a message failed'));
        },
      },
    };
  },
});

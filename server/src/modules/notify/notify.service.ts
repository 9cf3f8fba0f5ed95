/**
 * Notifications: an inbox per account, filled from other modules' events (and by their
 * direct calls), and e-mail for those who gave an address and turned it on.
 *
 * - A message is made once per (source event, account): events arrive at least once.
 * - When the account wants e-mail and SMTP is configured, the message's transaction also
 *   records a pending delivery and schedules a `notify.email` job; the job sends, and
 *   failures retry with backoff through the durable job table.
 * - A mail is sent at most once per message: the delivery is marked `sending` before the
 *   SMTP exchange and `sent` after it. An attempt that finds it still `sending` (a process
 *   stopped mid-send, so the mail may have gone) marks it failed instead of sending again.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Static } from 'typebox';
import type { NotifySettings } from '../../config.ts';
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import type { Principal } from '../../platform/auth.ts';
import { command, type Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleJob, type Job } from '../../platform/jobs.ts';
import { maskEmail } from '../../platform/masking.ts';
import type { DomainEvent } from '../../platform/outbox.ts';
import {
  applicationsEvents,
  CASE_CHANGED,
  CASE_OVERDUE,
  type CaseChangedPayload,
  type CaseOverduePayload,
} from '../applications/index.ts';
import { APPOINTMENT_REMINDER, hallsEvents } from '../halls/index.ts';
import { identityEvents, type IdentityEvents } from '../identity/index.ts';
import { SmtpMailer, type Mailer } from './notify.mail.ts';
import { policy } from './notify.policy.ts';
import * as repo from './notify.repository.ts';
import type { NotifyTables } from './notify.tables.ts';
import {
  accountFrozenMessage,
  appointmentReminderMessage,
  caseChangedMessage,
  passwordRecoveredMessage,
  caseOverdueMessage,
  renderEmail,
  type LocalText,
  type MessageContent,
} from './notify.templates.ts';

/** The field context e-mail addresses are sealed under. */
export const EMAIL_FIELD = 'pii.email';
export const EMAIL_JOB = 'notify.email';
/** About 85 minutes of retries (10 s, 20 s, 40 s ... doubling) before a mail is given up. */
const EMAIL_MAX_ATTEMPTS = 10;

export interface NotifyInput {
  accountId: string;
  /** The enterprise the message is about (its agent reads it while acting for it); absent for a personal one. */
  enterpriseId?: string | null;
  regionCode: string;
  /** What made the message, e.g. `applications.case.changed`. */
  topic: string;
  title: LocalText;
  body: LocalText;
  /** An in-app path (`/cases/<id>`), or null. */
  link: string | null;
  /** The event id or another key unique to what is being told: with the account, at most one message. */
  sourceEventId: string;
}

export interface RequestMeta {
  requestId: string;
  ip: string | null;
}

interface EmailJobPayload {
  messageId: string;
}

/** A practical check of an address people type: ASCII local part and domain, with a dot in the domain. */
const EMAIL_PATTERN =
  /^(?=.{3,254}$)(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Trimmed, with the domain in lower case (the local part is the mail server's to interpret); '' is no address. */
export function normaliseEmail(raw: string): string | null {
  const v = raw.trim();
  if (v === '') return null;
  const at = v.lastIndexOf('@');
  return at < 0 ? v : `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
}
export const isEmail = (v: string): boolean => EMAIL_PATTERN.test(v);

/** The inbox one reads: acting for an enterprise, the messages about it; as oneself, the personal ones. */
const inboxOf = (p: Principal): repo.Inbox => ({
  accountId: p.accountId,
  enterpriseId: p.actingAs?.enterpriseId ?? null,
});

export class NotifyService {
  private readonly p: Platform;
  private readonly db: repo.NotifyDb;
  private readonly mailer: Mailer | null;
  private readonly publicUrl: string | null;

  constructor(
    platform: Platform,
    settings: NotifySettings,
    opts: { publicUrl?: string | null | undefined; mailer?: Mailer | null } = {},
  ) {
    this.p = platform;
    this.db = scoped<NotifyTables>(platform.db);
    this.mailer =
      opts.mailer !== undefined
        ? opts.mailer
        : settings.smtpUrl
          ? new SmtpMailer(settings.smtpUrl, settings.mailFrom)
          : null;
    this.publicUrl = opts.publicUrl ?? null;
  }

  /** Listen to the events notify turns into messages, and (with SMTP) run the e-mail jobs. */
  start(): void {
    // The busiest topic (every submission and step): a delivery round's messages in one transaction.
    this.p.outbox.subscribeMany(applicationsEvents, CASE_CHANGED, 'notify.case-changed', (events) =>
      this.onCasesChanged(events),
    );
    this.p.outbox.subscribe(applicationsEvents, CASE_OVERDUE, 'notify.case-overdue', (e) => this.onCaseOverdue(e));
    this.p.outbox.subscribe(identityEvents, 'identity.account.frozen', 'notify.account-frozen', (e) =>
      this.onAccountFrozen(e),
    );
    this.p.outbox.subscribe(identityEvents, 'identity.password.recovered', 'notify.password-recovered', (e) =>
      this.fromEvent(e, [e.payload.accountId], e.payload.regionCode, passwordRecoveredMessage()),
    );
    this.p.outbox.subscribe(hallsEvents, APPOINTMENT_REMINDER, 'notify.appointment-reminder', (e) =>
      this.fromEvent(e, [e.payload.accountId], e.payload.regionCode, appointmentReminderMessage(e.payload)),
    );
    // Without SMTP no e-mail jobs are scheduled; any left from a configured run wait for a node that has it.
    if (this.mailer) this.p.jobs.register<EmailJobPayload>(EMAIL_JOB, (job) => this.sendEmail(job));
  }

  // ---------------------------------------------------------------- making messages

  /**
   * Put a message in an account's inbox inside the caller's transaction, and when the account
   * wants e-mail (and SMTP is configured) schedule the mail in the same transaction. Idempotent
   * by (sourceEventId, accountId). Returns the new message's id, or null when this source
   * already told this account.
   */
  async notifyAccount(tx: Transaction<object> | Kysely<object>, input: NotifyInput, at: Date): Promise<string | null> {
    if (input.link !== null && !/^\/(?!\/)/.test(input.link))
      throw new Error(`A notification link must be an in-app path, got ${input.link}`);
    const db = scoped<NotifyTables>(tx);
    const id = await repo.insertMessage(db, { id: uuidv7(at.getTime()), ...input, at });
    if (id === null) return null;
    if (this.mailer) {
      const s = await repo.settings(db, input.accountId);
      if (s?.email_enabled && s.email_enc && (await repo.insertDelivery(db, id, at))) {
        await scheduleJob(
          tx,
          {
            kind: EMAIL_JOB,
            key: `${EMAIL_JOB}:${id}`,
            payload: { messageId: id } satisfies EmailJobPayload,
            runAt: at,
            regionCode: input.regionCode,
            maxAttempts: EMAIL_MAX_ATTEMPTS,
          },
          at,
        );
      }
    }
    return id;
  }

  /** Tell each account once about one event (one transaction for all of them). */
  private async fromEvent(
    event: DomainEvent,
    accountIds: readonly string[],
    regionCode: string,
    content: MessageContent,
    enterpriseId: string | null = null,
  ): Promise<void> {
    await this.fromEvents([{ event, accountIds, regionCode, content, enterpriseId }]);
  }

  /** Several events' messages in one transaction (each idempotent by its event and account). */
  private async fromEvents(
    told: readonly {
      event: DomainEvent;
      accountIds: readonly string[];
      regionCode: string;
      content: MessageContent;
      enterpriseId: string | null;
    }[],
  ): Promise<void> {
    await command(this.p, systemActor(), async (w) => {
      for (const { event, accountIds, regionCode, content, enterpriseId } of told) {
        for (const accountId of new Set(accountIds)) {
          await this.notifyAccount(
            w.tx,
            { accountId, enterpriseId, regionCode, topic: event.topic, ...content, sourceEventId: event.id },
            event.createdAt,
          );
        }
      }
    });
  }

  private async onCasesChanged(events: DomainEvent<CaseChangedPayload>[]): Promise<void> {
    await this.fromEvents(
      events.map((event) => {
        const e = event.payload;
        return {
          event,
          accountIds: [e.applicantAccountId],
          regionCode: e.regionCode,
          content: caseChangedMessage(e),
          enterpriseId: e.enterpriseId ?? null,
        };
      }),
    );
  }

  private async onCaseOverdue(event: DomainEvent<CaseOverduePayload>): Promise<void> {
    const e = event.payload;
    if (e.notifyAccountIds.length === 0) return;
    await this.fromEvent(event, e.notifyAccountIds, e.regionCode, caseOverdueMessage(e));
  }

  /** The owner of an ID number hears that an account which had typed it is frozen. */
  private async onAccountFrozen(event: DomainEvent<Static<IdentityEvents['identity.account.frozen']>>): Promise<void> {
    const e = event.payload;
    await this.fromEvent(event, [e.ownerAccountId], e.regionCode, accountFrozenMessage(e));
  }

  // ---------------------------------------------------------------- e-mail

  private async sendEmail(job: Job<EmailJobPayload>): Promise<void> {
    const mailer = this.mailer;
    if (!mailer) throw new Error('SMTP is not configured');
    const { messageId } = job.payload;
    const claim = await command(this.p, systemActor(), async (w) => {
      const db = scoped<NotifyTables>(w.tx);
      const d = await repo.lockDelivery(db, messageId);
      if (!d || d.status === 'sent' || d.status === 'failed' || d.status === 'skipped') return null;
      if (d.status === 'sending') {
        // A previous attempt began the SMTP exchange and never recorded how it ended: the mail may have gone.
        await repo.updateDelivery(
          db,
          messageId,
          { status: 'failed', lastError: 'outcome unknown: an earlier attempt stopped while sending; not sent again' },
          w.now,
        );
        return null;
      }
      const m = await repo.message(db, messageId);
      const s = m ? await repo.settings(db, m.account_id) : undefined;
      if (!m || !s?.email_enabled || !s.email_enc) {
        await repo.updateDelivery(
          db,
          messageId,
          { status: 'skipped', lastError: m ? 'e-mail turned off since' : 'message removed' },
          w.now,
        );
        return null;
      }
      await repo.updateDelivery(db, messageId, { status: 'sending', countAttempt: true }, w.now);
      return { m, emailEnc: s.email_enc };
    });
    if (!claim) return;

    // The address as it is now (the person may have changed it since the message was made).
    const to = this.p.protector.open(claim.emailEnc, EMAIL_FIELD);
    const { m } = claim;
    const mail = renderEmail(
      { title: { zh: m.title_zh, en: m.title_en }, body: { zh: m.body_zh, en: m.body_en }, link: m.link },
      this.publicUrl,
    );
    try {
      await mailer.send({ to, ...mail });
    } catch (err) {
      // SmtpMailer's errors carry masked addresses only.
      const reason = err instanceof Error ? err.message : String(err);
      const last = job.attempts >= job.maxAttempts;
      await repo.updateDelivery(
        this.db,
        messageId,
        { status: last ? 'failed' : 'pending', lastError: reason },
        this.p.clock.now(),
      );
      throw new Error(`e-mail of notification ${messageId} to ${maskEmail(to)} failed: ${reason}`, { cause: err });
    }
    await repo.updateDelivery(
      this.db,
      messageId,
      { status: 'sent', lastError: null, sentAt: this.p.clock.now() },
      this.p.clock.now(),
    );
    this.p.log.info({ messageId, to: maskEmail(to), attempt: job.attempts }, 'notification e-mailed');
  }

  /** The SMTP mailer, when SMTP is configured. */
  get smtp(): Mailer | null {
    return this.mailer;
  }

  /** The e-mail address an account gave (whether or not notices are e-mailed), for messages about the account itself. */
  async emailOf(accountId: string): Promise<string | null> {
    const s = await repo.settings(this.db, accountId);
    return s?.email_enc ? this.p.protector.open(s.email_enc, EMAIL_FIELD) : null;
  }

  /** Close the SMTP connection, if one is open. */
  close(): void {
    this.mailer?.close();
  }

  // ---------------------------------------------------------------- the inbox

  async list(
    p: Principal | null,
    q: { unread?: boolean | undefined; page?: number | undefined; pageSize?: number | undefined },
  ) {
    const principal = policy.own(p);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await repo.listMessages(this.db, inboxOf(principal), {
      unread: q.unread === true,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return {
      items: items.map((r) => ({
        id: r.id,
        title: { zh: r.title_zh, en: r.title_en },
        body: { zh: r.body_zh, en: r.body_en },
        link: r.link,
        createdAt: r.created_at.toISOString(),
        readAt: r.read_at?.toISOString() ?? null,
      })),
      total,
    };
  }

  async unreadCount(p: Principal | null): Promise<{ count: number }> {
    const principal = policy.own(p);
    return { count: await repo.unreadCount(this.db, inboxOf(principal)) };
  }

  /** Mark one of my messages read; another account's message answers as if it did not exist. */
  async markRead(p: Principal | null, id: string, meta: RequestMeta): Promise<void> {
    const principal = policy.own(p);
    const found = await command(this.p, this.actor(principal, meta), (w) =>
      repo.markRead(scoped<NotifyTables>(w.tx), principal.accountId, id, w.now),
    );
    if (!found) throw notFound('NOTIFICATION_NOT_FOUND', 'No such notification');
  }

  async markAllRead(p: Principal | null, meta: RequestMeta): Promise<void> {
    const principal = policy.own(p);
    await command(this.p, this.actor(principal, meta), (w) =>
      repo.markAllRead(scoped<NotifyTables>(w.tx), inboxOf(principal), w.now),
    );
  }

  // ---------------------------------------------------------------- settings

  async settings(p: Principal | null): Promise<{ email: string | null; emailEnabled: boolean }> {
    const principal = policy.own(p);
    const s = await repo.settings(this.db, principal.accountId);
    return {
      email: s?.email_enc ? maskEmail(this.p.protector.open(s.email_enc, EMAIL_FIELD)) : null,
      emailEnabled: s?.email_enabled ?? false,
    };
  }

  /** Set (or forget) my e-mail address and whether notices are e-mailed; audited. Answers masked. */
  async saveSettings(
    p: Principal | null,
    body: { email?: string | null | undefined; emailEnabled: boolean },
    meta: RequestMeta,
  ): Promise<{ email: string | null; emailEnabled: boolean }> {
    const principal = policy.own(p);
    const given = body.email === undefined || body.email === null ? body.email : normaliseEmail(body.email);
    if (typeof given === 'string' && !isEmail(given)) {
      throw validationFailed([{ path: '/email', code: 'INVALID_EMAIL', message: 'This is not an e-mail address' }]);
    }
    const email = await command(this.p, this.actor(principal, meta), async (w) => {
      const db = scoped<NotifyTables>(w.tx);
      const before = await repo.lockSettings(db, principal.accountId);
      const emailBefore = before?.email_enc ? this.p.protector.open(before.email_enc, EMAIL_FIELD) : null;
      const email = given === undefined ? emailBefore : given;
      if (body.emailEnabled && email === null) {
        throw validationFailed([
          {
            path: '/emailEnabled',
            code: 'EMAIL_REQUIRED',
            message: 'Give an e-mail address to receive notices by e-mail',
          },
        ]);
      }
      if (before && emailBefore === email && before.email_enabled === body.emailEnabled) return email;
      await repo.saveSettings(
        db,
        principal.accountId,
        {
          emailEnc: email === null ? null : this.p.protector.seal(email, EMAIL_FIELD),
          emailEnabled: body.emailEnabled,
        },
        w.now,
      );
      await w.audit({
        action: 'notify.settings.updated',
        resourceType: 'notification_settings',
        resourceId: principal.accountId,
        change: { email, emailEnabled: body.emailEnabled },
        detail: { emailEnabled: body.emailEnabled, emailChanged: emailBefore !== email, hasEmail: email !== null },
      });
      return email;
    });
    return { email: email === null ? null : maskEmail(email), emailEnabled: body.emailEnabled };
  }

  private actor(principal: Principal, meta: RequestMeta): ActorRef {
    return { accountId: principal.accountId, kind: principal.kind, requestId: meta.requestId, ip: meta.ip };
  }
}

/**
 * The message gateway: how a short text (a one-time code, a security notice) reaches a person
 * outside the app. Two implementations behind one interface:
 *
 * - **e-mail over SMTP**, the mailer notifications already use (`YIWANG_SMTP_URL`);
 * - **SMS**, itself an interface with a development sink (the log and `notify.dev_outbox`;
 *   nothing leaves the machine) and a provider's HTTP API; which one runs is configuration
 *   (`YIWANG_SMS_GATEWAY`), and another provider is one more class implementing `SmsGateway`.
 *
 * Phones and addresses reach logs and errors masked only.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { NotifySettings } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DataProtector } from '../../platform/crypto.ts';
import { scoped } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskEmail, maskPhone } from '../../platform/masking.ts';
import { PII } from '../../platform/pii.ts';
import type { Mailer } from './notify.mail.ts';
import type { NotifyTables } from './notify.tables.ts';
import { renderEmail, type LocalText } from './notify.templates.ts';

/** Where a message goes: a mobile number (SMS) or an e-mail address. */
export type Recipient = { phone: string } | { email: string };

/** A short message in both languages: SMS carries the Chinese, e-mail both. */
export interface TextMessage {
  subject: LocalText;
  text: LocalText;
}

export interface MessageGateway {
  /** Send now; throws when the channel failed (the caller retries). `false`: the channel is not configured. */
  send(to: Recipient, message: TextMessage): Promise<boolean>;
}

/** A text-message provider: one method, so that a real provider plugs in as one class. */
export interface SmsGateway {
  readonly kind: string;
  send(phone: string, text: string): Promise<void>;
}

/**
 * The development sink: writes the text to the log and to `notify.dev_outbox` (the phone as a
 * blind index and masked), so a developer — or a browser test, through the development-only
 * `GET /api/dev/messages` — can read a code. Nothing is sent.
 */
export class DevSmsSink implements SmsGateway {
  readonly kind = 'dev';
  private readonly db: Kysely<object>;
  private readonly protector: DataProtector;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(deps: { db: Kysely<object>; protector: DataProtector; clock: Clock; log: Logger }) {
    this.db = deps.db;
    this.protector = deps.protector;
    this.clock = deps.clock;
    this.log = deps.log;
  }

  async send(phone: string, text: string): Promise<void> {
    const now = this.clock.now();
    await scoped<NotifyTables>(this.db)
      .insertInto('notify.dev_outbox')
      .values({
        id: uuidv7(now.getTime()),
        channel: 'sms',
        recipient_index: this.protector.blindIndex(phone, PII.phone),
        recipient_masked: maskPhone(phone),
        body: text,
        created_at: now,
      })
      .execute();
    this.log.info({ to: maskPhone(phone), text }, 'SMS (development sink: not sent)');
  }
}

/** A provider's HTTP API: `POST {"phone", "text"}` as JSON with a bearer token; any 2xx is accepted. */
export class HttpSmsGateway implements SmsGateway {
  readonly kind = 'http';
  private readonly url: string;
  private readonly token: string | undefined;

  constructor(url: string, token: string | undefined) {
    this.url = url;
    this.token = token;
  }

  async send(phone: string, text: string): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ phone, text }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new Error(`SMS to ${maskPhone(phone)}: the provider did not answer (${(err as Error).name})`, {
        cause: err,
      });
    }
    await res.body?.cancel();
    if (!res.ok) throw new Error(`SMS to ${maskPhone(phone)}: the provider answered ${res.status}`);
  }
}

/** The SMS gateway the configuration names. */
export function smsGatewayOf(
  settings: NotifySettings,
  deps: { db: Kysely<object>; protector: DataProtector; clock: Clock; log: Logger },
): SmsGateway {
  if (settings.smsGateway === 'http') return new HttpSmsGateway(settings.smsHttpUrl!, settings.smsHttpToken);
  return new DevSmsSink(deps);
}

/** The gateway: phones through the SMS gateway (signed), addresses through SMTP when it is configured. */
export class Gateway implements MessageGateway {
  private readonly sms: SmsGateway;
  private readonly mailer: Mailer | null;
  private readonly signature: string;
  private readonly publicUrl: string | null;
  private readonly log: Logger;

  constructor(opts: {
    sms: SmsGateway;
    mailer: Mailer | null;
    signature: string;
    publicUrl: string | null;
    log: Logger;
  }) {
    this.sms = opts.sms;
    this.mailer = opts.mailer;
    this.signature = opts.signature;
    this.publicUrl = opts.publicUrl;
    this.log = opts.log;
  }

  async send(to: Recipient, message: TextMessage): Promise<boolean> {
    if ('phone' in to) {
      await this.sms.send(to.phone, `${this.signature}${message.text.zh}`);
      return true;
    }
    if (!this.mailer) return false;
    const mail = renderEmail({ title: message.subject, body: message.text, link: null }, this.publicUrl);
    await this.mailer.send({ to: to.email, ...mail });
    this.log.info({ to: maskEmail(to.email) }, 'message e-mailed');
    return true;
  }
}

/**
 * Sending e-mail over SMTP with nodemailer. The transport is made on first use, once, from
 * `smtp://` or `smtps://user:pass@host:port`. Addresses never reach a log unmasked: errors
 * leave this file with every address in them masked.
 */
import { createTransport, type Transporter } from 'nodemailer';
import { maskEmail } from '../../platform/masking.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const ADDRESS = /[^\s<>"'()[\],;:]+@[^\s<>"'()[\],;:]+/g;

/** Mask every e-mail address in a text (an SMTP error often quotes the recipient). */
export const maskAddressesIn = (text: string): string => text.replace(ADDRESS, (a) => maskEmail(a));

/** Why a send failed, in words safe to store and log. */
export function describeMailError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts = [
    typeof e.code === 'string' ? e.code : null,
    typeof e.responseCode === 'number' ? String(e.responseCode) : null,
    typeof e.message === 'string' ? e.message : String(err),
  ].filter((p): p is string => p !== null);
  const text = maskAddressesIn(parts.join(' '));
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}

export class SmtpMailer implements Mailer {
  private transport: Transporter | null = null;
  private readonly url: string;
  private readonly from: string;

  constructor(url: string, from: string) {
    this.url = url;
    this.from = from;
  }

  async send(mail: OutgoingMail): Promise<void> {
    // Short timeouts: a job holds its lease while sending, and a retry is cheap.
    this.transport ??= createTransport({
      url: this.url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    try {
      await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    } catch (err) {
      // The original error (and its response, envelope and rejected list) quotes the recipient: only the masked description leaves.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(describeMailError(err));
    }
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }
}

/**
 * One-time codes sent to a phone: to prove the phone at registration, and to recover a
 * forgotten password. A code is 6 digits, lives 5 minutes, is used once, allows 5 wrong tries,
 * and is stored as a keyed hash (HMAC under the data key) salted with its row's id; only the
 * latest code of a phone and purpose counts. Asking is limited per phone (one a minute for each
 * purpose, a few an hour) and per address.
 *
 * The answers never tell whether a phone has an account: a recovery code is sent only to an
 * active citizen's phone, but the answer, and the work (a code row is written either way), are
 * the same. The text goes out after commit through a durable job (the phone and the text
 * sealed in its payload), to the message gateway the notify module provides.
 */
import { randomInt } from 'node:crypto';
import type { ActorRef } from '../../platform/audit.ts';
import { MINUTE } from '../../platform/clock.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { validationFailed } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleJob, type Job } from '../../platform/jobs.ts';
import { FIELD, phoneProblem, type Context, type RequestMeta } from './identity.context.ts';
import * as repo from './identity.repository.ts';
import type { IdentityTables } from './identity.tables.ts';
import * as throttle from './identity.throttle.ts';

export type CodePurpose = 'register' | 'recover';

interface LocalText {
  zh: string;
  en: string;
}

/** What sends a message to a person outside the app (the notify module's gateway, wired in app.ts). */
export interface Messenger {
  send(
    to: { phone: string; accountId: string | null },
    message: { subject: LocalText; text: LocalText },
  ): Promise<void>;
}

export const CODE_JOB = 'identity.code-message';
const CODE_TTL_MS = 5 * MINUTE;
const CODE_MAX_ATTEMPTS = 5;
const RESEND_SECONDS = 60;
/** The field contexts of what a code job's payload holds sealed. */
const CODE_HASH = 'identity.one-time-code';
const CODE_MESSAGE = 'identity.code-message';

interface CodeJob {
  phone: string;
  accountId: string | null;
  message: string;
  expiresAt: string;
}

const anonymous = (meta: RequestMeta): ActorRef => ({
  accountId: null,
  kind: 'anonymous',
  requestId: meta.requestId,
  ip: meta.ip,
});

function messageOf(purpose: CodePurpose, code: string) {
  if (purpose === 'register')
    return {
      subject: { zh: '一网注册验证码', en: 'Your Yiwang registration code' },
      text: {
        zh: `您正在注册一网，验证码 ${code}，5 分钟内有效。请勿告诉他人。`,
        en: `Your Yiwang registration code is ${code}. It is valid for 5 minutes. Do not share it.`,
      },
    };
  return {
    subject: { zh: '一网找回密码验证码', en: 'Your Yiwang password recovery code' },
    text: {
      zh: `您正在找回一网登录密码，验证码 ${code}，5 分钟内有效。如非本人操作，请忽略本消息。`,
      en: `Your Yiwang password recovery code is ${code}. It is valid for 5 minutes. If you did not ask for it, ignore this message.`,
    },
  };
}

export class Codes {
  private readonly c: Context;
  private messenger: Messenger | null = null;

  constructor(context: Context) {
    this.c = context;
  }

  /** The notify module's gateway (app.ts wires it: identity does not depend on notify). */
  setMessenger(messenger: Messenger): void {
    this.messenger = messenger;
  }

  /**
   * Send a code to a phone. The same answer whether or not the phone has an account; 429
   * RATE_LIMITED when asked too often for the phone (once a minute, a few an hour) or from the address.
   */
  async requestCode(
    input: { phone: string; purpose: CodePurpose },
    meta: RequestMeta,
  ): Promise<{ expiresInSeconds: number; resendInSeconds: number }> {
    const phone = input.phone.trim();
    const bad = phoneProblem('/phone', phone);
    if (bad) throw validationFailed([bad]);
    const pr = this.c.p.protector;
    const phoneIndexes = pr.blindIndexes(phone, FIELD.phone);
    const phoneKey = phoneIndexes[0]!;
    const s = this.c.s;
    await throttle.spend(
      this.c.db,
      [
        // One a minute for each purpose (registering, then recovering at once, is two codes).
        {
          key: `code:phone:${phoneKey}:${input.purpose}`,
          max: 1,
          windowMinutes: RESEND_SECONDS / 60,
          lockMinutes: RESEND_SECONDS / 60,
        },
        { key: `code:phone:${phoneKey}`, max: s.codesPerPhonePerHour, windowMinutes: 60, lockMinutes: 60 },
        { key: `code:ip:${meta.ip ?? 'unknown'}`, max: s.codesPerAddressPerHour, windowMinutes: 60, lockMinutes: 60 },
      ],
      this.c.p.clock.now(),
      '/phone',
    );
    // Recovery codes go to an active citizen's phone only (staff recover through the security admin).
    const account =
      input.purpose === 'recover' ? await repo.findAccountByLogin(this.c.db, { phoneIndex: phoneIndexes }) : undefined;
    const to =
      input.purpose === 'register'
        ? { accountId: null }
        : account && account.kind === 'citizen' && account.status === 'active'
          ? { accountId: account.id }
          : null;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = uuidv7();
    await command(this.c.p, anonymous(meta), async (w) => {
      const expiresAt = new Date(w.now.getTime() + CODE_TTL_MS);
      await repo.insertCode(scoped<IdentityTables>(w.tx), {
        id,
        purpose: input.purpose,
        phone_index: phoneKey,
        account_id: to?.accountId ?? null,
        code_hash: pr.blindIndex(`${id}:${code}`, CODE_HASH),
        created_at: w.now,
        expires_at: expiresAt,
        used_at: null,
        ip: meta.ip,
      });
      if (to) {
        const payload: CodeJob = {
          phone: pr.seal(phone, FIELD.phone),
          accountId: to.accountId,
          message: pr.seal(JSON.stringify(messageOf(input.purpose, code)), CODE_MESSAGE),
          expiresAt: expiresAt.toISOString(),
        };
        await scheduleJob(
          w.tx,
          { kind: CODE_JOB, key: `${CODE_JOB}:${id}`, payload, runAt: w.now, maxAttempts: 3 },
          w.now,
        );
      }
      await w.audit({
        action: 'identity.code.requested',
        resourceType: 'one_time_code',
        resourceId: id,
        detail: { purpose: input.purpose, sent: to !== null },
      });
    });
    this.c.p.jobs.kick();
    return { expiresInSeconds: CODE_TTL_MS / 1000, resendInSeconds: RESEND_SECONDS };
  }

  /** The code job: send the text, unless it has expired meanwhile (then there is nothing to send). */
  async deliver(job: Job<CodeJob>): Promise<void> {
    const p = job.payload;
    if (new Date(p.expiresAt) <= this.c.p.clock.now()) return;
    if (!this.messenger) throw new Error('no message gateway is wired to identity');
    const pr = this.c.p.protector;
    await this.messenger.send(
      { phone: pr.open(p.phone, FIELD.phone), accountId: p.accountId },
      JSON.parse(pr.open(p.message, CODE_MESSAGE)) as { subject: LocalText; text: LocalText },
    );
  }

  /**
   * Use the latest code of a phone and purpose, in the caller's transaction: `ok` once, for the
   * right code in time. A wrong code counts against its tries (the row is updated either way).
   */
  async use(
    tx: repo.IdDb,
    purpose: CodePurpose,
    phoneIndexes: readonly string[],
    code: string,
    now: Date,
  ): Promise<{ ok: true; accountId: string | null } | { ok: false }> {
    const row = await repo.latestCode(tx, purpose, phoneIndexes);
    if (!row || row.used_at || row.expires_at <= now || row.attempts >= CODE_MAX_ATTEMPTS) return { ok: false };
    const hashes = this.c.p.protector.blindIndexes(`${row.id}:${code.trim()}`, CODE_HASH);
    if (!hashes.includes(row.code_hash)) {
      await repo.updateCode(tx, row.id, { attempts: row.attempts + 1 });
      return { ok: false };
    }
    await repo.updateCode(tx, row.id, { used_at: now });
    return { ok: true, accountId: row.account_id };
  }
}

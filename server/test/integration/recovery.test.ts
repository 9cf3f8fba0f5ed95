/**
 * Account recovery and phone ownership (issue 8): one-time codes to a phone (at registration,
 * for a forgotten password) — they expire, are used once, are stored hashed, are throttled,
 * and the answers enumerate no accounts; the message gateway (the development SMS sink, a
 * provider's HTTP API, and an e-mail copy over SMTP); and staff recovery through the security
 * admin, with the second factor enrolled again and a new password before any session.
 */
import { sql } from 'kysely';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResult, NewPasswordRequired, TotpRequired } from '../../../contract/openapi.ts';
import { loadConfig } from '../../src/config.ts';
import { totpCode } from '../../src/modules/identity/totp.ts';
import {
  TEST_PASSWORD,
  client,
  ok,
  createStaff,
  createTestApp,
  errorCode,
  lastText,
  newPerson,
  phoneCode,
  query,
  registerCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';
import { TestSmtp, plainText } from '../smtp.ts';

const smtp = new TestSmtp();
let ctx: TestContext;
beforeAll(async () => {
  await smtp.start();
  ctx = await createTestApp({
    residents: 10,
    config: {
      identity: { codesPerAddressPerHour: 12 },
      notify: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Yiwang 一网 <noreply@yiwang.test>' },
    },
  });
});
afterAll(async () => {
  await ctx.teardown();
  await smtp.stop();
});

let ipSeq = 0;
const freshIp = () => `10.5.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
/** An answer's body as the server wrote it (JSON keeps the order of its keys), less its request ID. */
const withoutRequestId = (answer: { data?: unknown; error?: unknown }) =>
  JSON.stringify(answer.data ?? answer.error).replace(/"requestId":"[^"]+"/, '');
const byId = (id: string) => ({ params: { path: { id } } });
/** The second step a password sign-in asks for (fails the test when it signed in at once). */
function totpStep(result: LoginResult): TotpRequired {
  expect(result.status).toBe('totp_required');
  return result as TotpRequired;
}
const textsTo = async (phone: string) => {
  await ctx.platform.jobs.flush();
  const indexes = ctx.platform.protector.blindIndexes(phone, 'pii.phone');
  return (
    await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from notify.dev_outbox where recipient_index in (${sql.join(indexes)})`,
    )
  )[0]!.n;
};

describe('codes to a phone', () => {
  it('answer the same for a phone with an account and one without; only the account’s phone gets a text', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    ctx.clock.advance(61_000);
    const unknown = newPerson().phone;
    const before = await textsTo(who.phone);
    const a = await client(ctx, freshIp()).POST('/api/auth/phone-codes', {
      body: { phone: who.phone, purpose: 'recover' },
    });
    const b = await client(ctx, freshIp()).POST('/api/auth/phone-codes', {
      body: { phone: unknown, purpose: 'recover' },
    });
    expect(a.response.status).toBe(202);
    expect(b.response.status).toBe(202);
    expect(withoutRequestId(a)).toBe(withoutRequestId(b));
    expect(a.data).toEqual({ expiresInSeconds: 300, resendInSeconds: 60 });
    expect(await textsTo(who.phone)).toBe(before + 1);
    expect(await textsTo(unknown)).toBe(0);
    // Asking again within the minute: the same 429 for both.
    const a2 = await client(ctx, freshIp()).POST('/api/auth/phone-codes', {
      body: { phone: who.phone, purpose: 'recover' },
    });
    const b2 = await client(ctx, freshIp()).POST('/api/auth/phone-codes', {
      body: { phone: unknown, purpose: 'recover' },
    });
    expect([a2.response.status, b2.response.status]).toEqual([429, 429]);
    expect(errorCode(a2)).toBe('RATE_LIMITED');
    expect(withoutRequestId(a2)).toBe(withoutRequestId(b2));
    expect(Number(a2.response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('are stored as a keyed hash, and the text travels sealed until it is sent', async () => {
    const phone = newPerson().phone;
    const c = client(ctx, freshIp());
    const code = await phoneCode(ctx, c, phone, 'register');
    const rows = await query<{ code_hash: string }>(
      ctx,
      sql`select code_hash from identity.one_time_codes order by created_at desc, id desc limit 1`,
    );
    expect(rows[0]!.code_hash).not.toContain(code);
    expect(rows[0]!.code_hash).toMatch(/^[\w-]{20,}$/);
    const jobs = await query<{ payload: unknown }>(
      ctx,
      sql`select payload from platform.jobs where kind = 'identity.code-message' order by created_at desc limit 1`,
    );
    expect(JSON.stringify(jobs[0]!.payload)).not.toContain(code);
    expect(JSON.stringify(jobs[0]!.payload)).not.toContain(phone);
    // The development sink's log of what it "sent" keeps the phone as a blind index and masked.
    const sink = await query<{ recipient_masked: string; body: string }>(
      ctx,
      sql`select recipient_masked, body from notify.dev_outbox order by created_at desc, id desc limit 1`,
    );
    expect(sink[0]!.recipient_masked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(sink[0]!.body).toBe(`【一网】您正在注册一网，验证码 ${code}，5 分钟内有效。请勿告诉他人。`);
  });

  it('registration needs the phone’s code: wrong, another phone’s, expired and used codes are refused', async () => {
    const person = newPerson();
    const c = client(ctx, freshIp());
    const attempt = (phoneCode: string, p = person) =>
      c.POST('/api/auth/register', { body: { ...p, phoneCode, password: TEST_PASSWORD } });
    const code = await phoneCode(ctx, c, person.phone, 'register');
    const wrong = await attempt(code === '000000' ? '000001' : '000000');
    expect(wrong.response.status).toBe(422);
    expect(errorCode(wrong)).toBe('CODE_INVALID');
    expect(wrong.error?.error.details?.[0]?.path).toBe('/phoneCode');
    // a code sent to another phone does not prove this one
    const other = newPerson();
    ctx.clock.advance(1_000);
    const otherCode = await phoneCode(ctx, c, other.phone, 'register');
    expect(errorCode(await attempt(otherCode))).toBe('CODE_INVALID');
    // expired after five minutes
    ctx.clock.advance(5 * 60_000 + 1_000);
    expect(errorCode(await attempt(code))).toBe('CODE_INVALID');
    // a fresh one works, once
    const fresh = await phoneCode(ctx, c, person.phone, 'register');
    expect((await attempt(fresh)).response.status).toBe(201);
    const second = newPerson();
    expect(errorCode(await attempt(fresh, { ...second, phone: person.phone }))).toBe('CODE_INVALID');
    const accounts = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from identity.accounts where display_name = ${person.name} and created_at >= ${new Date(ctx.clock.now().getTime() - 60_000)}`,
    );
    expect(accounts[0]!.n).toBe(1);
  });

  it('a code allows five wrong tries, then not even the right code works', async () => {
    const person = newPerson();
    const c = client(ctx, freshIp());
    const code = await phoneCode(ctx, c, person.phone, 'register');
    const wrongCode = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++)
      expect(
        errorCode(
          await c.POST('/api/auth/register', { body: { ...person, phoneCode: wrongCode, password: TEST_PASSWORD } }),
        ),
      ).toBe('CODE_INVALID');
    const right = await c.POST('/api/auth/register', {
      body: { ...person, phoneCode: code, password: TEST_PASSWORD },
    });
    expect(right.response.status).toBe(422);
    expect(errorCode(right)).toBe('CODE_INVALID');
  });

  it('a phone gets a few codes an hour, an address a dozen', async () => {
    const phone = newPerson().phone;
    const ip = freshIp();
    for (let i = 0; i < ctx.config.identity.codesPerPhonePerHour; i++) {
      const res = await client(ctx, ip).POST('/api/auth/phone-codes', { body: { phone, purpose: 'register' } });
      expect(res.response.status, JSON.stringify(res.error)).toBe(202);
      ctx.clock.advance(61_000);
    }
    const over = await client(ctx, ip).POST('/api/auth/phone-codes', { body: { phone, purpose: 'register' } });
    expect(over.response.status).toBe(429);
    expect(errorCode(over)).toBe('RATE_LIMITED');
    // one address, many phones
    const spray = freshIp();
    const answers: number[] = [];
    for (let i = 0; i < 13; i++)
      answers.push(
        (
          await client(ctx, spray).POST('/api/auth/phone-codes', {
            body: { phone: newPerson().phone, purpose: 'recover' },
          })
        ).response.status,
      );
    expect(answers.slice(0, 12).every((s) => s === 202)).toBe(true);
    expect(answers[12]).toBe(429);
    ctx.clock.advance(61 * 60_000);
  });
});

describe('a forgotten password', () => {
  it('is reset with the code sent to the phone: old password and sessions end, the person is told', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    ctx.clock.advance(61_000);
    const c = client(ctx, freshIp());
    const code = await phoneCode(ctx, c, who.phone, 'recover');
    const newPassword = 'Found#2026again';
    const wrong = await c.POST('/api/auth/password-reset', {
      body: { phone: who.phone, code: code === '000000' ? '000001' : '000000', newPassword },
    });
    expect(wrong.response.status).toBe(422);
    expect(errorCode(wrong)).toBe('CODE_INVALID');
    // A phone without an account answers exactly the same.
    const nobody = await c.POST('/api/auth/password-reset', {
      body: { phone: newPerson().phone, code: '123456', newPassword },
    });
    expect(withoutRequestId(nobody)).toBe(withoutRequestId(wrong));
    // A registration code is not a recovery code.
    ctx.clock.advance(61_000);
    const regCode = await phoneCode(ctx, c, who.phone, 'register');
    expect(
      errorCode(await c.POST('/api/auth/password-reset', { body: { phone: who.phone, code: regCode, newPassword } })),
    ).toBe('CODE_INVALID');

    const done = await c.POST('/api/auth/password-reset', { body: { phone: who.phone, code, newPassword } });
    expect(done.response.status, JSON.stringify(done.error)).toBe(204);
    expect((await who.client.GET('/api/me')).response.status).toBe(401);
    expect(
      (await client(ctx, freshIp()).POST('/api/auth/login', { body: { login: who.phone, password: who.password } }))
        .response.status,
    ).toBe(401);
    const signedIn = client(ctx, freshIp());
    expect(
      (await signedIn.POST('/api/auth/login', { body: { login: who.phone, password: newPassword } })).response.status,
    ).toBe(200);
    // used once
    const again = await c.POST('/api/auth/password-reset', {
      body: { phone: who.phone, code, newPassword: 'Other#2026pass' },
    });
    expect(errorCode(again)).toBe('CODE_INVALID');
    // audited, and told in the inbox
    const audit = await query<{ action: string; detail: unknown }>(
      ctx,
      sql`select action, detail from platform.audit_log where resource_id = ${who.id} and action = 'identity.password.recovered'`,
    );
    expect(audit).toEqual([{ action: 'identity.password.recovered', detail: { channel: 'sms', sessionsEnded: 1 } }]);
    await ctx.platform.outbox.flush();
    const notes = ok(await signedIn.GET('/api/me/notifications')).items;
    expect(notes.map((n) => n.title.zh)).toContain('安全提醒：您的登录密码已重置');
  });

  it('gets a person locked out by guesses back in', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    for (let i = 0; i < ctx.config.identity.loginMaxFailuresPerAccount; i++)
      await client(ctx, freshIp()).POST('/api/auth/login', { body: { login: who.phone, password: `Wrong#${i}x` } });
    expect(
      (await client(ctx, freshIp()).POST('/api/auth/login', { body: { login: who.phone, password: who.password } }))
        .response.status,
    ).toBe(429);
    ctx.clock.advance(61_000);
    const c = client(ctx, freshIp());
    const code = await phoneCode(ctx, c, who.phone, 'recover');
    expect(
      (
        await c.POST('/api/auth/password-reset', {
          body: { phone: who.phone, code, newPassword: 'Back#2026inside' },
        })
      ).response.status,
    ).toBe(204);
    expect(
      (
        await client(ctx, freshIp()).POST('/api/auth/login', {
          body: { login: who.phone, password: 'Back#2026inside' },
        })
      ).response.status,
    ).toBe(200);
  });

  it('is not for staff: a staff member’s phone gets no recovery text', async () => {
    const sysadmin = await signInStaff(ctx, 'sysadmin', freshIp());
    const phone = newPerson().phone;
    await createStaff(ctx, sysadmin, 'phone.staff', { phone });
    const res = await client(ctx, freshIp()).POST('/api/auth/phone-codes', { body: { phone, purpose: 'recover' } });
    expect(res.response.status).toBe(202);
    expect(await textsTo(phone)).toBe(0);
  });

  it('the code is also e-mailed over SMTP when the person gave an address', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    const address = 'recover.me@example.com';
    expect(
      (await who.client.PUT('/api/me/notification-settings', { body: { email: address, emailEnabled: false } }))
        .response.status,
    ).toBe(200);
    ctx.clock.advance(61_000);
    const before = smtp.mails.length;
    const code = await phoneCode(ctx, client(ctx, freshIp()), who.phone, 'recover');
    expect(smtp.mails.length).toBe(before + 1);
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual([address]);
    expect(plainText(mail.raw)).toContain(`验证码 ${code}`);
    expect(plainText(mail.raw)).toContain(`recovery code is ${code}`);
    expect((await lastText(ctx, who.phone)) ?? '').toContain(code);
  });
});

describe('staff recovery through the security admin', () => {
  let secadmin: Client;
  beforeAll(async () => {
    secadmin = await signInStaff(ctx, 'secadmin', freshIp());
  });

  it('resets password and second factor; the next sign-in enrols a factor and sets a new password before any session', async () => {
    const sysadmin = await signInStaff(ctx, 'sysadmin', freshIp());
    const staff = await createStaff(ctx, sysadmin, 'lost.phone');
    const res = await secadmin.POST('/api/admin/accounts/{id}/recovery', byId(staff.accountId));
    expect(res.response.status, JSON.stringify(res.error)).toBe(200);
    const temporary = ok(res).temporaryPassword;
    expect(temporary).toMatch(/^Yw-/);
    expect((await staff.client.GET('/api/me')).response.status).toBe(401);
    expect(
      (
        await client(ctx, freshIp()).POST('/api/auth/login', {
          body: { login: 'lost.phone', password: staff.password },
        })
      ).response.status,
    ).toBe(401);

    const c = client(ctx, freshIp());
    const first = await c.POST('/api/auth/login', { body: { login: 'lost.phone', password: temporary } });
    expect(first.response.status).toBe(200);
    const enrolling = totpStep(ok(first));
    const secret = enrolling.enrol!.secret;
    expect(secret).not.toBe(staff.secret);
    // The old authenticator no longer works.
    ctx.clock.advance(30_000);
    const old = await c.POST('/api/auth/totp', {
      body: { challenge: enrolling.challenge, code: totpCode(staff.secret, ctx.clock.now()) },
    });
    expect(old.response.status).toBe(401);
    const second = await c.POST('/api/auth/totp', {
      body: { challenge: enrolling.challenge, code: totpCode(secret, ctx.clock.now()) },
    });
    expect(second.response.status, JSON.stringify(second.error)).toBe(200);
    expect(ok(second).status).toBe('password_change_required');
    const setCookies = second.response.headers.getSetCookie().map((k) => k.slice(0, k.indexOf('=')));
    expect(setCookies).not.toContain('yw_session');
    expect((await c.GET('/api/me')).response.status).toBe(401);
    const challenge = (ok(second) as NewPasswordRequired).challenge;

    const reused = await c.POST('/api/auth/new-password', { body: { challenge, newPassword: temporary } });
    expect(reused.response.status).toBe(400);
    expect(reused.error?.error.details?.[0]?.code).toBe('PASSWORD_REUSED');
    const weak = await c.POST('/api/auth/new-password', { body: { challenge, newPassword: 'short' } });
    expect(weak.error?.error.details?.[0]?.code).toBe('PASSWORD_WEAK');
    const done = await c.POST('/api/auth/new-password', { body: { challenge, newPassword: 'Mine#2026staff' } });
    expect(done.response.status, JSON.stringify(done.error)).toBe(200);
    expect(ok(done).me.username).toBe('lost.phone');
    expect(ok(await c.GET('/api/me')).totpEnabled).toBe(true);
    // The challenge is spent; the next sign-in is the ordinary one.
    expect(
      (await c.POST('/api/auth/new-password', { body: { challenge, newPassword: 'Again#2026staff' } })).response.status,
    ).toBe(401);
    ctx.clock.advance(30_000);
    const next = client(ctx, freshIp());
    const step = totpStep(
      ok(await next.POST('/api/auth/login', { body: { login: 'lost.phone', password: 'Mine#2026staff' } })),
    );
    expect(step.enrol).toBeUndefined();
    const totp = await next.POST('/api/auth/totp', {
      body: { challenge: step.challenge, code: totpCode(secret, ctx.clock.now()) },
    });
    expect(ok(totp).status).toBe('ok');

    const audit = await query<{ action: string; actor_id: string | null }>(
      ctx,
      sql`select action, actor_id from platform.audit_log where resource_id = ${staff.accountId}
          and action in ('identity.staff.recovered', 'identity.totp.enrolled', 'identity.password.changed') order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'identity.totp.enrolled', // the first enrolment, by the helper
      'identity.staff.recovered',
      'identity.totp.enrolled',
      'identity.password.changed',
    ]);
  });

  it('only the security admin may, never on their own account, and only for staff', async () => {
    const citizen = await registerCitizen(ctx, { ip: freshIp() });
    const target = (
      await query<{ id: string }>(ctx, sql`select id from identity.accounts where username = 'clerk01'`)
    )[0]!.id;
    for (const who of ['sysadmin', 'auditor', 'clerk01'] as const) {
      const c = await signInStaff(ctx, who, freshIp());
      const res = await c.POST('/api/admin/accounts/{id}/recovery', byId(target));
      expect(res.response.status).toBe(403);
    }
    expect((await citizen.client.POST('/api/admin/accounts/{id}/recovery', byId(target))).response.status).toBe(403);
    const own = ok(await secadmin.GET('/api/me')).id;
    expect((await secadmin.POST('/api/admin/accounts/{id}/recovery', byId(own))).response.status).toBe(403);
    const notStaff = await secadmin.POST('/api/admin/accounts/{id}/recovery', byId(citizen.id));
    expect(notStaff.response.status).toBe(404);
    expect(errorCode(notStaff)).toBe('ACCOUNT_NOT_FOUND');
    // clerk01 was not touched
    await signInStaff(ctx, 'clerk01', freshIp());
  });
});

describe('the message gateway', () => {
  it('a provider’s HTTP API receives the text with the bearer token; a failure is retried', async () => {
    const received: { auth: string | undefined; body: { phone: string; text: string } }[] = [];
    let answer = 500;
    const server: Server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(answer).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    const provider = await createTestApp({
      seed: false,
      config: {
        notify: { smsGateway: 'http', smsHttpUrl: url, smsHttpToken: 'provider-token', smsSignature: '【龙港】' },
      },
    });
    try {
      await provider.platform.jobs.stop();
      const phone = newPerson().phone;
      const res = await client(provider, '10.5.9.1').POST('/api/auth/phone-codes', {
        body: { phone, purpose: 'register' },
      });
      expect(res.response.status).toBe(202);
      expect(await provider.platform.jobs.runDue()).toBe(1);
      expect(received).toHaveLength(1); // the provider answered 500: the job will try again
      answer = 200;
      provider.clock.advance(60_000);
      expect(await provider.platform.jobs.runDue()).toBe(1);
      expect(received).toHaveLength(2);
      expect(received[1]!.auth).toBe('Bearer provider-token');
      expect(received[1]!.body.phone).toBe(phone);
      expect(received[1]!.body.text).toMatch(/^【龙港】您正在注册一网，验证码 \d{6}，/);
      // The development sink was not used, and its API does not exist here.
      expect((await query<{ n: number }>(provider, sql`select count(*)::int as n from notify.dev_outbox`))[0]!.n).toBe(
        0,
      );
      // raw: the development messages API is hidden from the contract (a test and demo aid only).
      expect((await client(provider).raw('GET', `/api/dev/messages?phone=${phone}`)).statusCode).toBe(404);
    } finally {
      await provider.teardown();
      server.close();
    }
  });

  it('the development messages API exists only when configured, never with an https public URL', async () => {
    // raw: the development messages API is hidden from the contract (a test and demo aid only).
    expect((await client(ctx).raw('GET', '/api/dev/messages?phone=13900000000')).statusCode).toBe(404);
    expect(() =>
      loadConfig({ publicUrl: 'https://yiwang.example.gov.cn', notify: { devMessagesApi: true } as never }),
    ).toThrow(/never with a public https URL/);
    expect(() => loadConfig({ notify: { smsGateway: 'http' } as never })).toThrow(/YIWANG_SMS_HTTP_URL is required/);
    const dev = await createTestApp({ seed: false, config: { notify: { devMessagesApi: true } } });
    try {
      const phone = newPerson().phone;
      ok(await client(dev, '10.5.9.2').POST('/api/auth/phone-codes', { body: { phone, purpose: 'register' } }));
      await dev.platform.jobs.flush();
      // raw: the development messages API is hidden from the contract (a test and demo aid only).
      const read = await client(dev).raw('GET', `/api/dev/messages?phone=${phone}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().items[0].body).toMatch(/验证码 \d{6}/);
      expect(read.json().items[0].to).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    } finally {
      await dev.teardown();
    }
  });
});

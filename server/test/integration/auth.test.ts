/**
 * Sign-in and sessions: throttling, expiry, revocation, CSRF, the staff second factor,
 * registration rules and cookie flags.
 */
import type {
  AccountStatusBody,
  CreateStaffBody,
  LoginResult,
  PasswordBody,
  RegisterBody,
  TotpRequired,
} from '../../../contract/openapi.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/demo/accounts.ts';
import { totpCode } from '../../src/modules/identity/totp.ts';
import { citizenIdCheckChar } from '../../src/platform/id-numbers.ts';
import {
  client,
  cookieHeader,
  createStaff,
  createTestApp,
  errorCode,
  newPerson,
  ok,
  phoneCode,
  registerCitizen,
  signInStaff,
  TEST_PASSWORD,
  type Answer,
  type Client,
  type TestContext,
} from '../helpers.ts';

const MINUTE = 60_000;

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
});
afterAll(async () => {
  await ctx.teardown();
});

let ipSeq = 0;
/** A fresh client address, so the per-address limit of one test never touches another. */
const freshIp = () => `10.2.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

const withoutRequestId = (body: { error: Record<string, unknown> } | undefined) => {
  const { requestId: _r, ...rest } = body!.error;
  return rest;
};

const login = (c: Client, login: string, password: string) => c.POST('/api/auth/login', { body: { login, password } });
const totp = (c: Client, challenge: string, code: string) => c.POST('/api/auth/totp', { body: { challenge, code } });
/** The account a successful second factor signed in (not a new-password step). */
function sessionMe(answer: Awaited<ReturnType<typeof totp>>) {
  const body = ok(answer);
  if (body.status !== 'ok') throw new Error(`expected a session, got ${body.status}`);
  return body.me;
}

/** Register as the citizen app does: a one-time code to the phone first. */
const register = async (c: Client, body: Omit<RegisterBody, 'phoneCode'>, on: TestContext = ctx) =>
  c.POST('/api/auth/register', { body: { ...body, phoneCode: await phoneCode(on, c, body.phone, 'register') } });
const logout = (c: Client) => c.POST('/api/auth/logout');
const me = (c: Client) => c.GET('/api/me');
const sessions = async (c: Client) => ok(await c.GET('/api/me/sessions')).items;
const endSession = (c: Client, id: string) => c.DELETE('/api/me/sessions/{id}', { params: { path: { id } } });
const changePassword = (c: Client, body: PasswordBody) => c.POST('/api/me/password', { body });
const setStatus = (c: Client, id: string, body: AccountStatusBody) =>
  c.POST('/api/admin/accounts/{id}/status', { params: { path: { id } }, body });
const createStaffAs = (c: Client, body: CreateStaffBody) => c.POST('/api/admin/staff', { body });
/** The password step's answer when it asks for the second factor. */
function totpStep(answer: Answer<LoginResult>): TotpRequired {
  const body = ok(answer);
  if (body.status !== 'totp_required') throw new Error(`expected the second-factor step, got ${body.status}`);
  return body;
}
/** The names of the cookies an answer sets. */
const setCookies = (answer: Answer) => answer.response.headers.getSetCookie();
const cookieNames = (answer: Answer) => setCookies(answer).map((c) => c.slice(0, c.indexOf('=')));

describe('login throttling', () => {
  it('locks a login after 5 wrong passwords, even for the right password, with retry-after', async () => {
    const who = await registerCitizen(ctx);
    const c = client(ctx, freshIp());
    for (let i = 0; i < 5; i++) {
      const res = await login(c, who.phone, `Wrong#${i}pass`);
      expect(res.response.status).toBe(401);
      expect(errorCode(res)).toBe('INVALID_CREDENTIALS');
    }
    const locked = await login(c, who.phone, who.password);
    expect(locked.response.status).toBe(429);
    expect(errorCode(locked)).toBe('LOGIN_THROTTLED');
    const retryAfter = Number(locked.response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(setCookies(locked)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^yw_session=/)]));
    // From another address too: the lock is on the login.
    const elsewhere = await login(client(ctx, freshIp()), who.phone, who.password);
    expect(errorCode(elsewhere)).toBe('LOGIN_THROTTLED');
    // The same person signing in with the ID number is a different login key: allowed.
    const byId = await login(client(ctx, freshIp()), who.idNumber, who.password);
    expect(byId.response.status).toBe(200);
  });

  it('lifts the lock after loginLockMinutes', async () => {
    const who = await registerCitizen(ctx);
    const c = client(ctx, freshIp());
    for (let i = 0; i < 5; i++) await login(c, who.phone, 'Wrong#pass1');
    ctx.clock.advance(14 * MINUTE);
    expect(errorCode(await login(c, who.phone, who.password))).toBe('LOGIN_THROTTLED');
    ctx.clock.advance(MINUTE + 1000);
    const signedIn = await login(c, who.phone, who.password);
    expect(signedIn.response.status, JSON.stringify(signedIn.error)).toBe(200);
    const signedInBody = ok(signedIn);
    expect(signedInBody.status === 'ok' && signedInBody.me.id).toBe(who.id);
  });

  it('answers an unknown login exactly like a wrong password, and throttles it too', async () => {
    const who = await registerCitizen(ctx);
    const ip = freshIp();
    const wrong = await login(client(ctx, ip), who.phone, 'Wrong#pass1');
    const unknown = await login(client(ctx, ip), '13311112222', 'Wrong#pass1');
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(withoutRequestId(unknown.error)).toEqual(withoutRequestId(wrong.error));
    expect(Object.keys(unknown.error!.error).sort()).toEqual(Object.keys(wrong.error!.error).sort());
    const c = client(ctx, freshIp());
    for (let i = 0; i < 4; i++) expect((await login(c, 'nobody.here', 'x')).response.status).toBe(401);
    expect(errorCode(await login(c, 'nobody.here', 'x'))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await login(c, 'nobody.here', 'x'))).toBe('LOGIN_THROTTLED');
    // Login keys are case- and space-insensitive.
    expect(errorCode(await login(c, ' Nobody.Here ', 'x'))).toBe('LOGIN_THROTTLED');
  });

  it('a successful sign-in resets the count of failures of the login', async () => {
    const who = await registerCitizen(ctx);
    const c = client(ctx, freshIp());
    for (let i = 0; i < 4; i++) await login(c, who.phone, 'Wrong#pass1');
    expect((await login(c, who.phone, who.password)).response.status).toBe(200);
    for (let i = 0; i < 4; i++) expect(errorCode(await login(c, who.phone, 'Wrong#pass1'))).toBe('INVALID_CREDENTIALS');
    expect((await login(c, who.phone, who.password)).response.status).toBe(200);
  });
});

describe('per-address limit and cookie flags (an https deployment with a low address limit)', () => {
  let https: TestContext;
  beforeAll(async () => {
    https = await createTestApp({
      seed: false,
      config: {
        publicUrl: 'https://yiwang.example',
        identity: { loginMaxFailuresPerAddress: 3 } as TestContext['config']['identity'],
      },
    });
  });
  afterAll(async () => {
    await https?.teardown();
  });

  it('locks an address after failures across different logins, but not another address', async () => {
    const who = await registerCitizen(https, { ip: '192.0.2.50' });
    const attacker = client(https, '192.0.2.66');
    for (const name of ['alpha.one', 'beta.two', 'gamma.three']) {
      expect(errorCode(await login(attacker, name, 'x'))).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await login(attacker, who.phone, who.password);
    expect(blocked.response.status).toBe(429);
    expect(errorCode(blocked)).toBe('LOGIN_THROTTLED');
    expect(blocked.response.headers.get('retry-after')).toBeTruthy();
    const other = await login(client(https, '192.0.2.77'), who.phone, who.password);
    expect(other.response.status, JSON.stringify(other.error)).toBe(200);
    // The address lock ends too.
    https.clock.advance(16 * MINUTE);
    expect((await login(attacker, who.phone, who.password)).response.status).toBe(200);
  });

  it('sets Secure session cookies when the public URL is https', async () => {
    const c = client(https, '192.0.2.90');
    const res = await register(c, { ...newPerson(), password: TEST_PASSWORD }, https);
    expect(res.response.status).toBe(201);
    const cookies = setCookies(res);
    const session = cookies.find((s) => s.startsWith('yw_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; Path=\//);
    const csrf = cookies.find((s) => s.startsWith('yw_csrf='))!;
    expect(csrf).toMatch(/; Secure/);
    expect(csrf).not.toMatch(/HttpOnly/);
  });

  it('sets HttpOnly, SameSite=Lax and no Secure flag over plain http without a public URL', async () => {
    const c = client(ctx, freshIp());
    const res = await login(c, '13800138000', DEMO_PASSWORD);
    expect(res.response.status).toBe(200);
    const cookies = setCookies(res);
    const session = cookies.find((s) => s.startsWith('yw_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    // the CSRF cookie must be readable by the page's script
    expect(cookies.find((s) => s.startsWith('yw_csrf='))).not.toMatch(/HttpOnly/);
  });
});

describe('session expiry', () => {
  it('ends a session after sessionIdleMinutes without requests', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    ctx.clock.advance(29 * MINUTE);
    expect((await me(c)).response.status).toBe(200);
    ctx.clock.advance(29 * MINUTE);
    expect((await me(c)).response.status).toBe(200);
    ctx.clock.advance(31 * MINUTE);
    const res = await me(c);
    expect(res.response.status).toBe(401);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });

  it('ends an active session after sessionAbsoluteHours', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    // 35 requests 20 minutes apart: 11 h 40 min, still alive.
    for (let i = 0; i < 35; i++) {
      ctx.clock.advance(20 * MINUTE);
      const res = await me(c);
      expect(res.response.status, `after ${(i + 1) * 20} minutes`).toBe(200);
    }
    ctx.clock.advance(20 * MINUTE); // 12 h
    expect((await me(c)).response.status).toBe(401);
    ctx.clock.advance(MINUTE);
    expect((await me(c)).response.status).toBe(401);
  });

  it('I can end one of my other sessions; it disappears from the list', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    const second = client(ctx, freshIp());
    expect((await login(second, who.phone, who.password)).response.status).toBe(200);
    expect(await sessions(second)).toHaveLength(2);
    const firstId = (await sessions(who.client)).find((s) => s.current)!.id;
    expect((await endSession(second, firstId)).response.status).toBe(204);
    const items = (await sessions(second)) as { id: string; current: boolean }[];
    expect(items.map((s) => s.id)).not.toContain(firstId);
    expect(items).toHaveLength(1);
    expect(items[0]!.current).toBe(true);
    expect((await me(who.client)).response.status).toBe(401);
  });
});

describe('revocation', () => {
  it('a password change ends the other sessions; the changing client keeps working', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    const other = client(ctx, freshIp());
    expect((await login(other, who.phone, who.password)).response.status).toBe(200);
    expect((await me(other)).response.status).toBe(200);
    const oldSession = who.client.cookies.get('yw_session');

    const weak = await changePassword(who.client, { currentPassword: who.password, newPassword: 'short' });
    expect(weak.response.status).toBe(400);
    expect(weak.error!.error.details).toContainEqual(
      expect.objectContaining({ path: '/newPassword', code: 'PASSWORD_WEAK' }),
    );
    const wrongCurrent = await changePassword(who.client, {
      currentPassword: 'Not#thePassword1',
      newPassword: 'Another#Pass2026',
    });
    expect(wrongCurrent.response.status).toBe(403);
    expect(errorCode(wrongCurrent)).toBe('PASSWORD_WRONG');
    expect((await me(other)).response.status).toBe(200);

    const changed = await changePassword(who.client, {
      currentPassword: who.password,
      newPassword: 'Another#Pass2026',
    });
    expect(changed.response.status).toBe(204);
    expect(who.client.cookies.get('yw_session')).not.toBe(oldSession);
    expect((await me(who.client)).response.status).toBe(200);
    expect((await me(other)).response.status).toBe(401);
    // the old cookie is dead too
    expect((await ctx.app.inject({ url: '/api/me', cookies: { yw_session: oldSession! } })).statusCode).toBe(401);
    expect(errorCode(await login(client(ctx, freshIp()), who.phone, who.password))).toBe('INVALID_CREDENTIALS');
    expect((await login(client(ctx, freshIp()), who.phone, 'Another#Pass2026')).response.status).toBe(200);
  });

  it('disabling an account ends its sessions; sign-in then says ACCOUNT_DISABLED only for the right password', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    const secadmin = await signInStaff(ctx, 'secadmin', freshIp());
    expect((await me(who.client)).response.status).toBe(200);
    const res = await setStatus(secadmin, who.id, {
      status: 'disabled',
      reason: '冒用身份调查',
    });
    expect(res.response.status, JSON.stringify(res.error)).toBe(204);
    expect((await me(who.client)).response.status).toBe(401);
    const right = await login(client(ctx, freshIp()), who.phone, who.password);
    expect(right.response.status).toBe(403);
    expect(errorCode(right)).toBe('ACCOUNT_DISABLED');
    const wrong = await login(client(ctx, freshIp()), who.phone, 'Wrong#pass1');
    expect(wrong.response.status).toBe(401);
    expect(errorCode(wrong)).toBe('INVALID_CREDENTIALS');
    // enabling again lets the person back in
    expect((await setStatus(secadmin, who.id, { status: 'active', reason: '调查结束' })).response.status).toBe(204);
    expect((await login(client(ctx, freshIp()), who.phone, who.password)).response.status).toBe(200);
  });

  it('disabling a staff account also refuses a pending second-factor step', async () => {
    const secadmin = await signInStaff(ctx, 'secadmin', freshIp());
    const sysadmin = await signInStaff(ctx, 'sysadmin', freshIp());
    const staff = await createStaff(ctx, sysadmin, 'to.be.disabled');
    const c = client(ctx, freshIp());
    const first = await login(c, 'to.be.disabled', staff.password);
    expect(totpStep(first).status).toBe('totp_required');
    expect((await setStatus(secadmin, staff.accountId, { status: 'disabled', reason: '离职' })).response.status).toBe(
      204,
    );
    expect((await me(staff.client)).response.status).toBe(401);
    ctx.clock.advance(30_000);
    const second = await totp(c, totpStep(first).challenge, totpCode(staff.secret, ctx.clock.now()));
    expect(second.response.status).toBe(401);
    expect(errorCode(second)).toBe('CHALLENGE_EXPIRED');
  });

  it('logout ends the session on the server, not only the cookie', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    const token = c.cookies.get('yw_session')!;
    const res = await logout(c);
    expect(res.response.status).toBe(204);
    expect(setCookies(res).some((s) => /^yw_session=;/.test(s))).toBe(true);
    expect((await me(c)).response.status).toBe(401);
    const replay = await ctx.app.inject({ url: '/api/me', cookies: { yw_session: token } });
    expect(replay.statusCode).toBe(401);
    // logging out without a session is harmless
    expect((await logout(client(ctx, freshIp()))).response.status).toBe(204);
  });

  it("ending another account's session answers 404, and the session lives on", async () => {
    const a = await registerCitizen(ctx, { ip: freshIp() });
    const b = await registerCitizen(ctx, { ip: freshIp() });
    const bSession = (await sessions(b.client))[0]!.id;
    const res = await endSession(a.client, bSession);
    expect(res.response.status).toBe(404);
    expect(errorCode(res)).toBe('SESSION_NOT_FOUND');
    const missing = await endSession(a.client, '0192f5a0-0000-7000-8000-000000000000');
    expect(missing.response.status).toBe(404);
    expect(withoutRequestId(missing.error)).toEqual(withoutRequestId(res.error));
    expect((await me(b.client)).response.status).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses a write with a session cookie but no x-csrf-token', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: cookieHeader(c) },
      remoteAddress: '10.3.0.1',
    });
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('CSRF_REJECTED');
    expect((await me(c)).response.status).toBe(200); // not logged out
  });

  it('refuses a write with a wrong token, and with the token of another session', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    const { client: other } = await registerCitizen(ctx, { ip: freshIp() });
    // raw (both): wrong x-csrf-token headers, which the typed client (like the web apps) never sends.
    const wrong = await c.raw('POST', '/api/auth/logout', {}, { 'x-csrf-token': 'not-the-token' });
    expect(wrong.statusCode).toBe(403);
    expect(errorCode(wrong)).toBe('CSRF_REJECTED');
    const foreign = await c.raw('POST', '/api/auth/logout', {}, { 'x-csrf-token': other.cookies.get('yw_csrf')! });
    expect(errorCode(foreign)).toBe('CSRF_REJECTED');
    // a forged yw_csrf cookie matching the header does not help once there is a session
    const forged = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: {
        cookie: `yw_session=${c.cookies.get('yw_session')}; yw_csrf=forged-value`,
        'x-csrf-token': 'forged-value',
      },
    });
    expect(errorCode(forged)).toBe('CSRF_REJECTED');
    expect((await me(c)).response.status).toBe(200);
  });

  it('refuses a sign-in without the double-submit token', async () => {
    const body = { login: '13800138000', password: DEMO_PASSWORD };
    const none = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: body });
    expect(none.statusCode).toBe(403);
    expect(errorCode(none)).toBe('CSRF_REJECTED');
    const headerOnly = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: body,
      headers: { 'x-csrf-token': 'abcdef' },
    });
    expect(errorCode(headerOnly)).toBe('CSRF_REJECTED');
    const mismatch = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: body,
      headers: { 'x-csrf-token': 'abcdef', cookie: 'yw_csrf=ghijkl' },
    });
    expect(errorCode(mismatch)).toBe('CSRF_REJECTED');
    const matched = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: body,
      headers: { 'x-csrf-token': 'abcdef', cookie: 'yw_csrf=abcdef' },
      remoteAddress: freshIp(),
    });
    expect(matched.statusCode).toBe(200);
  });
});

describe('staff second factor (TOTP)', () => {
  it('the password step answers totp_required and sets no session cookie', async () => {
    const c = client(ctx, freshIp());
    const res = await login(c, 'clerk01', DEMO_PASSWORD);
    expect(res.response.status).toBe(200);
    const body = totpStep(res);
    expect(body.status).toBe('totp_required');
    expect(typeof body.challenge).toBe('string');
    expect(body.challenge.length).toBeGreaterThanOrEqual(32);
    expect(body.enrol).toBeUndefined();
    expect('me' in body).toBe(false);
    expect(cookieNames(res)).not.toContain('yw_session');
    expect((await me(c)).response.status).toBe(401);
  });

  it('refuses a wrong code with TOTP_INVALID and then accepts the right one', async () => {
    const c = client(ctx, freshIp());
    const { challenge } = totpStep(await login(c, 'reviewer01', DEMO_PASSWORD));
    ctx.clock.advance(30_000);
    const right = totpCode(DEMO_TOTP_SECRET, ctx.clock.now());
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const bad = await totp(c, challenge, wrong);
    expect(bad.response.status).toBe(401);
    expect(errorCode(bad)).toBe('TOTP_INVALID');
    expect(cookieNames(bad)).not.toContain('yw_session');
    const good = await totp(c, challenge, right);
    expect(good.response.status).toBe(200);
    expect(sessionMe(good).username).toBe('reviewer01');
    expect(ok(await me(c)).roles).toContain('reviewer');
    // the challenge is used up
    expect(errorCode(await totp(client(ctx, freshIp()), challenge, right))).toBe('CHALLENGE_EXPIRED');
  });

  it('counts wrong codes against the login: holding the password does not allow unlimited guesses', async () => {
    const staff = await createStaff(ctx, await signInStaff(ctx, 'sysadmin', freshIp()), 'guess.target');
    const guess = async (c: ReturnType<typeof client>) => {
      const first = await login(c, 'guess.target', staff.password);
      if (first.response.status !== 200) return first;
      const right = totpCode(staff.secret, ctx.clock.now());
      const wrong = String((Number(right) + 123_457) % 1_000_000).padStart(6, '0');
      return totp(c, totpStep(first).challenge, wrong);
    };
    // Five wrong codes over five fresh challenges from five addresses ...
    for (let i = 0; i < 5; i++) expect(errorCode(await guess(client(ctx, freshIp())))).toBe('TOTP_INVALID');
    // ... and even the right password is now refused for a while.
    const locked = await guess(client(ctx, freshIp()));
    expect(locked.response.status).toBe(429);
    expect(errorCode(locked)).toBe('LOGIN_THROTTLED');
    ctx.clock.advance(16 * MINUTE);
    const again = client(ctx, freshIp());
    const first = await login(again, 'guess.target', staff.password);
    expect(first.response.status).toBe(200);
    const signedIn = await totp(again, totpStep(first).challenge, totpCode(staff.secret, ctx.clock.now()));
    expect(signedIn.response.status, JSON.stringify(signedIn.error)).toBe(200);
  });

  it('refuses a code reused within its time step', async () => {
    ctx.clock.advance(30_000);
    const code = totpCode(DEMO_TOTP_SECRET, ctx.clock.now());
    const a = client(ctx, freshIp());
    const first = totpStep(await login(a, 'approver01', DEMO_PASSWORD));
    expect((await totp(a, first.challenge, code)).response.status).toBe(200);
    const b = client(ctx, freshIp());
    const second = totpStep(await login(b, 'approver01', DEMO_PASSWORD));
    const replay = await totp(b, second.challenge, code);
    expect(replay.response.status).toBe(401);
    expect(errorCode(replay)).toBe('TOTP_INVALID');
    // the code of an earlier step is refused too (it is still inside the drift window)
    const earlier = totpCode(DEMO_TOTP_SECRET, new Date(ctx.clock.now().getTime() - 30_000));
    expect(errorCode(await totp(b, second.challenge, earlier))).toBe('TOTP_INVALID');
    ctx.clock.advance(30_000);
    expect((await totp(b, second.challenge, totpCode(DEMO_TOTP_SECRET, ctx.clock.now()))).response.status).toBe(200);
  });

  it('expires the challenge after 5 minutes', async () => {
    const c = client(ctx, freshIp());
    const { challenge } = totpStep(await login(c, 'supervisor01', DEMO_PASSWORD));
    ctx.clock.advance(5 * MINUTE + 1000);
    const res = await totp(c, challenge, totpCode(DEMO_TOTP_SECRET, ctx.clock.now()));
    expect(res.response.status).toBe(401);
    expect(errorCode(res)).toBe('CHALLENGE_EXPIRED');
  });

  it('kills the challenge after 5 wrong codes', async () => {
    const c = client(ctx, freshIp());
    const { challenge } = totpStep(await login(c, 'operator01', DEMO_PASSWORD));
    ctx.clock.advance(30_000);
    const right = totpCode(DEMO_TOTP_SECRET, ctx.clock.now());
    for (let i = 1; i <= 5; i++) {
      const wrong = String((Number(right) + i * 111_111) % 1_000_000).padStart(6, '0');
      expect(errorCode(await totp(c, challenge, wrong))).toBe('TOTP_INVALID');
    }
    const res = await totp(c, challenge, right);
    expect(res.response.status).toBe(401);
    expect(errorCode(res)).toBe('CHALLENGE_EXPIRED');
  });

  it('refuses an invented challenge', async () => {
    const res = await totp(client(ctx, freshIp()), 'x'.repeat(43), '123456');
    expect(res.response.status).toBe(401);
    expect(errorCode(res)).toBe('CHALLENGE_EXPIRED');
  });

  it('a new staff account enrols its second factor at first sign-in', async () => {
    const sysadmin = await signInStaff(ctx, 'sysadmin', freshIp());
    const created = await createStaffAs(sysadmin, {
      username: 'new.clerk',
      displayName: '新同事',
      regionCode: '330383',
    });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const { accountId, initialPassword } = ok(created);
    expect(initialPassword).toMatch(/^Yw-/);
    expect(
      errorCode(await createStaffAs(sysadmin, { username: 'new.clerk', displayName: '重名', regionCode: '330383' })),
    ).toBe('USERNAME_TAKEN');

    const c = client(ctx, freshIp());
    const first = await login(c, 'new.clerk', initialPassword);
    expect(first.response.status).toBe(200);
    const body = totpStep(first);
    expect(body.status).toBe('totp_required');
    expect(body.enrol!.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.enrol!.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(body.enrol!.otpauthUri).toContain(`secret=${body.enrol!.secret}`);
    ctx.clock.advance(30_000);
    // a wrong code does not enrol
    const right = totpCode(body.enrol!.secret, ctx.clock.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(errorCode(await totp(c, body.challenge, wrong))).toBe('TOTP_INVALID');
    const signedIn = await totp(c, body.challenge, right);
    expect(signedIn.response.status, JSON.stringify(signedIn.error)).toBe(200);
    expect(sessionMe(signedIn).id).toBe(accountId);
    expect(sessionMe(signedIn).totpEnabled).toBe(true);
    // The next sign-in no longer offers enrolment, and the demo secret does not fit this account.
    const again = totpStep(await login(client(ctx, freshIp()), 'new.clerk', initialPassword));
    expect(again.status).toBe('totp_required');
    expect(again.enrol).toBeUndefined();
  });
});

describe('registration', () => {
  const first17 = '33038319900101123';
  const good = first17 + citizenIdCheckChar(first17);

  it('registers a citizen at assurance level "registered", signed in', async () => {
    const p = newPerson();
    const c = client(ctx, freshIp());
    const res = await register(c, {
      name: '林小雨',
      idNumber: good,
      phone: p.phone,
      password: TEST_PASSWORD,
    });
    expect(res.response.status, JSON.stringify(res.error)).toBe(201);
    const account = ok(res).me;
    expect(ok(res).status).toBe('ok');
    expect(account.kind).toBe('citizen');
    expect(account.assuranceLevel).toBe('registered');
    expect(account.roles).toEqual(['citizen']);
    expect(account.displayName).toBe('林小雨');
    expect(account.idNumberMasked).toBe(`330383********${good.slice(-4)}`);
    expect(account.phoneMasked).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`);
    expect(JSON.stringify(res.data)).not.toContain(good);
    expect(JSON.stringify(res.data)).not.toContain(p.phone);
    expect(ok(await me(c)).id).toBe(account.id);
    // and can sign in with the ID number as login
    expect((await login(client(ctx, freshIp()), good, TEST_PASSWORD)).response.status).toBe(200);
  });

  const refusal = async (input: Record<string, string>, path: string, code: string) => {
    const p = newPerson();
    // Checked before the code: a code from the phone would not make a bad request good.
    const res = await client(ctx, freshIp()).POST('/api/auth/register', {
      body: {
        name: '林小雨',
        idNumber: p.idNumber,
        phone: p.phone,
        phoneCode: '000000',
        password: TEST_PASSWORD,
        ...input,
      },
    });
    expect(res.response.status, JSON.stringify(res.error)).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect(res.error!.error.details).toContainEqual(expect.objectContaining({ path, code }));
    expect(cookieNames(res)).not.toContain('yw_session');
  };

  it('refuses a wrong check character', async () => {
    const wrongCheck = first17 + (citizenIdCheckChar(first17) === '0' ? '1' : '0');
    await refusal({ idNumber: wrongCheck }, '/idNumber', 'ID_NUMBER_CHECKSUM');
  });

  it('refuses an impossible birth date', async () => {
    const f = '33038319901332123';
    await refusal({ idNumber: f + citizenIdCheckChar(f) }, '/idNumber', 'ID_NUMBER_DATE');
    const feb30 = '33038320010230123';
    await refusal({ idNumber: feb30 + citizenIdCheckChar(feb30) }, '/idNumber', 'ID_NUMBER_DATE');
  });

  it('refuses a birth date in the future (of the injected clock)', async () => {
    const f = '33038320270101123'; // the test clock is in November 2026
    await refusal({ idNumber: f + citizenIdCheckChar(f) }, '/idNumber', 'ID_NUMBER_DATE');
  });

  it('judges "born in the future" by the injected clock, not the machine clock', async () => {
    // Born tomorrow (China time) by the machine clock, but the platform clock is three days later.
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 24 * 3_600_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    ctx.clock.set(new Date(Math.max(ctx.clock.now().getTime(), Date.now()) + 3 * 24 * 3_600_000));
    const f = `330383${tomorrow}124`;
    const res = await register(client(ctx, freshIp()), {
      name: '林宝宝',
      idNumber: f + citizenIdCheckChar(f),
      phone: newPerson().phone,
      password: TEST_PASSWORD,
    });
    expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  });

  it('refuses a wrong length', async () => {
    await refusal({ idNumber: first17 }, '/idNumber', 'ID_NUMBER_LENGTH');
    await refusal({ idNumber: '330383900101123' }, '/idNumber', 'ID_NUMBER_LENGTH');
  });

  it('refuses a weak password, a bad phone and a bad name, all at once', async () => {
    await refusal({ password: 'password' }, '/password', 'PASSWORD_WEAK');
    await refusal({ password: 'Ab1!' }, '/password', 'PASSWORD_WEAK');
    await refusal({ phone: '12345' }, '/phone', 'PHONE_FORMAT');
    await refusal({ name: '<script>' }, '/name', 'NAME_FORMAT');
  });

  it('refuses a second account for a verified ID number or any used phone with 409 ACCOUNT_EXISTS', async () => {
    const first = await registerCitizen(ctx, { ip: freshIp() });
    ctx.clock.advance(61_000); // a phone is sent one code a minute
    const dupPhone = await register(client(ctx, freshIp()), {
      name: '林小雨',
      idNumber: newPerson().idNumber,
      phone: first.phone,
      password: TEST_PASSWORD,
    });
    expect(dupPhone.response.status).toBe(409);
    expect(errorCode(dupPhone)).toBe('ACCOUNT_EXISTS');
    // An unverified account does not own the ID number it typed: its owner may still register (takeover.test.ts).
    const shared = await register(client(ctx, freshIp()), {
      name: '林小雨',
      idNumber: first.idNumber.toLowerCase(),
      phone: newPerson().phone,
      password: TEST_PASSWORD,
    });
    expect(shared.response.status).toBe(201);
    // Once one holder is verified, the ID number is theirs alone.
    const clerk = await signInStaff(ctx, 'clerk01', freshIp());
    const verified = await clerk.POST('/api/admin/accounts/{id}/verify-in-person', {
      params: { path: { id: first.id } },
    });
    expect(verified.response.status).toBe(204);
    const dupId = await register(client(ctx, freshIp()), {
      name: '林小雨',
      idNumber: first.idNumber.toLowerCase(),
      phone: newPerson().phone,
      password: TEST_PASSWORD,
    });
    expect(dupId.response.status).toBe(409);
    expect(errorCode(dupId)).toBe('ACCOUNT_EXISTS');
  });
});

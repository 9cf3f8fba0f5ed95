/**
 * Sign-in and sessions: throttling, expiry, revocation, CSRF, the staff second factor,
 * registration rules and cookie flags.
 */
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
  registerCitizen,
  signInStaff,
  TEST_PASSWORD,
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

const withoutRequestId = (body: { error: Record<string, unknown> }) => {
  const { requestId: _r, ...rest } = body.error;
  return rest;
};

describe('login throttling', () => {
  it('locks a login after 5 wrong passwords, even for the right password, with retry-after', async () => {
    const who = await registerCitizen(ctx);
    const c = client(ctx, freshIp());
    for (let i = 0; i < 5; i++) {
      const res = await c.post('/api/auth/login', { login: who.phone, password: `Wrong#${i}pass` });
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('INVALID_CREDENTIALS');
    }
    const locked = await c.post('/api/auth/login', { login: who.phone, password: who.password });
    expect(locked.statusCode).toBe(429);
    expect(errorCode(locked)).toBe('LOGIN_THROTTLED');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^yw_session=/)]),
    );
    // From another address too: the lock is on the login.
    const elsewhere = await client(ctx, freshIp()).post('/api/auth/login', {
      login: who.phone,
      password: who.password,
    });
    expect(errorCode(elsewhere)).toBe('LOGIN_THROTTLED');
    // The same person signing in with the ID number is a different login key: allowed.
    const byId = await client(ctx, freshIp()).post('/api/auth/login', { login: who.idNumber, password: who.password });
    expect(byId.statusCode).toBe(200);
  });

  it('lifts the lock after loginLockMinutes', async () => {
    const who = await registerCitizen(ctx);
    const c = client(ctx, freshIp());
    for (let i = 0; i < 5; i++) await c.post('/api/auth/login', { login: who.phone, password: 'Wrong#pass1' });
    ctx.clock.advance(14 * MINUTE);
    expect(errorCode(await c.post('/api/auth/login', { login: who.phone, password: who.password }))).toBe(
      'LOGIN_THROTTLED',
    );
    ctx.clock.advance(MINUTE + 1000);
    const ok = await c.post('/api/auth/login', { login: who.phone, password: who.password });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().me.id).toBe(who.id);
  });

  it('answers an unknown login exactly like a wrong password, and throttles it too', async () => {
    const who = await registerCitizen(ctx);
    const ip = freshIp();
    const wrong = await client(ctx, ip).post('/api/auth/login', { login: who.phone, password: 'Wrong#pass1' });
    const unknown = await client(ctx, ip).post('/api/auth/login', { login: '13311112222', password: 'Wrong#pass1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(withoutRequestId(unknown.json())).toEqual(withoutRequestId(wrong.json()));
    expect(Object.keys(unknown.json().error).sort()).toEqual(Object.keys(wrong.json().error).sort());
    const c = client(ctx, freshIp());
    for (let i = 0; i < 4; i++)
      expect((await c.post('/api/auth/login', { login: 'nobody.here', password: 'x' })).statusCode).toBe(401);
    expect(errorCode(await c.post('/api/auth/login', { login: 'nobody.here', password: 'x' }))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(errorCode(await c.post('/api/auth/login', { login: 'nobody.here', password: 'x' }))).toBe('LOGIN_THROTTLED');
    // Login keys are case- and space-insensitive.
    expect(errorCode(await c.post('/api/auth/login', { login: ' Nobody.Here ', password: 'x' }))).toBe(
      'LOGIN_THROTTLED',
    );
  });

  it('a successful sign-in resets the count of failures of the login', async () => {
    const who = await registerCitizen(ctx);
    const c = client(ctx, freshIp());
    for (let i = 0; i < 4; i++) await c.post('/api/auth/login', { login: who.phone, password: 'Wrong#pass1' });
    expect((await c.post('/api/auth/login', { login: who.phone, password: who.password })).statusCode).toBe(200);
    for (let i = 0; i < 4; i++)
      expect(errorCode(await c.post('/api/auth/login', { login: who.phone, password: 'Wrong#pass1' }))).toBe(
        'INVALID_CREDENTIALS',
      );
    expect((await c.post('/api/auth/login', { login: who.phone, password: who.password })).statusCode).toBe(200);
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
    for (const login of ['alpha.one', 'beta.two', 'gamma.three']) {
      expect(errorCode(await attacker.post('/api/auth/login', { login, password: 'x' }))).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await attacker.post('/api/auth/login', { login: who.phone, password: who.password });
    expect(blocked.statusCode).toBe(429);
    expect(errorCode(blocked)).toBe('LOGIN_THROTTLED');
    expect(blocked.headers['retry-after']).toBeTruthy();
    const other = await client(https, '192.0.2.77').post('/api/auth/login', {
      login: who.phone,
      password: who.password,
    });
    expect(other.statusCode, other.body).toBe(200);
    // The address lock ends too.
    https.clock.advance(16 * MINUTE);
    expect((await attacker.post('/api/auth/login', { login: who.phone, password: who.password })).statusCode).toBe(200);
  });

  it('sets Secure session cookies when the public URL is https', async () => {
    const c = client(https, '192.0.2.90');
    const res = await c.post('/api/auth/register', { ...newPerson(), password: TEST_PASSWORD });
    expect(res.statusCode).toBe(201);
    const setCookies = res.headers['set-cookie'] as string[];
    const session = setCookies.find((s) => s.startsWith('yw_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; Path=\//);
    const csrf = setCookies.find((s) => s.startsWith('yw_csrf='))!;
    expect(csrf).toMatch(/; Secure/);
    expect(csrf).not.toMatch(/HttpOnly/);
  });

  it('sets HttpOnly, SameSite=Lax and no Secure flag over plain http without a public URL', async () => {
    const c = client(ctx, freshIp());
    const res = await c.post('/api/auth/login', { login: '13800138000', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    const setCookies = res.headers['set-cookie'] as string[];
    const session = setCookies.find((s) => s.startsWith('yw_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    // the CSRF cookie must be readable by the page's script
    expect(setCookies.find((s) => s.startsWith('yw_csrf='))).not.toMatch(/HttpOnly/);
  });
});

describe('session expiry', () => {
  it('ends a session after sessionIdleMinutes without requests', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    ctx.clock.advance(29 * MINUTE);
    expect((await c.get('/api/me')).statusCode).toBe(200);
    ctx.clock.advance(29 * MINUTE);
    expect((await c.get('/api/me')).statusCode).toBe(200);
    ctx.clock.advance(31 * MINUTE);
    const res = await c.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });

  it('ends an active session after sessionAbsoluteHours', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    // 35 requests 20 minutes apart: 11 h 40 min, still alive.
    for (let i = 0; i < 35; i++) {
      ctx.clock.advance(20 * MINUTE);
      const res = await c.get('/api/me');
      expect(res.statusCode, `after ${(i + 1) * 20} minutes`).toBe(200);
    }
    ctx.clock.advance(20 * MINUTE); // 12 h
    expect((await c.get('/api/me')).statusCode).toBe(401);
    ctx.clock.advance(MINUTE);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });

  it('I can end one of my other sessions; it disappears from the list', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    const second = client(ctx, freshIp());
    expect((await second.post('/api/auth/login', { login: who.phone, password: who.password })).statusCode).toBe(200);
    expect((await second.get('/api/me/sessions')).json().items).toHaveLength(2);
    const firstId = (await who.client.get('/api/me/sessions')).json().items.find((s: { current: boolean }) => s.current)
      .id as string;
    expect((await second.del(`/api/me/sessions/${firstId}`)).statusCode).toBe(204);
    const items = (await second.get('/api/me/sessions')).json().items as { id: string; current: boolean }[];
    expect(items.map((s) => s.id)).not.toContain(firstId);
    expect(items).toHaveLength(1);
    expect(items[0]!.current).toBe(true);
    expect((await who.client.get('/api/me')).statusCode).toBe(401);
  });
});

describe('revocation', () => {
  it('a password change ends the other sessions; the changing client keeps working', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    const other = client(ctx, freshIp());
    expect((await other.post('/api/auth/login', { login: who.phone, password: who.password })).statusCode).toBe(200);
    expect((await other.get('/api/me')).statusCode).toBe(200);
    const oldSession = who.client.cookies.get('yw_session');

    const weak = await who.client.post('/api/me/password', { currentPassword: who.password, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details).toContainEqual(
      expect.objectContaining({ path: '/newPassword', code: 'PASSWORD_WEAK' }),
    );
    const wrongCurrent = await who.client.post('/api/me/password', {
      currentPassword: 'Not#thePassword1',
      newPassword: 'Another#Pass2026',
    });
    expect(wrongCurrent.statusCode).toBe(403);
    expect(errorCode(wrongCurrent)).toBe('PASSWORD_WRONG');
    expect((await other.get('/api/me')).statusCode).toBe(200);

    const changed = await who.client.post('/api/me/password', {
      currentPassword: who.password,
      newPassword: 'Another#Pass2026',
    });
    expect(changed.statusCode).toBe(204);
    expect(who.client.cookies.get('yw_session')).not.toBe(oldSession);
    expect((await who.client.get('/api/me')).statusCode).toBe(200);
    expect((await other.get('/api/me')).statusCode).toBe(401);
    // the old cookie is dead too
    expect((await ctx.app.inject({ url: '/api/me', cookies: { yw_session: oldSession! } })).statusCode).toBe(401);
    expect(
      errorCode(await client(ctx, freshIp()).post('/api/auth/login', { login: who.phone, password: who.password })),
    ).toBe('INVALID_CREDENTIALS');
    expect(
      (await client(ctx, freshIp()).post('/api/auth/login', { login: who.phone, password: 'Another#Pass2026' }))
        .statusCode,
    ).toBe(200);
  });

  it('disabling an account ends its sessions; sign-in then says ACCOUNT_DISABLED only for the right password', async () => {
    const who = await registerCitizen(ctx, { ip: freshIp() });
    const secadmin = await signInStaff(ctx, 'secadmin', freshIp());
    expect((await who.client.get('/api/me')).statusCode).toBe(200);
    const res = await secadmin.post(`/api/admin/accounts/${who.id}/status`, {
      status: 'disabled',
      reason: '冒用身份调查',
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await who.client.get('/api/me')).statusCode).toBe(401);
    const right = await client(ctx, freshIp()).post('/api/auth/login', { login: who.phone, password: who.password });
    expect(right.statusCode).toBe(403);
    expect(errorCode(right)).toBe('ACCOUNT_DISABLED');
    const wrong = await client(ctx, freshIp()).post('/api/auth/login', { login: who.phone, password: 'Wrong#pass1' });
    expect(wrong.statusCode).toBe(401);
    expect(errorCode(wrong)).toBe('INVALID_CREDENTIALS');
    // enabling again lets the person back in
    expect(
      (await secadmin.post(`/api/admin/accounts/${who.id}/status`, { status: 'active', reason: '调查结束' }))
        .statusCode,
    ).toBe(204);
    expect(
      (await client(ctx, freshIp()).post('/api/auth/login', { login: who.phone, password: who.password })).statusCode,
    ).toBe(200);
  });

  it('disabling a staff account also refuses a pending second-factor step', async () => {
    const secadmin = await signInStaff(ctx, 'secadmin', freshIp());
    const sysadmin = await signInStaff(ctx, 'sysadmin', freshIp());
    const staff = await createStaff(ctx, sysadmin, 'to.be.disabled');
    const c = client(ctx, freshIp());
    const first = await c.post('/api/auth/login', { login: 'to.be.disabled', password: staff.password });
    expect(first.json().status).toBe('totp_required');
    expect(
      (await secadmin.post(`/api/admin/accounts/${staff.accountId}/status`, { status: 'disabled', reason: '离职' }))
        .statusCode,
    ).toBe(204);
    expect((await staff.client.get('/api/me')).statusCode).toBe(401);
    ctx.clock.advance(30_000);
    const second = await c.post('/api/auth/totp', {
      challenge: first.json().challenge,
      code: totpCode(staff.secret, ctx.clock.now()),
    });
    expect(second.statusCode).toBe(401);
    expect(errorCode(second)).toBe('CHALLENGE_EXPIRED');
  });

  it('logout ends the session on the server, not only the cookie', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    const token = c.cookies.get('yw_session')!;
    const res = await c.post('/api/auth/logout');
    expect(res.statusCode).toBe(204);
    expect([res.headers['set-cookie']].flat().some((s) => /^yw_session=;/.test(String(s)))).toBe(true);
    expect((await c.get('/api/me')).statusCode).toBe(401);
    const replay = await ctx.app.inject({ url: '/api/me', cookies: { yw_session: token } });
    expect(replay.statusCode).toBe(401);
    // logging out without a session is harmless
    expect((await client(ctx, freshIp()).post('/api/auth/logout')).statusCode).toBe(204);
  });

  it("ending another account's session answers 404, and the session lives on", async () => {
    const a = await registerCitizen(ctx, { ip: freshIp() });
    const b = await registerCitizen(ctx, { ip: freshIp() });
    const bSession = (await b.client.get('/api/me/sessions')).json().items[0].id as string;
    const res = await a.client.del(`/api/me/sessions/${bSession}`);
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('SESSION_NOT_FOUND');
    const missing = await a.client.del('/api/me/sessions/0192f5a0-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(withoutRequestId(missing.json())).toEqual(withoutRequestId(res.json()));
    expect((await b.client.get('/api/me')).statusCode).toBe(200);
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
    expect((await c.get('/api/me')).statusCode).toBe(200); // not logged out
  });

  it('refuses a write with a wrong token, and with the token of another session', async () => {
    const { client: c } = await registerCitizen(ctx, { ip: freshIp() });
    const { client: other } = await registerCitizen(ctx, { ip: freshIp() });
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
    expect((await c.get('/api/me')).statusCode).toBe(200);
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
    const res = await c.post('/api/auth/login', { login: 'clerk01', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('totp_required');
    expect(typeof body.challenge).toBe('string');
    expect(body.challenge.length).toBeGreaterThanOrEqual(32);
    expect(body.enrol).toBeUndefined();
    expect(body.me).toBeUndefined();
    expect(res.cookies.map((k) => k.name)).not.toContain('yw_session');
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });

  it('refuses a wrong code with TOTP_INVALID and then accepts the right one', async () => {
    const c = client(ctx, freshIp());
    const { challenge } = (await c.post('/api/auth/login', { login: 'reviewer01', password: DEMO_PASSWORD })).json();
    ctx.clock.advance(30_000);
    const right = totpCode(DEMO_TOTP_SECRET, ctx.clock.now());
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const bad = await c.post('/api/auth/totp', { challenge, code: wrong });
    expect(bad.statusCode).toBe(401);
    expect(errorCode(bad)).toBe('TOTP_INVALID');
    expect(bad.cookies.map((k) => k.name)).not.toContain('yw_session');
    const good = await c.post('/api/auth/totp', { challenge, code: right });
    expect(good.statusCode).toBe(200);
    expect(good.json().me.username).toBe('reviewer01');
    expect((await c.get('/api/me')).json().roles).toContain('reviewer');
    // the challenge is used up
    expect(errorCode(await client(ctx, freshIp()).post('/api/auth/totp', { challenge, code: right }))).toBe(
      'CHALLENGE_EXPIRED',
    );
  });

  it('counts wrong codes against the login: holding the password does not allow unlimited guesses', async () => {
    const staff = await createStaff(ctx, await signInStaff(ctx, 'sysadmin', freshIp()), 'guess.target');
    const guess = async (c: ReturnType<typeof client>) => {
      const first = await c.post('/api/auth/login', { login: 'guess.target', password: staff.password });
      if (first.statusCode !== 200) return first;
      const right = totpCode(staff.secret, ctx.clock.now());
      const wrong = String((Number(right) + 123_457) % 1_000_000).padStart(6, '0');
      return c.post('/api/auth/totp', { challenge: first.json().challenge, code: wrong });
    };
    // Five wrong codes over five fresh challenges from five addresses ...
    for (let i = 0; i < 5; i++) expect(errorCode(await guess(client(ctx, freshIp())))).toBe('TOTP_INVALID');
    // ... and even the right password is now refused for a while.
    const locked = await guess(client(ctx, freshIp()));
    expect(locked.statusCode).toBe(429);
    expect(errorCode(locked)).toBe('LOGIN_THROTTLED');
    ctx.clock.advance(16 * MINUTE);
    const again = client(ctx, freshIp());
    const first = await again.post('/api/auth/login', { login: 'guess.target', password: staff.password });
    expect(first.statusCode).toBe(200);
    const ok = await again.post('/api/auth/totp', {
      challenge: first.json().challenge,
      code: totpCode(staff.secret, ctx.clock.now()),
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses a code reused within its time step', async () => {
    ctx.clock.advance(30_000);
    const code = totpCode(DEMO_TOTP_SECRET, ctx.clock.now());
    const a = client(ctx, freshIp());
    const first = (await a.post('/api/auth/login', { login: 'approver01', password: DEMO_PASSWORD })).json();
    expect((await a.post('/api/auth/totp', { challenge: first.challenge, code })).statusCode).toBe(200);
    const b = client(ctx, freshIp());
    const second = (await b.post('/api/auth/login', { login: 'approver01', password: DEMO_PASSWORD })).json();
    const replay = await b.post('/api/auth/totp', { challenge: second.challenge, code });
    expect(replay.statusCode).toBe(401);
    expect(errorCode(replay)).toBe('TOTP_INVALID');
    // the code of an earlier step is refused too (it is still inside the drift window)
    const earlier = totpCode(DEMO_TOTP_SECRET, new Date(ctx.clock.now().getTime() - 30_000));
    expect(errorCode(await b.post('/api/auth/totp', { challenge: second.challenge, code: earlier }))).toBe(
      'TOTP_INVALID',
    );
    ctx.clock.advance(30_000);
    expect(
      (
        await b.post('/api/auth/totp', {
          challenge: second.challenge,
          code: totpCode(DEMO_TOTP_SECRET, ctx.clock.now()),
        })
      ).statusCode,
    ).toBe(200);
  });

  it('expires the challenge after 5 minutes', async () => {
    const c = client(ctx, freshIp());
    const { challenge } = (await c.post('/api/auth/login', { login: 'supervisor01', password: DEMO_PASSWORD })).json();
    ctx.clock.advance(5 * MINUTE + 1000);
    const res = await c.post('/api/auth/totp', { challenge, code: totpCode(DEMO_TOTP_SECRET, ctx.clock.now()) });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('CHALLENGE_EXPIRED');
  });

  it('kills the challenge after 5 wrong codes', async () => {
    const c = client(ctx, freshIp());
    const { challenge } = (await c.post('/api/auth/login', { login: 'operator01', password: DEMO_PASSWORD })).json();
    ctx.clock.advance(30_000);
    const right = totpCode(DEMO_TOTP_SECRET, ctx.clock.now());
    for (let i = 1; i <= 5; i++) {
      const wrong = String((Number(right) + i * 111_111) % 1_000_000).padStart(6, '0');
      expect(errorCode(await c.post('/api/auth/totp', { challenge, code: wrong }))).toBe('TOTP_INVALID');
    }
    const res = await c.post('/api/auth/totp', { challenge, code: right });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('CHALLENGE_EXPIRED');
  });

  it('refuses an invented challenge', async () => {
    const res = await client(ctx, freshIp()).post('/api/auth/totp', { challenge: 'x'.repeat(43), code: '123456' });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('CHALLENGE_EXPIRED');
  });

  it('a new staff account enrols its second factor at first sign-in', async () => {
    const sysadmin = await signInStaff(ctx, 'sysadmin', freshIp());
    const created = await sysadmin.post('/api/admin/staff', {
      username: 'new.clerk',
      displayName: '新同事',
      regionCode: '330383',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { accountId, initialPassword } = created.json();
    expect(initialPassword).toMatch(/^Yw-/);
    expect(
      errorCode(
        await sysadmin.post('/api/admin/staff', { username: 'new.clerk', displayName: '重名', regionCode: '330383' }),
      ),
    ).toBe('USERNAME_TAKEN');

    const c = client(ctx, freshIp());
    const first = await c.post('/api/auth/login', { login: 'new.clerk', password: initialPassword });
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.status).toBe('totp_required');
    expect(body.enrol.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.enrol.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(body.enrol.otpauthUri).toContain(`secret=${body.enrol.secret}`);
    ctx.clock.advance(30_000);
    // a wrong code does not enrol
    const right = totpCode(body.enrol.secret, ctx.clock.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(errorCode(await c.post('/api/auth/totp', { challenge: body.challenge, code: wrong }))).toBe('TOTP_INVALID');
    const ok = await c.post('/api/auth/totp', { challenge: body.challenge, code: right });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().me.id).toBe(accountId);
    expect(ok.json().me.totpEnabled).toBe(true);
    // The next sign-in no longer offers enrolment, and the demo secret does not fit this account.
    const again = (
      await client(ctx, freshIp()).post('/api/auth/login', { login: 'new.clerk', password: initialPassword })
    ).json();
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
    const res = await c.post('/api/auth/register', {
      name: '林小雨',
      idNumber: good,
      phone: p.phone,
      password: TEST_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(201);
    const me = res.json().me;
    expect(res.json().status).toBe('ok');
    expect(me.kind).toBe('citizen');
    expect(me.assuranceLevel).toBe('registered');
    expect(me.roles).toEqual(['citizen']);
    expect(me.displayName).toBe('林小雨');
    expect(me.idNumberMasked).toBe(`330383********${good.slice(-4)}`);
    expect(me.phoneMasked).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`);
    expect(res.body).not.toContain(good);
    expect(res.body).not.toContain(p.phone);
    expect((await c.get('/api/me')).json().id).toBe(me.id);
    // and can sign in with the ID number as login
    expect(
      (await client(ctx, freshIp()).post('/api/auth/login', { login: good, password: TEST_PASSWORD })).statusCode,
    ).toBe(200);
  });

  const refusal = async (input: Record<string, string>, path: string, code: string) => {
    const p = newPerson();
    const res = await client(ctx, freshIp()).post('/api/auth/register', {
      name: '林小雨',
      idNumber: p.idNumber,
      phone: p.phone,
      password: TEST_PASSWORD,
      ...input,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect(res.json().error.details).toContainEqual(expect.objectContaining({ path, code }));
    expect(res.cookies.map((k) => k.name)).not.toContain('yw_session');
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
    const res = await client(ctx, freshIp()).post('/api/auth/register', {
      name: '林宝宝',
      idNumber: f + citizenIdCheckChar(f),
      phone: newPerson().phone,
      password: TEST_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(201);
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

  it('refuses a second account for the same ID number or phone with 409 ACCOUNT_EXISTS', async () => {
    const first = await registerCitizen(ctx, { ip: freshIp() });
    const dupId = await client(ctx, freshIp()).post('/api/auth/register', {
      name: '林小雨',
      idNumber: first.idNumber.toLowerCase(),
      phone: newPerson().phone,
      password: TEST_PASSWORD,
    });
    expect(dupId.statusCode).toBe(409);
    expect(errorCode(dupId)).toBe('ACCOUNT_EXISTS');
    const dupPhone = await client(ctx, freshIp()).post('/api/auth/register', {
      name: '林小雨',
      idNumber: newPerson().idNumber,
      phone: first.phone,
      password: TEST_PASSWORD,
    });
    expect(dupPhone.statusCode).toBe(409);
    expect(errorCode(dupPhone)).toBe('ACCOUNT_EXISTS');
  });
});

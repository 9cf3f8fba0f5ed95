/**
 * 三员分立: system admin, security admin and auditor are separated; no account holds two.
 * Who may grant roles, who may read the audit trail, and how fast a change takes effect.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createStaff,
  createTestApp,
  errorCode,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let secadmin: Client;
let sysadmin: Client;
let sysadminId: string;
let secadminId: string;
let auditorId: string;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
  secadmin = await signInStaff(ctx, 'secadmin', '10.4.0.1');
  sysadmin = await signInStaff(ctx, 'sysadmin', '10.4.0.2');
  const ids = await query<{ id: string; username: string }>(
    ctx,
    sql`select id, username from identity.accounts where username in ('sysadmin', 'secadmin', 'auditor')`,
  );
  const byName = new Map(ids.map((r) => [r.username, r.id]));
  sysadminId = byName.get('sysadmin')!;
  secadminId = byName.get('secadmin')!;
  auditorId = byName.get('auditor')!;
});
afterAll(async () => {
  await ctx.teardown();
});

const rolesOf = async (accountId: string) =>
  (
    await query<{ role: string }>(
      ctx,
      sql`select role from identity.account_roles where account_id = ${accountId} order by role`,
    )
  ).map((r) => r.role);

describe('separation of the three admin roles', () => {
  it('refuses to give the system admin the security admin or auditor role', async () => {
    for (const role of ['security_admin', 'auditor']) {
      const res = await secadmin.put(`/api/admin/accounts/${sysadminId}/roles/${role}`);
      expect(res.statusCode, role).toBe(409);
      expect(errorCode(res)).toBe('ROLE_SEPARATION');
    }
    expect(await rolesOf(sysadminId)).toEqual(['system_admin']);
    expect(errorCode(await secadmin.put(`/api/admin/accounts/${auditorId}/roles/system_admin`))).toBe(
      'ROLE_SEPARATION',
    );
  });

  it('grants auditor to a fresh staff account, then refuses system_admin on top', async () => {
    const staff = await createStaff(ctx, sysadmin, 'fresh.auditor');
    expect((await secadmin.put(`/api/admin/accounts/${staff.accountId}/roles/auditor`)).statusCode).toBe(204);
    // granting a role already held is harmless
    expect((await secadmin.put(`/api/admin/accounts/${staff.accountId}/roles/auditor`)).statusCode).toBe(204);
    const res = await secadmin.put(`/api/admin/accounts/${staff.accountId}/roles/system_admin`);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('ROLE_SEPARATION');
    expect(await rolesOf(staff.accountId)).toEqual(['auditor']);
    // after revoking auditor, another separated role may be granted
    expect((await secadmin.del(`/api/admin/accounts/${staff.accountId}/roles/auditor`)).statusCode).toBe(204);
    expect((await secadmin.put(`/api/admin/accounts/${staff.accountId}/roles/system_admin`)).statusCode).toBe(204);
    expect(await rolesOf(staff.accountId)).toEqual(['system_admin']);
    const gone = await secadmin.del(`/api/admin/accounts/${staff.accountId}/roles/auditor`);
    expect(gone.statusCode).toBe(404);
    expect(errorCode(gone)).toBe('ROLE_NOT_HELD');
  });

  it('the database itself refuses a second separated role', async () => {
    const staff = await createStaff(ctx, sysadmin, 'db.check');
    await sql`insert into identity.account_roles (account_id, role, granted_at) values (${staff.accountId}, 'auditor', now())`.execute(
      ctx.database.db,
    );
    await expect(
      sql`insert into identity.account_roles (account_id, role, granted_at) values (${staff.accountId}, 'security_admin', now())`.execute(
        ctx.database.db,
      ),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      sql`insert into identity.account_roles (account_id, role, granted_at) values (${sysadminId}, 'auditor', now())`.execute(
        ctx.database.db,
      ),
    ).rejects.toThrow(/account_roles_separated/);
    // a role outside the account-level list is refused by the check constraint
    await expect(
      sql`insert into identity.account_roles (account_id, role, granted_at) values (${staff.accountId}, 'clerk', now())`.execute(
        ctx.database.db,
      ),
    ).rejects.toMatchObject({ code: '23514' });
    expect(await rolesOf(staff.accountId)).toEqual(['auditor']);
  });

  it('refuses account-level roles for citizens', async () => {
    const citizen = await registerCitizen(ctx);
    const res = await secadmin.put(`/api/admin/accounts/${citizen.id}/roles/auditor`);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('ROLE_STAFF_ONLY');
    expect(await rolesOf(citizen.id)).toEqual(['citizen']);
  });

  it('answers 404 for an account that does not exist, and 400 for a role that is not account-level', async () => {
    const res = await secadmin.put('/api/admin/accounts/0192f5a0-0000-7000-8000-000000000000/roles/auditor');
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('ACCOUNT_NOT_FOUND');
    const clerk = await secadmin.put(`/api/admin/accounts/${sysadminId}/roles/clerk`);
    expect(clerk.statusCode).toBe(400);
    expect(errorCode(clerk)).toBe('VALIDATION_FAILED');
  });
});

describe('who may manage security', () => {
  it('the security admin cannot change their own roles or status', async () => {
    const grant = await secadmin.put(`/api/admin/accounts/${secadminId}/roles/auditor`);
    expect(grant.statusCode).toBe(403);
    expect(errorCode(grant)).toBe('FORBIDDEN');
    expect((await secadmin.del(`/api/admin/accounts/${secadminId}/roles/security_admin`)).statusCode).toBe(403);
    expect(
      (await secadmin.post(`/api/admin/accounts/${secadminId}/status`, { status: 'disabled', reason: '自我停用' }))
        .statusCode,
    ).toBe(403);
    expect((await secadmin.post(`/api/admin/accounts/${secadminId}/totp-reset`)).statusCode).toBe(403);
    expect(await rolesOf(secadminId)).toEqual(['security_admin']);
    expect((await secadmin.get('/api/me')).statusCode).toBe(200);
  });

  it('the system admin cannot grant roles, change status or reset a second factor', async () => {
    const staff = await createStaff(ctx, sysadmin, 'target.one');
    for (const res of [
      await sysadmin.put(`/api/admin/accounts/${staff.accountId}/roles/auditor`),
      await sysadmin.put(`/api/admin/accounts/${sysadminId}/roles/system_admin`),
      await sysadmin.del(`/api/admin/accounts/${auditorId}/roles/auditor`),
      await sysadmin.post(`/api/admin/accounts/${staff.accountId}/status`, { status: 'disabled', reason: '越权操作' }),
      await sysadmin.post(`/api/admin/accounts/${staff.accountId}/totp-reset`),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    expect(await rolesOf(staff.accountId)).toEqual([]);
    expect(await rolesOf(auditorId)).toEqual(['auditor']);
  });

  it('the security admin cannot create staff; the system admin can list accounts but a clerk cannot', async () => {
    expect(
      (await secadmin.post('/api/admin/staff', { username: 'by.secadmin', displayName: '越权', regionCode: '330383' }))
        .statusCode,
    ).toBe(403);
    expect((await sysadmin.get('/api/admin/accounts?page=1&pageSize=5&kind=staff')).statusCode).toBe(200);
    expect(
      (await secadmin.get('/api/admin/accounts?page=1&pageSize=5&q=sysadmin'))
        .json()
        .items.map((a: { username: string }) => a.username),
    ).toEqual(['sysadmin']);
    const clerk = await signInStaff(ctx, 'clerk01', '10.4.0.3');
    expect((await clerk.get('/api/admin/accounts?page=1&pageSize=5')).statusCode).toBe(403);
    expect(
      (await clerk.post('/api/admin/staff', { username: 'by.clerk', displayName: '越权', regionCode: '330383' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('reading the audit trail', () => {
  it('only the auditor may read GET /api/audit', async () => {
    const auditor = await signInStaff(ctx, 'auditor', '10.4.0.4');
    const ok = await auditor.get('/api/audit?page=1&pageSize=10');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().total).toBeGreaterThan(0);
    expect(ok.json().items.length).toBeGreaterThan(0);
    expect(errorCode(await sysadmin.get('/api/audit?page=1&pageSize=10'))).toBe('FORBIDDEN');
    expect(errorCode(await secadmin.get('/api/audit?page=1&pageSize=10'))).toBe('FORBIDDEN');
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.4.0.5');
    const c = await citizen.get('/api/audit?page=1&pageSize=10');
    expect(c.statusCode).toBe(403);
    const anon = await client(ctx).get('/api/audit?page=1&pageSize=10');
    expect(anon.statusCode).toBe(401);
    expect(errorCode(anon)).toBe('UNAUTHENTICATED');
  });

  it('the auditor can filter by action and actor', async () => {
    const auditor = await signInStaff(ctx, 'auditor', '10.4.0.6');
    const res = await auditor.get(`/api/audit?page=1&pageSize=50&action=identity.staff.created&actorId=${sysadminId}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { action: string; actorId: string; changeHash: string }[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const i of items) {
      expect(i.action).toBe('identity.staff.created');
      expect(i.actorId).toBe(sysadminId);
      expect(i.changeHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
  it('the action filter is a literal prefix: % and _ match only themselves', async () => {
    const auditor = await signInStaff(ctx, 'auditor', '10.4.0.7');
    const all = (await auditor.get('/api/audit?page=1&pageSize=1')).json().total as number;
    expect(all).toBeGreaterThan(0);
    for (const pattern of ['%', '%25', '_', 'identity%', 'identity_staff']) {
      const res = await auditor.get(`/api/audit?page=1&pageSize=1&action=${encodeURIComponent(pattern)}`);
      expect(res.statusCode, pattern).toBe(200);
      expect(res.json().total, pattern).toBe(0);
    }
    const prefix = await auditor.get('/api/audit?page=1&pageSize=200&action=identity.staff.');
    expect(prefix.json().total).toBeGreaterThan(0);
    for (const i of prefix.json().items as { action: string }[])
      expect(i.action.startsWith('identity.staff.')).toBe(true);
  });
});

describe('role changes take effect on the next request', () => {
  it('grant and revoke show up at once, without waiting for the session cache', async () => {
    const staff = await createStaff(ctx, sysadmin, 'next.auditor');
    expect((await staff.client.get('/api/audit?page=1&pageSize=1')).statusCode).toBe(403);
    expect((await staff.client.get('/api/me')).json().roles).toEqual([]);
    // The clock does not move: a stale cache entry would still be fresh.
    expect((await secadmin.put(`/api/admin/accounts/${staff.accountId}/roles/auditor`)).statusCode).toBe(204);
    expect((await staff.client.get('/api/me')).json().roles).toEqual(['auditor']);
    expect((await staff.client.get('/api/audit?page=1&pageSize=1')).statusCode).toBe(200);
    expect((await secadmin.del(`/api/admin/accounts/${staff.accountId}/roles/auditor`)).statusCode).toBe(204);
    expect((await staff.client.get('/api/audit?page=1&pageSize=1')).statusCode).toBe(403);
    expect((await staff.client.get('/api/me')).json().roles).toEqual([]);
  });
});

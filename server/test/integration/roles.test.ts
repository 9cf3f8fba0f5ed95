/**
 * 三员分立: system admin, security admin and auditor are separated; no account holds two.
 * Who may grant roles, who may read the audit trail, and how fast a change takes effect.
 */
import { sql } from 'kysely';
import type { AccountStatusBody, CreateStaffBody, SeparatedRole, paths } from '../../../contract/openapi.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createStaff,
  createTestApp,
  errorCode,
  ok,
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

type AuditQuery = NonNullable<paths['/api/audit']['get']['parameters']['query']>;
const roleParams = (id: string, role: SeparatedRole) => ({ params: { path: { id, role } } });
const grantRole = (c: Client, id: string, role: SeparatedRole) =>
  c.PUT('/api/admin/accounts/{id}/roles/{role}', roleParams(id, role));
const revokeRole = (c: Client, id: string, role: SeparatedRole) =>
  c.DELETE('/api/admin/accounts/{id}/roles/{role}', roleParams(id, role));
const setStatus = (c: Client, id: string, body: AccountStatusBody) =>
  c.POST('/api/admin/accounts/{id}/status', { params: { path: { id } }, body });
const resetTotp = (c: Client, id: string) =>
  c.POST('/api/admin/accounts/{id}/totp-reset', { params: { path: { id } } });
const auditTrail = (c: Client, query: AuditQuery) => c.GET('/api/audit', { params: { query } });
const createStaffAs = (c: Client, body: CreateStaffBody) => c.POST('/api/admin/staff', { body });

describe('separation of the three admin roles', () => {
  it('refuses to give the system admin the security admin or auditor role', async () => {
    for (const role of ['security_admin', 'auditor'] as const) {
      const res = await grantRole(secadmin, sysadminId, role);
      expect(res.response.status, role).toBe(409);
      expect(errorCode(res)).toBe('ROLE_SEPARATION');
    }
    expect(await rolesOf(sysadminId)).toEqual(['system_admin']);
    expect(errorCode(await grantRole(secadmin, auditorId, 'system_admin'))).toBe('ROLE_SEPARATION');
  });

  it('grants auditor to a fresh staff account, then refuses system_admin on top', async () => {
    const staff = await createStaff(ctx, sysadmin, 'fresh.auditor');
    expect((await grantRole(secadmin, staff.accountId, 'auditor')).response.status).toBe(204);
    // granting a role already held is harmless
    expect((await grantRole(secadmin, staff.accountId, 'auditor')).response.status).toBe(204);
    const res = await grantRole(secadmin, staff.accountId, 'system_admin');
    expect(res.response.status).toBe(409);
    expect(errorCode(res)).toBe('ROLE_SEPARATION');
    expect(await rolesOf(staff.accountId)).toEqual(['auditor']);
    // after revoking auditor, another separated role may be granted
    expect((await revokeRole(secadmin, staff.accountId, 'auditor')).response.status).toBe(204);
    expect((await grantRole(secadmin, staff.accountId, 'system_admin')).response.status).toBe(204);
    expect(await rolesOf(staff.accountId)).toEqual(['system_admin']);
    const gone = await revokeRole(secadmin, staff.accountId, 'auditor');
    expect(gone.response.status).toBe(404);
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
    const res = await grantRole(secadmin, citizen.id, 'auditor');
    expect(res.response.status).toBe(409);
    expect(errorCode(res)).toBe('ROLE_STAFF_ONLY');
    expect(await rolesOf(citizen.id)).toEqual(['citizen']);
  });

  it('answers 404 for an account that does not exist, and 400 for a role that is not account-level', async () => {
    const res = await grantRole(secadmin, '0192f5a0-0000-7000-8000-000000000000', 'auditor');
    expect(res.response.status).toBe(404);
    expect(errorCode(res)).toBe('ACCOUNT_NOT_FOUND');
    // raw: clerk is not an account-level role, a path the contract does not allow
    const clerk = await secadmin.raw('PUT', `/api/admin/accounts/${sysadminId}/roles/clerk`);
    expect(clerk.statusCode).toBe(400);
    expect(errorCode(clerk)).toBe('VALIDATION_FAILED');
  });
});

describe('who may manage security', () => {
  it('the security admin cannot change their own roles or status', async () => {
    const grant = await grantRole(secadmin, secadminId, 'auditor');
    expect(grant.response.status).toBe(403);
    expect(errorCode(grant)).toBe('FORBIDDEN');
    expect((await revokeRole(secadmin, secadminId, 'security_admin')).response.status).toBe(403);
    expect((await setStatus(secadmin, secadminId, { status: 'disabled', reason: '自我停用' })).response.status).toBe(
      403,
    );
    expect((await resetTotp(secadmin, secadminId)).response.status).toBe(403);
    expect(await rolesOf(secadminId)).toEqual(['security_admin']);
    expect((await secadmin.GET('/api/me')).response.status).toBe(200);
  });

  it('the system admin cannot grant roles, change status or reset a second factor', async () => {
    const staff = await createStaff(ctx, sysadmin, 'target.one');
    for (const res of [
      await grantRole(sysadmin, staff.accountId, 'auditor'),
      await grantRole(sysadmin, sysadminId, 'system_admin'),
      await revokeRole(sysadmin, auditorId, 'auditor'),
      await setStatus(sysadmin, staff.accountId, { status: 'disabled', reason: '越权操作' }),
      await resetTotp(sysadmin, staff.accountId),
    ]) {
      expect(res.response.status).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    expect(await rolesOf(staff.accountId)).toEqual([]);
    expect(await rolesOf(auditorId)).toEqual(['auditor']);
  });

  it('the security admin cannot create staff; the system admin can list accounts but a clerk cannot', async () => {
    expect(
      (await createStaffAs(secadmin, { username: 'by.secadmin', displayName: '越权', regionCode: '330383' })).response
        .status,
    ).toBe(403);
    const accounts = (c: Client, query: { q?: string; kind?: 'citizen' | 'staff' }) =>
      c.GET('/api/admin/accounts', { params: { query: { page: 1, pageSize: 5, ...query } } });
    expect((await accounts(sysadmin, { kind: 'staff' })).response.status).toBe(200);
    expect(ok(await accounts(secadmin, { q: 'sysadmin' })).items.map((a) => a.username)).toEqual(['sysadmin']);
    const clerk = await signInStaff(ctx, 'clerk01', '10.4.0.3');
    expect((await accounts(clerk, {})).response.status).toBe(403);
    expect(
      (await createStaffAs(clerk, { username: 'by.clerk', displayName: '越权', regionCode: '330383' })).response.status,
    ).toBe(403);
  });
});

describe('reading the audit trail', () => {
  it('only the auditor may read GET /api/audit', async () => {
    const auditor = await signInStaff(ctx, 'auditor', '10.4.0.4');
    const page = { page: 1, pageSize: 10 };
    const read = await auditTrail(auditor, page);
    expect(read.response.status).toBe(200);
    expect(ok(read).total).toBeGreaterThan(0);
    expect(ok(read).items.length).toBeGreaterThan(0);
    expect(errorCode(await auditTrail(sysadmin, page))).toBe('FORBIDDEN');
    expect(errorCode(await auditTrail(secadmin, page))).toBe('FORBIDDEN');
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.4.0.5');
    const c = await auditTrail(citizen, page);
    expect(c.response.status).toBe(403);
    const anon = await auditTrail(client(ctx), page);
    expect(anon.response.status).toBe(401);
    expect(errorCode(anon)).toBe('UNAUTHENTICATED');
  });

  it('the auditor can filter by action and actor', async () => {
    const auditor = await signInStaff(ctx, 'auditor', '10.4.0.6');
    const res = await auditTrail(auditor, {
      page: 1,
      pageSize: 50,
      action: 'identity.staff.created',
      actorId: sysadminId,
    });
    expect(res.response.status).toBe(200);
    const items = ok(res).items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const i of items) {
      expect(i.action).toBe('identity.staff.created');
      expect(i.actorId).toBe(sysadminId);
      expect(i.changeHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
  it('the action filter is a literal prefix: % and _ match only themselves', async () => {
    const auditor = await signInStaff(ctx, 'auditor', '10.4.0.7');
    const all = ok(await auditTrail(auditor, { page: 1, pageSize: 1 })).total;
    expect(all).toBeGreaterThan(0);
    for (const pattern of ['%', '%25', '_', 'identity%', 'identity_staff']) {
      const res = await auditTrail(auditor, { page: 1, pageSize: 1, action: pattern });
      expect(res.response.status, pattern).toBe(200);
      expect(ok(res).total, pattern).toBe(0);
    }
    const prefix = ok(await auditTrail(auditor, { page: 1, pageSize: 200, action: 'identity.staff.' }));
    expect(prefix.total).toBeGreaterThan(0);
    for (const i of prefix.items) expect(i.action.startsWith('identity.staff.')).toBe(true);
  });
});

describe('role changes take effect on the next request', () => {
  it('grant and revoke show up at once, without waiting for the session cache', async () => {
    const staff = await createStaff(ctx, sysadmin, 'next.auditor');
    expect((await auditTrail(staff.client, { page: 1, pageSize: 1 })).response.status).toBe(403);
    expect(ok(await staff.client.GET('/api/me')).roles).toEqual([]);
    // The clock does not move: a stale cache entry would still be fresh.
    expect((await grantRole(secadmin, staff.accountId, 'auditor')).response.status).toBe(204);
    expect(ok(await staff.client.GET('/api/me')).roles).toEqual(['auditor']);
    expect((await auditTrail(staff.client, { page: 1, pageSize: 1 })).response.status).toBe(200);
    expect((await revokeRole(secadmin, staff.accountId, 'auditor')).response.status).toBe(204);
    expect((await auditTrail(staff.client, { page: 1, pageSize: 1 })).response.status).toBe(403);
    expect(ok(await staff.client.GET('/api/me')).roles).toEqual([]);
  });
});

/**
 * The open-data portal's request form and withdrawal. A citizen asks a department for data not
 * yet published (a retry with the same Idempotency-Key files nothing twice); the request is in
 * that department's queue only, its data officer answers (pointing to a dataset) or declines,
 * the citizen sees the answer and an inbox message; another citizen does not see it. A data
 * officer withdraws a dataset with a reason (audited): it leaves package_list, package_search and
 * the portal, package_show answers CKAN's Not Found (state `deleted` to its department), and a
 * citizen or another department's admin cannot withdraw. The officer reinstates it, with a reason.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
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
let citizen: Client;
let other: Client;
let officer: Client;
let asbAdmin: Client;

const ckan = async (path: string) =>
  (await client(ctx).raw('GET', `/api/3/action/${path}`)).json() as {
    success: boolean;
    result: unknown;
    error?: { __type: string };
  };

const ask = (c: Client, title: string, key?: string) =>
  c.POST('/api/opendata/requests', {
    body: {
      title,
      description: '各社区每月的共享单车停放点数量和投放量',
      purpose: '研究社区出行与停放秩序',
      departmentCode: 'CLE',
    },
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
  citizen = await signInCitizen(ctx);
  other = (await registerCitizen(ctx, { ip: '10.0.8.1' })).client;
  officer = await signInStaff(ctx, 'dataofficer01', '10.0.8.2');
  asbAdmin = await signInStaff(ctx, 'deptadmin01', '10.0.8.3');
}, 120_000);
afterAll(async () => ctx?.teardown());

describe('requests for data not yet published', () => {
  it('a citizen asks a department; a retry with the same key files nothing twice; audited', async () => {
    const first = await ask(citizen, '共享单车停放点', 'odreq-retry-0001');
    expect(first.response.status).toBe(201);
    const made = ok(first);
    expect(made).toMatchObject({ status: 'submitted', answer: null, department: { code: 'CLE' } });
    const again = ok(await ask(citizen, '共享单车停放点', 'odreq-retry-0001'));
    expect(again.id).toBe(made.id);
    const mine = ok(await citizen.GET('/api/opendata/requests/mine')).items;
    expect(mine.filter((r) => r.id === made.id)).toHaveLength(1);
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${made.id}`,
    );
    expect(audit.map((a) => a.action)).toEqual(['opendata.request.submitted']);
  });

  it('refuses an unknown department, the signed-out and staff', async () => {
    const unknown = await citizen.POST('/api/opendata/requests', {
      body: { title: 't', description: 'd', purpose: 'p', departmentCode: 'NOPE' },
    });
    expect(errorCode(unknown)).toBe('DATASET_DEPARTMENT_UNKNOWN');
    expect((await ask(client(ctx), 'x')).response.status).toBe(401);
    expect((await ask(officer, 'x')).response.status).toBe(403);
  });

  it("another citizen does not see my requests; another department's admin neither sees nor answers them", async () => {
    const made = ok(await ask(citizen, '占道经营投诉热点'));
    expect(ok(await other.GET('/api/opendata/requests/mine')).items.map((r) => r.id)).not.toContain(made.id);
    expect(ok(await asbAdmin.GET('/api/opendata/requests')).items.map((r) => r.id)).not.toContain(made.id);
    const answered = await asbAdmin.POST('/api/opendata/requests/{id}/answer', {
      params: { path: { id: made.id } },
      body: { decision: 'declined', answer: '不是本部门数据' },
    });
    expect(answered.response.status).toBe(404);
    expect(errorCode(answered)).toBe('OPENDATA_REQUEST_NOT_FOUND');
    // A citizen has no queue.
    expect((await citizen.GET('/api/opendata/requests')).response.status).toBe(403);
  });

  it("the department's data officer answers or declines; the citizen sees it and is told", async () => {
    const a = ok(await ask(citizen, '城市事件分类统计'));
    const b = ok(await ask(citizen, '网格员巡查轨迹'));
    const queue = ok(await officer.GET('/api/opendata/requests', { params: { query: { status: 'submitted' } } })).items;
    expect(queue.map((r) => r.id)).toEqual(expect.arrayContaining([a.id, b.id]));

    const badDataset = await officer.POST('/api/opendata/requests/{id}/answer', {
      params: { path: { id: a.id } },
      body: { decision: 'answered', answer: '见数据集', datasetName: 'no-such-dataset' },
    });
    expect(errorCode(badDataset)).toBe('OPENDATA_ANSWER_DATASET_UNKNOWN');
    const answered = ok(
      await officer.POST('/api/opendata/requests/{id}/answer', {
        params: { path: { id: a.id } },
        body: { decision: 'answered', answer: '已在城市事件周报中按类别开放', datasetName: 'city-events-weekly' },
      }),
    );
    expect(answered).toMatchObject({ status: 'answered', datasetName: 'city-events-weekly' });
    const declined = ok(
      await officer.POST('/api/opendata/requests/{id}/answer', {
        params: { path: { id: b.id } },
        body: { decision: 'declined', answer: '巡查轨迹涉及个人位置信息，不予开放' },
      }),
    );
    expect(declined.status).toBe('declined');
    const twice = await officer.POST('/api/opendata/requests/{id}/answer', {
      params: { path: { id: b.id } },
      body: { decision: 'answered', answer: '改为开放' },
    });
    expect(errorCode(twice)).toBe('OPENDATA_REQUEST_CLOSED');

    const mine = ok(await citizen.GET('/api/opendata/requests/mine')).items;
    expect(mine.find((r) => r.id === a.id)).toMatchObject({
      status: 'answered',
      answer: '已在城市事件周报中按类别开放',
    });
    expect(mine.find((r) => r.id === b.id)?.status).toBe('declined');
    const inbox = ok(await citizen.GET('/api/me/notifications')).items;
    expect(inbox.filter((m) => m.link === '/opendata/requests')).toHaveLength(2);
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id in (${a.id}, ${b.id}) order by action`,
    );
    expect(audit.map((x) => x.action)).toEqual([
      'opendata.request.answered',
      'opendata.request.declined',
      'opendata.request.submitted',
      'opendata.request.submitted',
    ]);
  });
});

describe('withdrawing a dataset', () => {
  it("a citizen or another department's admin cannot withdraw it", async () => {
    const byCitizen = await citizen.POST('/api/opendata/datasets/{name}/withdraw', {
      params: { path: { name: 'city-events-weekly' } },
      body: { reason: '不想看到' },
    });
    expect(byCitizen.response.status).toBe(403);
    const byOther = await asbAdmin.POST('/api/opendata/datasets/{name}/withdraw', {
      params: { path: { name: 'city-events-weekly' } },
      body: { reason: '不是我们的' },
    });
    expect(byOther.response.status).toBe(403);
    expect((await ckan('package_show?id=city-events-weekly')).success).toBe(true);
  });

  it('the data officer withdraws it with a reason: gone from the catalogue, audited', async () => {
    expect((await ckan('package_list')).result).toContain('city-events-weekly');
    const withdrawn = ok(
      await officer.POST('/api/opendata/datasets/{name}/withdraw', {
        params: { path: { name: 'city-events-weekly' } },
        body: { reason: '发现位置粗化不足，重新处理后再发布' },
      }),
    );
    expect(withdrawn.state).toBe('withdrawn');
    expect(withdrawn.withdrawal?.reason).toBe('发现位置粗化不足，重新处理后再发布');

    expect((await ckan('package_list')).result).not.toContain('city-events-weekly');
    const searched = (await ckan('package_search?q=city-events&rows=100')).result as { results: { name: string }[] };
    expect(searched.results.map((d) => d.name)).not.toContain('city-events-weekly');
    const shown = await ckan('package_show?id=city-events-weekly');
    expect(shown).toMatchObject({ success: false, error: { __type: 'Not Found Error' } });
    const portal = await client(ctx).GET('/api/opendata/datasets/{name}', {
      params: { path: { name: 'city-events-weekly' } },
    });
    expect(errorCode(portal)).toBe('DATASET_NOT_FOUND');
    const found = ok(await client(ctx).GET('/api/opendata/datasets', { params: { query: { q: 'city-events' } } }));
    expect(found.items.map((d) => d.name)).not.toContain('city-events-weekly');

    // Its department still sees it, as CKAN shows a deleted dataset to a sysadmin.
    const own = (await officer.raw('GET', '/api/3/action/package_show?id=city-events-weekly')).json() as {
      result: { state: string };
    };
    expect(own.result.state).toBe('deleted');
    const listed = ok(await officer.GET('/api/opendata/department-datasets')).items;
    expect(listed.find((d) => d.name === 'city-events-weekly')?.state).toBe('withdrawn');

    const audit = await query<{ action: string; detail: { reason?: string } }>(
      ctx,
      sql`select action, detail from platform.audit_log where action = 'opendata.dataset.withdrawn' and resource_id = ${withdrawn.id}`,
    );
    expect(audit[0]?.detail.reason).toBe('发现位置粗化不足，重新处理后再发布');
    const again = await officer.POST('/api/opendata/datasets/{name}/withdraw', {
      params: { path: { name: 'city-events-weekly' } },
      body: { reason: '再撤一次' },
    });
    expect(errorCode(again)).toBe('DATASET_WITHDRAWN');
  });

  it('the data officer reinstates it with a reason: public again at once, audited; only a withdrawn one', async () => {
    const path = { name: 'city-events-weekly' };
    // A withdrawn dataset is not there for anyone but its department: 404 to a citizen and to another department.
    for (const someone of [citizen, asbAdmin])
      expect(
        errorCode(
          await someone.POST('/api/opendata/datasets/{name}/reinstate', {
            params: { path },
            body: { reason: '恢复它' },
          }),
        ),
      ).toBe('DATASET_NOT_FOUND');
    const back = ok(
      await officer.POST('/api/opendata/datasets/{name}/reinstate', {
        params: { path },
        body: { reason: '位置已重新粗化，复核通过' },
      }),
    );
    expect(back.state).toBe('active');
    expect(back.withdrawal).toBeNull();
    expect((await ckan('package_list')).result).toContain('city-events-weekly');
    expect((await ckan('package_show?id=city-events-weekly')).success).toBe(true);
    const found = ok(await client(ctx).GET('/api/opendata/datasets', { params: { query: { q: 'city-events' } } }));
    expect(found.items.map((d) => d.name)).toContain('city-events-weekly');
    const audit = await query<{ detail: { reason?: string; withdrawalReason?: string; to?: string } }>(
      ctx,
      sql`select detail from platform.audit_log where action = 'opendata.dataset.reinstated' and resource_id = ${back.id}`,
    );
    expect(audit[0]?.detail).toMatchObject({
      reason: '位置已重新粗化，复核通过',
      withdrawalReason: '发现位置粗化不足，重新处理后再发布',
      to: 'active',
    });
    const again = await officer.POST('/api/opendata/datasets/{name}/reinstate', {
      params: { path },
      body: { reason: '再恢复一次' },
    });
    expect(errorCode(again)).toBe('DATASET_NOT_WITHDRAWN');
  });
});

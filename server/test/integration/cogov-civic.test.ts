/**
 * Co-governance's civic parts: volunteer tasks (sign-up, places, check-in and out by code, hours
 * and points), participation points (rules as data, the ledger, events of the other parts, a
 * ranking without those who opted out), community notices, public comment on draft policies
 * (by article, response report) and patrols whose findings become city events. Every write has
 * an "another user cannot" case.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/audit.ts';
import { command } from '../../src/platform/context.ts';
import { generateResidents } from '../../src/demo/population.ts';
import { DEMO_SEED } from '../../src/demo/seed.ts';
import {
  client,
  createStaff,
  createTestApp,
  errorCode,
  ok,
  phoneCode,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  signInWithTotp,
  TEST_PASSWORD,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
let r1: Client; // residents of community X
let r2: Client;
let r3: Client; // a resident of community Y
let outsider: Client; // registered, not verified, on no roster
let outsiderPhone: string;
let staffX: Client;
let staffY: Client;
let grid01: Client;
let deptAdmin: Client;
let X: string;
let Y: string;

const HOUR = 3_600_000;
const path = (id: string) => ({ params: { path: { id } } });
const at = (ms: number) => new Date(ctx.clock.now().getTime() + ms).toISOString();

const roster = [...generateResidents(DEMO_SEED, 60)];
/** Two roster residents sharing a community, and one of another community. */
function pick() {
  const by = new Map<string, typeof roster>();
  for (const r of roster.slice(1)) by.set(r.communityCode, [...(by.get(r.communityCode) ?? []), r]);
  const pair = [...by.values()].find((g) => g.length >= 2)!;
  const other = roster.slice(1).find((r) => r.communityCode !== pair[0]!.communityCode)!;
  return { a: pair[0]!, b: pair[1]!, c: other };
}

async function registerResident(person: { name: string; idNumber: string; phone: string }, n: number) {
  const c = client(ctx, `10.7.0.${n}`);
  ok(
    await c.POST('/api/auth/register', {
      body: {
        name: person.name,
        idNumber: person.idNumber,
        phone: person.phone,
        phoneCode: await phoneCode(ctx, c, person.phone, 'register'),
        password: TEST_PASSWORD,
      },
    }),
  );
  return c;
}

async function communityId(code: string): Promise<string> {
  const page = ok(await client(ctx).GET('/api/org/communities', { params: { query: { q: code } } }));
  return page.items.find((c) => c.code === code)!.id;
}

const staffLogins = new Map<string, { password: string; secret: string }>();
async function staffOf(sysadmin: Client, username: string, community: string) {
  const s = await createStaff(ctx, sysadmin, username);
  staffLogins.set(username, { password: s.password, secret: s.secret });
  ok(
    await sysadmin.POST('/api/org/posts', {
      body: {
        accountId: s.accountId,
        departmentId: null,
        communityId: community,
        title: '居委会委员',
        roles: ['committee'],
      },
    }),
  );
  ctx.clock.advance(5_000); // past the session cache: the post is seen
  return s.client;
}

const { a, b, c } = pick();

/** Move the clock, then sign everyone in again (sessions expire when idle for 30 minutes). */
async function later(ms: number) {
  ctx.clock.advance(ms);
  const login = (phone: string, n: number) => signInCitizen(ctx, phone, TEST_PASSWORD, `10.7.1.${n}`);
  const staff = (u: string) => signInWithTotp(ctx, u, staffLogins.get(u)!.password, staffLogins.get(u)!.secret);
  r1 = await login(a.phone, 1);
  r2 = await login(b.phone, 2);
  r3 = await login(c.phone, 3);
  outsider = await login(outsiderPhone, 4);
  staffX = await staff('civicx');
  staffY = await staff('civicy');
  grid01 = await signInStaff(ctx, 'grid01');
  deptAdmin = await signInStaff(ctx, 'deptadmin01');
}

beforeAll(async () => {
  ctx = await createTestApp({ residents: 60 });
  r1 = await registerResident(a, 1);
  r2 = await registerResident(b, 2);
  r3 = await registerResident(c, 3);
  const o = await registerCitizen(ctx, { ip: '10.7.0.4' });
  outsider = o.client;
  outsiderPhone = o.phone;
  await ctx.platform.outbox.flush();
  X = await communityId(a.communityCode);
  Y = await communityId(c.communityCode);
  const sysadmin = await signInStaff(ctx, 'sysadmin');
  staffX = await staffOf(sysadmin, 'civicx', X);
  staffY = await staffOf(sysadmin, 'civicy', Y);
  grid01 = await signInStaff(ctx, 'grid01');
  deptAdmin = await signInStaff(ctx, 'deptadmin01');
  ctx.clock.advance(5_000);
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('standing', () => {
  it('the roster residents are verified and placed in their communities', async () => {
    expect(ok(await r1.GET('/api/me')).assuranceLevel).toBe('id_verified');
    expect(ok(await r1.GET('/api/cogov/volunteer/tasks')).communityId).toBe(X);
    expect(ok(await r3.GET('/api/cogov/volunteer/tasks')).communityId).toBe(Y);
    expect(ok(await outsider.GET('/api/cogov/volunteer/tasks'))).toEqual({ communityId: null, items: [] });
  });
});

describe('volunteer tasks', () => {
  let task: string;
  let single: string;
  let code1: string;
  const newTask = (slots: number) => ({
    communityId: X,
    title: `河道清洁 ${slots}`,
    description: '沿河捡拾垃圾',
    place: '河道东入口',
    skills: ['体力'],
    startsAt: at(HOUR),
    endsAt: at(4 * HOUR),
    slots,
  });

  it('community staff post a task; staff of another community and residents cannot', async () => {
    task = ok(await staffX.POST('/api/cogov/volunteer/tasks', { body: newTask(5) })).id;
    single = ok(await staffX.POST('/api/cogov/volunteer/tasks', { body: newTask(1) })).id;
    expect(errorCode(await staffY.POST('/api/cogov/volunteer/tasks', { body: newTask(5) }))).toBe(
      'COGOV_COMMUNITY_STAFF_REQUIRED',
    );
    expect(errorCode(await r1.POST('/api/cogov/volunteer/tasks', { body: newTask(5) }))).toBe(
      'COGOV_COMMUNITY_STAFF_REQUIRED',
    );
    const past = await staffX.POST('/api/cogov/volunteer/tasks', {
      body: { ...newTask(5), startsAt: at(-3 * HOUR), endsAt: at(-HOUR) },
    });
    expect(errorCode(past)).toBe('COGOV_VOLUNTEER_TIMES_INVALID');
  });

  it('residents of the community see it; a resident of another community neither sees nor joins it', async () => {
    expect(ok(await r1.GET('/api/cogov/volunteer/tasks')).items.map((t) => t.id)).toContain(task);
    expect(ok(await r3.GET('/api/cogov/volunteer/tasks')).items.map((t) => t.id)).not.toContain(task);
    expect(errorCode(await r3.POST('/api/cogov/volunteer/tasks/{id}/sign-up', path(task)))).toBe(
      'COGOV_VOLUNTEER_TASK_NOT_FOUND',
    );
    expect(errorCode(await outsider.POST('/api/cogov/volunteer/tasks/{id}/sign-up', path(task)))).toBe(
      'COGOV_VOLUNTEER_TASK_NOT_FOUND',
    );
  });

  it('signs a resident up with a check-in code; signing up again answers the same sign-up', async () => {
    const first = ok(await r1.POST('/api/cogov/volunteer/tasks/{id}/sign-up', path(task)));
    expect(first).toMatchObject({ myStatus: 'signed_up', taken: 1 });
    code1 = first.myCode!;
    expect(code1).toMatch(/^[A-Z2-9]{8}$/);
    const again = ok(await r1.POST('/api/cogov/volunteer/tasks/{id}/sign-up', path(task)));
    expect(again).toMatchObject({ myCode: code1, taken: 1 });
  });

  it('counts places: the last place goes once, and frees up on withdrawal', async () => {
    ok(await r1.POST('/api/cogov/volunteer/tasks/{id}/sign-up', path(single)));
    expect(errorCode(await r2.POST('/api/cogov/volunteer/tasks/{id}/sign-up', path(single)))).toBe(
      'COGOV_VOLUNTEER_TASK_FULL',
    );
    expect(ok(await r1.POST('/api/cogov/volunteer/tasks/{id}/withdraw', path(single)))).toMatchObject({ taken: 0 });
    expect(ok(await r2.POST('/api/cogov/volunteer/tasks/{id}/sign-up', path(single)))).toMatchObject({ taken: 1 });
  });

  it('only staff of the community see the roster and check in', async () => {
    expect(errorCode(await staffY.GET('/api/cogov/volunteer/tasks/{id}/roster', path(task)))).toBe(
      'COGOV_VOLUNTEER_TASK_NOT_FOUND',
    );
    const body = { code: code1 };
    expect(errorCode(await staffY.POST('/api/cogov/volunteer/tasks/{id}/check-in', { ...path(task), body }))).toBe(
      'COGOV_VOLUNTEER_TASK_NOT_FOUND',
    );
    expect(errorCode(await r1.POST('/api/cogov/volunteer/tasks/{id}/check-in', { ...path(task), body }))).toBe(
      'COGOV_COMMUNITY_STAFF_REQUIRED',
    );
    const roster = ok(await staffX.GET('/api/cogov/volunteer/tasks/{id}/roster', path(task)));
    expect(roster.signups).toHaveLength(1);
    expect(roster.signups[0]!.name).toContain('*');
  });

  it('checks in and out by code: the minutes served go on the record and earn points by the rules', async () => {
    expect(
      errorCode(
        await staffX.POST('/api/cogov/volunteer/tasks/{id}/check-out', { ...path(task), body: { code: code1 } }),
      ),
    ).toBe('COGOV_VOLUNTEER_CHECK_STATE');
    expect(
      errorCode(
        await staffX.POST('/api/cogov/volunteer/tasks/{id}/check-in', { ...path(task), body: { code: 'ZZZZZZZZ' } }),
      ),
    ).toBe('COGOV_VOLUNTEER_NOT_SIGNED_UP');
    await later(HOUR);
    const inn = ok(
      await staffX.POST('/api/cogov/volunteer/tasks/{id}/check-in', {
        ...path(task),
        body: { code: code1.toLowerCase() },
      }),
    );
    expect(inn.status).toBe('checked_in');
    await later(2 * HOUR + 30 * 60_000);
    const out = ok(
      await staffX.POST('/api/cogov/volunteer/tasks/{id}/check-out', { ...path(task), body: { code: code1 } }),
    );
    // 2½ hours, and the half-minute steps the sign-ins' one-time codes moved the clock.
    expect(out.status).toBe('checked_out');
    expect(out.minutes).toBeGreaterThanOrEqual(150);
    expect(out.minutes).toBeLessThan(160);
    const mine = ok(await r1.GET('/api/cogov/volunteer/mine'));
    expect(mine.totalMinutes).toBe(out.minutes);
    // 10 points an hour (the city's default rule), whole hours.
    expect(ok(await r1.GET('/api/cogov/points/mine'))).toMatchObject({
      total: 20,
      entries: [{ kind: 'volunteer_hour' }],
    });
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${task} order by at, id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'cogov.volunteer-task.created',
      'cogov.volunteer.signed-up',
      'cogov.volunteer.checked-in',
      'cogov.volunteer.checked-out',
    ]);
  });

  it('prints the hours as a certificate for the volunteer only', async () => {
    const pdf = await r1.GET('/api/cogov/volunteer/certificate', { parseAs: 'arrayBuffer' });
    expect(pdf.response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(ok(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await staffX.GET('/api/cogov/volunteer/certificate', { parseAs: 'arrayBuffer' })).response.status).toBe(
      403,
    );
  });

  it('keeps the points ledger append-only', async () => {
    await expect(query(ctx, sql`update cogov.point_entries set points = 999`)).rejects.toThrow();
  });
});

describe('points from the other parts and the ranking', () => {
  it('a community sets its own rule; another community’s staff cannot', async () => {
    const body = { communityId: X, kind: 'vote_cast' as const, points: 3 };
    expect(errorCode(await staffY.PUT('/api/cogov/points/rules', { body }))).toBe('COGOV_COMMUNITY_STAFF_REQUIRED');
    const rules = ok(await staffX.PUT('/api/cogov/points/rules', { body }));
    expect(rules.items.find((r) => r.kind === 'vote_cast')).toEqual({
      kind: 'vote_cast',
      points: 3,
      communityOwn: true,
    });
    expect(ok(await r3.GET('/api/cogov/points/rules')).items.find((r) => r.kind === 'vote_cast')!.points).toBe(2);
  });

  it('awards a vote and an adopted proposal from their events, once however often delivered', async () => {
    const me2 = ok(await r2.GET('/api/me')).id;
    const emit = () =>
      command(ctx.modules.cogov.context.platform, systemActor(), async (w) => {
        await w.emit('cogov.vote.recorded', { consultationId: 'c-1', accountId: me2 });
        await w.emit('cogov.proposal.answered', {
          proposalId: 'p-1',
          communityId: X,
          authorAccountId: me2,
          outcome: 'accepted',
        });
      });
    await emit();
    await emit();
    await ctx.platform.outbox.flush();
    // vote: the community's own 3; proposal adopted: the city's 20.
    expect(ok(await r2.GET('/api/cogov/points/mine')).total).toBe(23);
  });

  it('ranks the community; one who opts out is not in it at all', async () => {
    const before = ok(await r2.GET('/api/cogov/points/ranking'));
    expect(before.items.map((r) => r.points)).toEqual([23, 20]);
    expect(before.items[0]).toMatchObject({ rank: 1, me: true });
    ok(await r1.PUT('/api/cogov/points/in-ranking', { body: { inRanking: false } }));
    const after = ok(await r2.GET('/api/cogov/points/ranking'));
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ rank: 1, points: 23, me: true });
    expect(
      ok(await staffX.GET('/api/cogov/points/ranking', { params: { query: { communityId: X } } })).items,
    ).toHaveLength(1);
    expect(errorCode(await staffY.GET('/api/cogov/points/ranking', { params: { query: { communityId: X } } }))).toBe(
      'COGOV_COMMUNITY_STAFF_REQUIRED',
    );
    expect(ok(await r3.GET('/api/cogov/points/ranking')).items).toEqual([]);
  });
});

describe('community notices', () => {
  let id: string;
  it('staff publish to their community; others cannot', async () => {
    const body = { communityId: X, title: '停水通知', body: '周三 9:00-12:00 停水', important: true };
    id = ok(await staffX.POST('/api/cogov/notices', { body })).id;
    expect(errorCode(await staffY.POST('/api/cogov/notices', { body }))).toBe('COGOV_COMMUNITY_STAFF_REQUIRED');
    expect(errorCode(await r1.POST('/api/cogov/notices', { body }))).toBe('COGOV_COMMUNITY_STAFF_REQUIRED');
  });
  it('residents of the community read it; reading is recorded; others do not see it', async () => {
    const mine = ok(await r1.GET('/api/cogov/notices'));
    expect(mine.unread).toBeGreaterThanOrEqual(1);
    expect(mine.items.find((n) => n.id === id)).toMatchObject({ read: false, important: true });
    ok(await r1.GET('/api/cogov/notices/{id}', path(id)));
    expect(ok(await r1.GET('/api/cogov/notices')).items.find((n) => n.id === id)!.read).toBe(true);
    expect(errorCode(await r3.GET('/api/cogov/notices/{id}', path(id)))).toBe('COGOV_NOTICE_NOT_FOUND');
    expect(ok(await r3.GET('/api/cogov/notices')).items.map((n) => n.id)).not.toContain(id);
    expect(ok(await staffX.GET('/api/cogov/staff/notices')).items.find((n) => n.id === id)!.readers).toBe(1);
  });
  it('only its community’s staff withdraw it', async () => {
    expect(errorCode(await staffY.POST('/api/cogov/notices/{id}/withdraw', path(id)))).toBe('COGOV_NOTICE_NOT_FOUND');
    expect((await staffX.POST('/api/cogov/notices/{id}/withdraw', path(id))).response.status).toBe(204);
    expect(ok(await r1.GET('/api/cogov/notices')).items.map((n) => n.id)).not.toContain(id);
  });
});

describe('public comment on a draft policy', () => {
  let id: string;
  let comment: string;
  const draft = () => ({
    departmentCode: 'ASB',
    title: '便民服务规定（征求意见稿）',
    summary: '公开征求意见',
    closesAt: at(10 * 24 * HOUR),
    articles: [
      { heading: '第一条', body: '为方便群众办事，制定本规定。' },
      { heading: '第二条', body: '窗口延时服务至 19:00。' },
    ],
  });

  it("a department's admin publishes it by article; other staff cannot", async () => {
    const d = ok(await deptAdmin.POST('/api/cogov/policy-drafts', { body: draft() }));
    id = d.id;
    expect(d).toMatchObject({ phase: 'open', department: { code: 'ASB' } });
    expect(d.articles.map((a) => a.seq)).toEqual([1, 2]);
    expect(errorCode(await staffX.POST('/api/cogov/policy-drafts', { body: draft() }))).toBe('FORBIDDEN');
    expect(
      errorCode(await deptAdmin.POST('/api/cogov/policy-drafts', { body: { ...draft(), departmentCode: 'PSB' } })),
    ).toBe('FORBIDDEN');
    expect(ok(await client(ctx).GET('/api/cogov/policy-drafts')).items.map((x) => x.id)).toContain(id);
  });

  it('a verified person comments on an article, once per Idempotency-Key; an unverified one cannot', async () => {
    const send = (c: Client, articleSeq: number, key: string) =>
      c.POST('/api/cogov/policy-drafts/{id}/comments', {
        params: { path: { id }, header: { 'idempotency-key': key } },
        body: { articleSeq, body: '建议延时到 20:00' },
      });
    const first = ok(await send(r1, 2, 'comment-key-0001'));
    comment = first.id;
    expect(ok(await send(r1, 2, 'comment-key-0001')).id).toBe(comment);
    ok(await send(r3, 1, 'comment-key-0002'));
    expect(errorCode(await send(outsider, 1, 'comment-key-0003'))).toBe('ASSURANCE_TOO_LOW');
    expect(errorCode(await send(staffX, 1, 'comment-key-0004'))).toBe('FORBIDDEN');
    expect(errorCode(await send(r1, 9, 'comment-key-0005'))).toBe('COGOV_POLICY_ARTICLE_NOT_FOUND');
    const view = ok(await client(ctx).GET('/api/cogov/policy-drafts/{id}', path(id)));
    expect(view.commentCount).toBe(2);
    expect(view.articles[1]!.comments[0]!.author).toContain('*');
  });

  it('an agent comments for their enterprise, shown by its name; moderation hides a comment from all but its author', async () => {
    const rep = await signInCitizen(ctx, undefined, undefined, '10.7.0.9');
    const [enterprise] = ok(await rep.GET('/api/me/enterprises')).items;
    ok(await rep.POST('/api/me/acting-as', { body: { enterpriseId: enterprise!.enterpriseId } }));
    const byEnterprise = ok(
      await rep.POST('/api/cogov/policy-drafts/{id}/comments', {
        params: { path: { id }, header: { 'idempotency-key': 'comment-key-0007' } },
        body: { articleSeq: 1, body: '建议企业开办一并办理' },
      }),
    );
    expect(byEnterprise).toMatchObject({ byEnterprise: true, author: enterprise!.name });
    // The core's moderation hides it through the content-type registry (after N flags, or a moderator).
    const kind = ctx.modules.cogov.context.contentTypes.get('policy_comment')!;
    await ctx.platform.db.transaction().execute(async (tx) => {
      expect(await kind.describe(tx, byEnterprise.id)).toMatchObject({ communityId: null, hidden: false });
      await kind.setHidden(tx, byEnterprise.id, true);
    });
    const seen = ok(await client(ctx).GET('/api/cogov/policy-drafts/{id}', path(id)));
    expect(seen.commentCount).toBe(2);
    expect(seen.articles[0]!.comments.map((c) => c.id)).not.toContain(byEnterprise.id);
    const own = ok(await rep.GET('/api/cogov/policy-drafts/{id}', path(id)));
    expect(own.articles[0]!.comments.find((c) => c.id === byEnterprise.id)).toMatchObject({ mine: true });
  });

  it('answers only after the period, completely, and tells the commenters', async () => {
    const respond = (
      c: Client,
      body: {
        summary: string;
        decisions: { commentId: string; decision: 'adopted' | 'partly_adopted' | 'not_adopted'; reason?: string }[];
      },
    ) => c.POST('/api/cogov/policy-drafts/{id}/response', { ...path(id), body });
    const view = ok(await client(ctx).GET('/api/cogov/policy-drafts/{id}', path(id)));
    const other = view.articles[0]!.comments[0]!.id;
    const full = {
      summary: '共收到意见 2 条',
      decisions: [
        { commentId: comment, decision: 'adopted' as const },
        { commentId: other, decision: 'not_adopted' as const, reason: '与上位法不符' },
      ],
    };
    expect(errorCode(await respond(deptAdmin, full))).toBe('COGOV_POLICY_STILL_OPEN');
    await later(11 * 24 * HOUR);
    const late = await r1.POST('/api/cogov/policy-drafts/{id}/comments', {
      params: { path: { id }, header: { 'idempotency-key': 'comment-key-0006' } },
      body: { articleSeq: 1, body: '晚了' },
    });
    expect(errorCode(late)).toBe('COGOV_POLICY_COMMENT_CLOSED');
    expect(errorCode(await respond(staffX, full))).toBe('FORBIDDEN');
    const incomplete = await respond(deptAdmin, {
      summary: 'x',
      decisions: [{ commentId: other, decision: 'not_adopted' }],
    });
    expect(errorCode(incomplete)).toBe('COGOV_POLICY_REPORT_INCOMPLETE');
    const done = ok(await respond(deptAdmin, full));
    expect(done.report).toMatchObject({ adopted: 1, partlyAdopted: 0, notAdopted: 1 });
    expect(done.phase).toBe('responded');
    const mine = ok(await r1.GET('/api/cogov/policy-drafts/{id}', path(id))).articles[1]!.comments[0]!;
    expect(mine).toMatchObject({ mine: true, decision: 'adopted' });
    const messages = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from notify.messages where topic = 'cogov.policy-draft.responded'`,
    );
    expect(messages[0]!.n).toBe(2);
    expect(errorCode(await respond(deptAdmin, full))).toBe('COGOV_POLICY_STILL_OPEN');
  });
});

describe('patrols', () => {
  const route = [
    { lat: 27.5994, lng: 120.4931 },
    { lat: 27.6004, lng: 120.4931 },
  ];
  it("logs a grid worker's patrol; each finding becomes a city event, once per Idempotency-Key", async () => {
    const body = {
      startedAt: at(-HOUR),
      endedAt: at(-60_000),
      route,
      note: '例行巡查',
      findings: [{ categoryCode: 'illegal-ads', description: '电线杆小广告', lat: 27.6, lng: 120.4931 }],
    };
    const send = () =>
      grid01.POST('/api/cogov/patrols', { params: { header: { 'idempotency-key': 'patrol-key-0001' } }, body });
    const p = ok(await send());
    expect(p.distanceM).toBeGreaterThan(100);
    const finding = p.findings[0]!;
    expect(finding.eventNumber).toMatch(/^SJ/);
    const event = ok(await grid01.GET('/api/cityops/events/{id}', path(finding.eventId!)));
    expect(event.source).toBe('patrol');
    const again = ok(await send());
    expect(again.id).toBe(p.id);
    expect(again.findings[0]!.eventId).toBe(finding.eventId);
    expect(ok(await grid01.GET('/api/cogov/patrols')).items.map((x) => x.id)).toContain(p.id);
  });
  it('refuses a route outside the city, and anyone but a grid worker', async () => {
    const body = { startedAt: at(-HOUR), endedAt: at(-60_000), route: [route[0]!, { lat: 31.2, lng: 121.5 }] };
    expect(errorCode(await grid01.POST('/api/cogov/patrols', { body }))).toBe('COGOV_PATROL_ROUTE_INVALID');
    expect(errorCode(await r1.POST('/api/cogov/patrols', { body: { ...body, route } }))).toBe('FORBIDDEN');
    expect(errorCode(await staffX.POST('/api/cogov/patrols', { body: { ...body, route } }))).toBe('FORBIDDEN');
  });
});

/**
 * 居民提议, what residents write and what they are told: a proposal's photos (their own images,
 * served to the community only) and place; filing once per Idempotency-Key; edits by the author
 * alone, until someone supports it; threaded comments, flags and moderation in scope; the
 * committee's answer told to followers and supporters; a notice and a consultation opening told
 * to the community's residents through notify, a page of residents at a time.
 */
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITY_CODE } from '../../src/demo/city.ts';
import { setRules } from '../../src/modules/cogov/cogov.settings.ts';
import { rosterPeople, verifiedResident } from '../cogov-helpers.ts';
import { minimalPdf, minimalPng } from '../fixtures.ts';
import {
  createStaff,
  createTestApp,
  errorCode,
  ok,
  query,
  signInStaff,
  signInWithTotp,
  upload,
  type Client,
  type TestContext,
} from '../helpers.ts';

let ctx: TestContext;
const COMMUNITY = '330383000050';
const OTHER = '330383000092';
const people = rosterPeople(300);
const here = people.filter((p) => p.communityCode === COMMUNITY);
const adults = here.filter((p) => p.birthDate < '2008-01-01');
const minor = here.find((p) => p.birthDate > '2012-01-01')!;
const elsewhere = people.find((p) => p.communityCode === OTHER && p.birthDate < '2000-01-01')!;
let communityId: string;
let r: Client[];
let kid: Client;
let outsider: Client;
let committee: Client;
let otherModerator: Client;
let moderator: Client;

const key = () => `proposal-${randomBytes(8).toString('hex')}`;
const proposal = (extra: Record<string, unknown> = {}) => ({
  title: '小区北门增设无障碍坡道',
  body: '北门只有台阶，轮椅和婴儿车进出困难，建议增设无障碍坡道。',
  category: 'facilities' as const,
  authorDisplay: 'masked' as const,
  ...extra,
});
const propose = (c: Client, body = proposal(), k = key()) =>
  c.POST('/api/cogov/proposals', { params: { header: { 'idempotency-key': k } }, body });
const photoOf = async (c: Client) => ok(await upload(c, minimalPng(), 'ramp.png', 'image/png')).id;
const path = (id: string) => ({ params: { path: { id } } });
const inbox = async (c: Client) =>
  JSON.stringify(ok(await c.GET('/api/me/notifications', { params: { query: { pageSize: 100 } } })).items);

async function staffOf(username: string, community: string, roles: ('committee' | 'moderator')[]) {
  const sysadmin = await signInStaff(ctx, 'sysadmin');
  const staff = await createStaff(ctx, sysadmin, username);
  ok(
    await sysadmin.POST('/api/org/posts', {
      body: { accountId: staff.accountId, departmentId: null, communityId: community, title: '社区工作者', roles },
    }),
  );
  return signInWithTotp(ctx, username, staff.password, staff.secret);
}

beforeAll(async () => {
  ctx = await createTestApp({ residents: 300 });
  const ids = (await ctx.modules.org.service.placeIds()).communities;
  communityId = ids.get(COMMUNITY)!;
  await setRules(
    ctx.platform.db,
    communityId,
    DEMO_CITY_CODE,
    { supportThreshold: 2, supportDays: 30, answerWorkingDays: 5, hideAfterFlags: 3 },
    ctx.clock.now(),
  );
  r = [];
  for (const p of adults.slice(0, 6)) r.push(await verifiedResident(ctx, p));
  kid = await verifiedResident(ctx, minor);
  outsider = await verifiedResident(ctx, elsewhere);
  committee = await staffOf('committee50', communityId, ['committee']);
  otherModerator = await staffOf('moderator92', ids.get(OTHER)!, ['moderator']);
  moderator = await signInStaff(ctx, 'moderator01');
}, 180_000);
afterAll(async () => {
  await ctx.teardown();
});

describe('photos and place', () => {
  it('a proposal carries its author’s images and a point or an address; residents of the community see the photos', async () => {
    const mine = await photoOf(r[0]!);
    const theirs = await photoOf(r[1]!);
    const pdf = ok(await upload(r[0]!, minimalPdf(), 'plan.pdf')).id;
    for (const photos of [[theirs], [pdf], [mine, mine]])
      expect(errorCode(await propose(r[0]!, proposal({ photos })))).toBe('COGOV_PHOTO_INVALID');
    const seven = await Promise.all(Array.from({ length: 7 }, () => photoOf(r[0]!)));
    expect((await propose(r[0]!, proposal({ photos: seven }))).response.status).toBe(400);
    expect(errorCode(await propose(r[0]!, proposal({ lat: 28.1 })))).toBe('COGOV_LOCATION_INVALID');
    // A point outside the city's communities (Wenzhou's old town, 60 km north).
    expect(errorCode(await propose(r[0]!, proposal({ lat: 28.01, lng: 120.65 })))).toBe('COGOV_LOCATION_INVALID');

    const p = ok(
      await propose(r[0]!, proposal({ photos: [mine], lat: 27.5994, lng: 120.4931, address: '北门岗亭旁' })),
    );
    expect(p).toMatchObject({ photos: [mine], lat: 27.5994, lng: 120.4931, address: '北门岗亭旁', mayEdit: true });
    const photo = (c: Client) =>
      c.GET('/api/cogov/proposals/{id}/photos/{photoId}', {
        params: { path: { id: p.id, photoId: mine } },
        parseAs: 'arrayBuffer',
      });
    const seen = await photo(r[1]!);
    expect(seen.response.status).toBe(200);
    expect(seen.response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(seen.data!).equals(minimalPng())).toBe(true);
    expect((await photo(outsider)).response.status).toBe(404);
    // A photo that is not the proposal's is not served through it.
    const other = await r[1]!.GET('/api/cogov/proposals/{id}/photos/{photoId}', {
      params: { path: { id: p.id, photoId: theirs } },
      parseAs: 'arrayBuffer',
    });
    expect(other.response.status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('a retry answers the proposal filed the first time; the key with another proposal is refused; none is refused', async () => {
    const k = key();
    const first = await propose(r[1]!, proposal({ title: '雨天南门积水' }), k);
    expect(first.response.status).toBe(201);
    const again = await propose(r[1]!, proposal({ title: '雨天南门积水' }), k);
    expect(again.response.status).toBe(200);
    expect(ok(again).id).toBe(ok(first).id);
    const filed = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from cogov.proposals where title = '雨天南门积水'`,
    );
    expect(filed[0]!.n).toBe(1);
    expect(errorCode(await propose(r[1]!, proposal({ title: '雨天北门积水' }), k))).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys are the author's own: another resident's request with the same key files their own proposal.
    const theirs = await propose(r[2]!, proposal({ title: '雨天南门积水' }), k);
    expect(theirs.response.status).toBe(201);
    expect(ok(theirs).id).not.toBe(ok(first).id);
    // Two taps racing with one key file one proposal: the loser answers the winner's.
    const raced = key();
    const both = await Promise.all([0, 1].map(() => propose(r[3]!, proposal({ title: '雨天东门积水' }), raced)));
    expect(both.map((x) => x.response.status).sort()).toEqual([200, 201]);
    expect(ok(both[0]!).id).toBe(ok(both[1]!).id);
    const none = await r[1]!.POST('/api/cogov/proposals', {
      body: proposal(),
      params: { header: {} as { 'idempotency-key': string } },
    });
    expect(none.response.status).toBe(400);
  });
});

describe('editing', () => {
  it('its author changes it while no one supports it; another resident, an outsider and the committee cannot', async () => {
    const p = ok(await propose(r[2]!));
    const edit = (c: Client, title = '小区北门增设无障碍坡道和扶手') => {
      const { authorDisplay: _shown, ...content } = proposal({ title });
      return c.PUT('/api/cogov/proposals/{id}', { ...path(p.id), body: content });
    };
    expect((await edit(r[3]!)).response.status).toBe(403);
    expect((await edit(committee)).response.status).toBe(403);
    expect((await edit(outsider)).response.status).toBe(404);
    const edited = ok(await edit(r[2]!));
    expect(edited.title).toBe('小区北门增设无障碍坡道和扶手');
    expect(edited.editedAt).not.toBeNull();
    expect(ok(await r[3]!.GET('/api/cogov/proposals/{id}', path(p.id))).mayEdit).toBe(false);
    ok(await r[3]!.POST('/api/cogov/proposals/{id}/support', path(p.id)));
    expect(errorCode(await edit(r[2]!, '再改一次标题'))).toBe('COGOV_PROPOSAL_NOT_EDITABLE');
    expect(ok(await r[2]!.GET('/api/cogov/proposals/{id}', path(p.id))).mayEdit).toBe(false);
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${p.id} and action = 'cogov.proposal.edited'`,
    );
    expect(audit).toHaveLength(1);
  });
});

describe('comments', () => {
  it('a reply threads under its comment and tells its author; a flag is remembered; only moderators in scope decide', async () => {
    const p = ok(await propose(r[0]!, proposal({ title: '楼道灯常坏' })));
    const comment = (c: Client, body: string, parentId?: string) =>
      c.POST('/api/cogov/proposals/{id}/comments', {
        ...path(p.id),
        body: { body, authorDisplay: 'masked', ...(parentId ? { parentId } : {}) },
      });
    const first = ok(await comment(r[1]!, '同意，3 号楼也常坏。')).comments[0]!;
    const thread = ok(await comment(r[2]!, '已经报修过一次了。', first.id));
    const reply = thread.comments.find((m) => m.parentId === first.id)!;
    expect(reply.body).toBe('已经报修过一次了。');
    expect(await inbox(r[1]!)).toContain('有人回复了您的评论');
    expect(await inbox(r[2]!)).not.toContain('有人回复了您的评论');
    // A parent of another proposal is no parent here; an outsider cannot comment.
    const elsewhere = ok(await propose(r[3]!, proposal({ title: '快递柜太少' })));
    const foreign = await r[2]!.POST('/api/cogov/proposals/{id}/comments', {
      ...path(elsewhere.id),
      body: { body: '回复', authorDisplay: 'masked', parentId: first.id },
    });
    expect(errorCode(foreign)).toBe('COGOV_COMMENT_NOT_FOUND');
    expect((await comment(outsider, '路过')).response.status).toBe(403);

    ok(
      await r[3]!.POST('/api/cogov/content/{kind}/{id}/flags', {
        params: { path: { kind: 'proposal_comment', id: reply.id } },
        body: { reason: '无关内容' },
      }),
    );
    const seen = ok(await r[3]!.GET('/api/cogov/proposals/{id}', path(p.id)));
    expect(seen.comments.find((m) => m.id === reply.id)).toMatchObject({ flagged: true, hidden: false });
    expect(ok(await r[1]!.GET('/api/cogov/proposals/{id}', path(p.id))).comments.every((m) => !m.flagged)).toBe(true);

    // Moderation: not a resident, not the committee, not another community's moderator.
    const review = ok(
      await moderator.GET('/api/cogov/moderation/reviews', { params: { query: { status: 'pending' } } }),
    ).items.find((x) => x.contentId === reply.id)!;
    const decide = (c: Client) =>
      c.POST('/api/cogov/moderation/reviews/{id}/decision', {
        ...path(review.id),
        body: { outcome: 'hide', reason: '与提议无关' },
      });
    expect((await r[1]!.GET('/api/cogov/moderation/reviews', { params: { query: {} } })).response.status).toBe(403);
    expect((await decide(r[1]!)).response.status).toBe(403);
    expect((await decide(committee)).response.status).toBe(403);
    const theirQueue = ok(await otherModerator.GET('/api/cogov/moderation/reviews', { params: { query: {} } }));
    expect(theirQueue.items.some((x) => x.id === review.id)).toBe(false);
    expect((await decide(otherModerator)).response.status).toBe(404);
    expect(ok(await decide(moderator)).status).toBe('hidden');
    const hidden = ok(await r[1]!.GET('/api/cogov/proposals/{id}', path(p.id)));
    expect(hidden.comments.find((m) => m.id === reply.id)).toMatchObject({ hidden: true, body: '' });
  });
});

describe('what residents are told', () => {
  it('the answer reaches the author, followers and supporters; one who unfollowed is not told', async () => {
    const p = ok(await propose(r[4]!, proposal({ title: '增设儿童游乐设施' })));
    ok(await r[0]!.PUT('/api/cogov/proposals/{id}/follow', path(p.id)));
    ok(await r[5]!.PUT('/api/cogov/proposals/{id}/follow', path(p.id)));
    expect(ok(await r[5]!.DELETE('/api/cogov/proposals/{id}/follow', path(p.id))).following).toBe(false);
    ok(await r[1]!.POST('/api/cogov/proposals/{id}/support', path(p.id)));
    expect(ok(await r[2]!.POST('/api/cogov/proposals/{id}/support', path(p.id))).status).toBe('awaiting_answer');
    ok(
      await committee.POST('/api/cogov/proposals/{id}/answer', {
        ...path(p.id),
        body: { outcome: 'accepted', answer: '采纳，明年春季在中心绿地建成。' },
      }),
    );
    const told = '增设儿童游乐设施';
    for (const c of [r[4]!, r[0]!, r[1]!, r[2]!]) {
      const box = await inbox(c);
      expect(box).toContain('居委会答复了提议');
      expect(box).toContain(told);
    }
    expect(await inbox(r[5]!)).not.toContain(told);
  });

  it('a notice and a consultation opening reach the community’s residents in pages, not others; the vote’s minimum age counts', async () => {
    ctx.modules.cogov.context.broadcasts.pageSize = 2; // the community has more residents than that
    const notice = ok(
      await committee.POST('/api/cogov/notices', {
        body: { communityId, title: '本周六停水通知', body: '因管道检修，周六 8:00-14:00 停水，请提前储水。' },
      }),
    );
    await ctx.platform.jobs.flush();
    for (const c of [...r, kid]) expect(await inbox(c)).toContain('本周六停水通知');
    expect(await inbox(outsider)).not.toContain('本周六停水通知');
    const pages = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.jobs where kind = 'cogov.broadcast' and payload::text like ${`%${notice.id}%`}`,
    );
    expect(pages[0]!.n).toBeGreaterThan(2);
    // Told once each, however often a page runs.
    const messages = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from notify.messages where source_event_id = ${`cogov-notice:${notice.id}`}`,
    );
    expect(messages[0]!.n).toBe(r.length + 1);

    const now = ctx.clock.now().getTime();
    const vote = ok(
      await committee.POST('/api/cogov/consultations', {
        body: {
          scope: 'community',
          communityId,
          title: '健身器材选址',
          background: '社区拟新增一组健身器材，请选择位置。',
          options: [
            { key: 'A', label: '中心绿地', labelEn: 'Central green' },
            { key: 'B', label: '北门广场', labelEn: 'North gate square' },
          ],
          opensAt: new Date(now + 600_000).toISOString(),
          closesAt: new Date(now + 7 * 86_400_000).toISOString(),
          minAge: 18,
        },
      }),
    );
    await ctx.platform.jobs.flush();
    expect(await inbox(r[0]!)).not.toContain('健身器材选址'); // not open yet
    ctx.clock.advance(600_000);
    await ctx.platform.jobs.flush();
    for (const c of r) expect(await inbox(c)).toContain(`/cogov/votes/${vote.id}`);
    expect(await inbox(kid)).not.toContain('健身器材选址');
    expect(await inbox(outsider)).not.toContain('健身器材选址');
  });
});

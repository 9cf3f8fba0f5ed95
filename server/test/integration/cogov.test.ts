/**
 * 一网共治 core: standing (verified, resident, age) refused to vote and propose; proposals past
 * their threshold answered by the committee, overdue escalated; the secret ballot (one voter
 * record per resident by a database constraint, a changed vote, no ballot→voter link in any
 * table or API answer, the published receipts recounting to the result); moderation.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DEMO_CITY_CODE } from '../../src/demo/city.ts';
import { rosterPeople, verifiedResident } from '../cogov-helpers.ts';
import {
  createStaff,
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInStaff,
  signInWithTotp,
  type Client,
  type TestContext,
} from '../helpers.ts';
import { setRules } from '../../src/modules/cogov/cogov.settings.ts';

let ctx: TestContext;
const COMMUNITY = '330383000026';
const people = rosterPeople(120);
const here = people.filter((p) => p.communityCode === COMMUNITY);
const adults = here.filter((p) => p.birthDate < '2008-01-01');
const minor = here.find((p) => p.birthDate > '2011-01-01')!;
const elsewhere = people.find((p) => p.communityCode !== COMMUNITY && p.birthDate < '2000-01-01')!;
let communityId: string;
let residents: Client[];
let kid: Client;
let outsider: Client;
let committee: Client;
let otherCommittee: Client;
let moderator: Client;
const key = () => randomBytes(32).toString('base64url');

beforeAll(async () => {
  ctx = await createTestApp({ residents: 120 });
  communityId = (await ctx.modules.org.service.placeIds()).communities.get(COMMUNITY)!;
  await setRules(
    ctx.platform.db,
    communityId,
    DEMO_CITY_CODE,
    { supportThreshold: 2, supportDays: 30, answerWorkingDays: 5, hideAfterFlags: 2 },
    ctx.clock.now(),
  );
  residents = [];
  for (const p of adults.slice(0, 4)) residents.push(await verifiedResident(ctx, p));
  kid = await verifiedResident(ctx, minor);
  outsider = await verifiedResident(ctx, elsewhere);
  const sysadmin = await signInStaff(ctx, 'sysadmin');
  const staff = await createStaff(ctx, sysadmin, 'committee26');
  ok(
    await sysadmin.POST('/api/org/posts', {
      body: { accountId: staff.accountId, departmentId: null, communityId, title: '居委会委员', roles: ['committee'] },
    }),
  );
  committee = await signInWithTotp(ctx, 'committee26', staff.password, staff.secret);
  otherCommittee = await signInStaff(ctx, 'committee01');
  moderator = await signInStaff(ctx, 'moderator01');
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

const newProposal = (c: Client, authorDisplay: 'real' | 'masked' | 'pseudonym' = 'masked') =>
  c.POST('/api/cogov/proposals', {
    params: { header: { 'idempotency-key': `proposal-${randomBytes(8).toString('hex')}` } },
    body: {
      title: '增设电动车充电桩',
      body: '小区电动车多，充电难，建议在南门增设充电桩。',
      category: 'facilities',
      authorDisplay,
    },
  });

async function openConsultation(opts: { minAge?: number; closesInMs?: number } = {}) {
  const now = ctx.clock.now().getTime();
  return ok(
    await committee.POST('/api/cogov/consultations', {
      body: {
        scope: 'community',
        communityId,
        title: '小区停车位分配方案',
        background: '小区新增 40 个车位，请居民选择分配方案。',
        options: [
          { key: 'A', label: '摇号', labelEn: 'Lottery' },
          { key: 'B', label: '按登记先后', labelEn: 'First come' },
        ],
        opensAt: new Date(now - 1000).toISOString(),
        closesAt: new Date(now + (opts.closesInMs ?? 3_600_000)).toISOString(),
        ...(opts.minAge !== undefined ? { minAge: opts.minAge } : {}),
      },
    }),
  );
}

describe('standing', () => {
  it('a resident sees their community by the roster', async () => {
    const me = ok(await residents[0]!.GET('/api/cogov/me'));
    expect(me.verified).toBe(true);
    expect(me.resident?.communityId).toBe(communityId);
  });

  it('an unverified account, a non-resident and an under-age resident may not propose or vote', async () => {
    const unverified = (await registerCitizen(ctx)).client;
    const notOnRoster = await registerCitizen(ctx);
    await ctx.modules.identity.service.markIdVerified(notOnRoster.id, 'test.in-person');
    ctx.clock.advance(5_000);
    const consultation = await openConsultation({ minAge: 18 });
    const vote = (c: Client) =>
      c.POST('/api/cogov/consultations/{id}/ballot', {
        params: { path: { id: consultation.id } },
        body: { choice: 'A', ballotKey: key() },
      });
    for (const [c, code] of [
      [unverified, 'COGOV_NOT_VERIFIED'],
      [notOnRoster.client, 'COGOV_NOT_RESIDENT'],
      [kid, 'COGOV_UNDER_AGE'],
    ] as const) {
      const proposed = await newProposal(c);
      expect(proposed.response.status).toBe(403);
      expect(errorCode(proposed)).toBe(code);
    }
    // Voting: the unverified and the non-resident do not see a community's consultation at all (404); the under-age resident is refused.
    expect((await vote(unverified)).response.status).toBe(404);
    expect((await vote(notOnRoster.client)).response.status).toBe(404);
    expect((await vote(outsider)).response.status).toBe(404);
    const kidVote = await vote(kid);
    expect(errorCode(kidVote)).toBe('COGOV_UNDER_AGE');
    const detail = ok(await kid.GET('/api/cogov/consultations/{id}', { params: { path: { id: consultation.id } } }));
    expect(detail.refusal).toBe('COGOV_UNDER_AGE');
  });
});

describe('proposals', () => {
  it('past the threshold the committee must answer; another community’s committee cannot; the answer is public', async () => {
    const p = ok(await newProposal(residents[0]!, 'masked'));
    expect(p.author).toContain('*');
    expect(p.status).toBe('open');
    expect(
      errorCode(await residents[0]!.POST('/api/cogov/proposals/{id}/support', { params: { path: { id: p.id } } })),
    ).toBe('COGOV_OWN_PROPOSAL');
    expect(
      errorCode(await outsider.POST('/api/cogov/proposals/{id}/support', { params: { path: { id: p.id } } })),
    ).toBe('COGOV_NOT_RESIDENT');
    ok(await residents[1]!.POST('/api/cogov/proposals/{id}/support', { params: { path: { id: p.id } } }));
    ok(await residents[1]!.POST('/api/cogov/proposals/{id}/support', { params: { path: { id: p.id } } })); // once per resident
    const reached = ok(
      await residents[2]!.POST('/api/cogov/proposals/{id}/support', { params: { path: { id: p.id } } }),
    );
    expect(reached.supportCount).toBe(2);
    expect(reached.status).toBe('awaiting_answer');
    expect(reached.answerDueAt).not.toBeNull();
    const answer = {
      outcome: 'accepted' as const,
      answer: '同意，下月在南门安装 10 个充电桩。',
      plan: '11 月底前完成',
    };
    const foreign = await otherCommittee.POST('/api/cogov/proposals/{id}/answer', {
      params: { path: { id: p.id } },
      body: answer,
    });
    expect(foreign.response.status).toBe(404);
    expect(
      (await residents[1]!.POST('/api/cogov/proposals/{id}/answer', { params: { path: { id: p.id } }, body: answer }))
        .response.status,
    ).toBe(403);
    const answered = ok(
      await committee.POST('/api/cogov/proposals/{id}/answer', { params: { path: { id: p.id } }, body: answer }),
    );
    expect(answered.status).toBe('accepted');
    const seen = ok(await residents[3]!.GET('/api/cogov/proposals/{id}', { params: { path: { id: p.id } } }));
    expect(seen.answer).toBe(answer.answer);
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${p.id} order by at, id`,
    );
    // One instant of the manual clock: rows of equal times come in no defined order.
    expect(audit.map((a) => a.action).sort()).toEqual(
      ['cogov.proposal.created', 'cogov.proposal.threshold-reached', 'cogov.proposal.answered'].sort(),
    );
  });
});

describe('secret ballot', () => {
  it('one voter record per resident (a database constraint); a vote changed with the same key; another key refused', async () => {
    const c = await openConsultation();
    const k = key();
    const first = ok(
      await residents[0]!.POST('/api/cogov/consultations/{id}/ballot', {
        params: { path: { id: c.id } },
        body: { choice: 'A', ballotKey: k },
      }),
    );
    expect(first.changed).toBe(false);
    const again = ok(
      await residents[0]!.POST('/api/cogov/consultations/{id}/ballot', {
        params: { path: { id: c.id } },
        body: { choice: 'B', ballotKey: k },
      }),
    );
    expect(again).toEqual({ receipt: first.receipt, changed: true });
    const stuffed = await residents[0]!.POST('/api/cogov/consultations/{id}/ballot', {
      params: { path: { id: c.id } },
      body: { choice: 'A', ballotKey: key() },
    });
    expect(errorCode(stuffed)).toBe('COGOV_BALLOT_KEY_MISMATCH');
    const [voter] = await query<{ resident_id: string }>(
      ctx,
      sql`select resident_id from cogov.voters where consultation_id = ${c.id}`,
    );
    await expect(
      ctx.owner.db.executeQuery(
        sql`insert into cogov.voters (consultation_id, resident_id, commitment) values (${c.id}, ${voter!.resident_id}, 'x')`.compile(
          ctx.owner.db,
        ),
      ),
    ).rejects.toThrow(/voters_one_per_resident|duplicate key/u);
    const ballots = await query<{ n: string }>(
      ctx,
      sql`select count(*)::text as n from cogov.ballots where consultation_id = ${c.id}`,
    );
    expect(ballots[0]!.n).toBe('1');
  });

  it('no table and no API answer links a ballot to its voter; the published receipts recount to the result', async () => {
    const c = await openConsultation({ closesInMs: 120_000 });
    const answers: string[] = [];
    const voted: { receipt: string; choice: string; accountId: string }[] = [];
    for (const [i, r] of residents.entries()) {
      const me = ok(await r.GET('/api/me'));
      const choice = i % 2 ? 'A' : 'B';
      const k = key();
      const res = await r.POST('/api/cogov/consultations/{id}/ballot', {
        params: { path: { id: c.id } },
        body: { choice: 'A', ballotKey: k },
      });
      const changed = await r.POST('/api/cogov/consultations/{id}/ballot', {
        params: { path: { id: c.id } },
        body: { choice, ballotKey: k },
      });
      voted.push({ receipt: ok(changed).receipt, choice, accountId: me.id });
      answers.push(JSON.stringify(ok(res)));
      answers.push(
        JSON.stringify(ok(await r.GET('/api/cogov/consultations/{id}', { params: { path: { id: c.id } } }))),
      );
    }
    ctx.clock.advance(120_000);
    await ctx.platform.jobs.flush();
    const result = ok(
      await residents[0]!.GET('/api/cogov/consultations/{id}/result', { params: { path: { id: c.id } } }),
    );
    expect(result.result).toMatchObject({ counts: { A: 2, B: 2 }, ballots: 4, voters: 4 });
    expect(result.result.eligible).toBeGreaterThanOrEqual(4);
    const file = (await ctx.app.inject({ method: 'GET', url: `/api/cogov/consultations/${c.id}/receipts.csv` })).body;
    const lines = file
      .trim()
      .split('\n')
      .slice(1)
      .map((l: string) => l.split(','));
    for (const v of voted) expect(lines).toContainEqual([v.receipt, v.choice]);
    const recount: Record<string, number> = {};
    for (const [, choice] of lines) recount[choice!] = (recount[choice!] ?? 0) + 1;
    expect(recount).toEqual(result.result.counts);
    answers.push(JSON.stringify(result), file);
    answers.push(
      JSON.stringify(ok(await committee.GET('/api/cogov/consultations/{id}', { params: { path: { id: c.id } } }))),
    );

    // The voter side (accounts, roster residents, commitments) and the ballot side (receipts).
    const voterRows = await query<{ resident_id: string; commitment: string }>(
      ctx,
      sql`select resident_id, commitment from cogov.voters where consultation_id = ${c.id}`,
    );
    const voterMarks = [...voted.map((v) => v.accountId), ...voterRows.flatMap((v) => [v.resident_id, v.commitment])];
    const receipts = voted.map((v) => v.receipt);
    // Every table of every schema: no row holds a receipt together with a voter mark.
    const tables = await query<{ s: string; t: string }>(
      ctx,
      sql`select table_schema as s, table_name as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    for (const { s, t } of tables) {
      const rows = await query<{ j: string }>(
        ctx,
        sql`select row_to_json(x)::text as j from ${sql.table(`${s}.${t}`)} x`,
      );
      for (const { j } of rows) {
        const hasReceipt = receipts.some((r) => j.includes(r));
        const hasVoter = voterMarks.some((m) => j.includes(m));
        expect(hasReceipt && hasVoter, `${s}.${t}: ${j}`).toBe(false);
      }
    }
    // The ballots table carries nothing but the consultation, the receipt, the choice and the mixing flag.
    const columns = await query<{ c: string }>(
      ctx,
      sql`select column_name as c from information_schema.columns where table_schema = 'cogov' and table_name = 'ballots' order by ordinal_position`,
    );
    expect(columns.map((x) => x.c)).toEqual(['consultation_id', 'receipt', 'choice', 'mixed']);
    // Mixed: no ballot shares a transaction id with a voter record, and their physical order is the receipts'.
    const xids = await query<{ n: string }>(
      ctx,
      sql`select count(*)::text as n from cogov.ballots b join cogov.voters v on v.xmin = b.xmin where b.consultation_id = ${c.id}`,
    );
    expect(xids[0]!.n).toBe('0');
    const physical = await query<{ receipt: string }>(
      ctx,
      sql`select receipt from cogov.ballots where consultation_id = ${c.id} order by ctid`,
    );
    expect(physical.map((b) => b.receipt)).toEqual([...receipts].sort());
    // No API answer holds a voter mark of another voter together with a receipt (a voter's own receipt answer carries no identity).
    for (const a of answers) {
      const marks = voterMarks.filter((m) => a.includes(m));
      expect(marks.length === 0 || !receipts.some((r) => a.includes(r)), a).toBe(true);
    }
    // The committee records its decision.
    const decided = ok(
      await committee.POST('/api/cogov/consultations/{id}/decision', {
        params: { path: { id: c.id } },
        body: { decision: '采用摇号方式分配。' },
      }),
    );
    expect(decided.decision).toBe('采用摇号方式分配。');
  });
});

describe('moderation', () => {
  it('N flags hide a comment; a moderator decides with a reason; the author is told and may appeal once', async () => {
    const p = ok(await newProposal(residents[3]!, 'real'));
    const withComment = ok(
      await residents[2]!.POST('/api/cogov/proposals/{id}/comments', {
        params: { path: { id: p.id } },
        body: { body: '无关广告内容', authorDisplay: 'masked' },
      }),
    );
    const commentId = withComment.comments[0]!.id;
    const flag = (c: Client) =>
      c.POST('/api/cogov/content/{kind}/{id}/flags', {
        params: { path: { kind: 'proposal_comment', id: commentId } },
        body: { reason: '广告' },
      });
    expect(ok(await flag(residents[0]!))).toEqual({ flags: 1, hidden: false });
    expect(errorCode(await flag(residents[0]!))).toBe('COGOV_ALREADY_FLAGGED');
    expect(ok(await flag(residents[1]!))).toEqual({ flags: 2, hidden: true });
    const seen = ok(await residents[0]!.GET('/api/cogov/proposals/{id}', { params: { path: { id: p.id } } }));
    expect(seen.comments[0]).toMatchObject({ hidden: true, body: '' });
    // Only a moderator in scope: a committee member is not one.
    expect(
      (await committee.GET('/api/cogov/moderation/reviews', { params: { query: { status: 'pending' } } })).response
        .status,
    ).toBe(403);
    const queue = ok(
      await moderator.GET('/api/cogov/moderation/reviews', { params: { query: { status: 'pending' } } }),
    );
    const review = queue.items.find((r) => r.contentId === commentId)!;
    const decided = ok(
      await moderator.POST('/api/cogov/moderation/reviews/{id}/decision', {
        params: { path: { id: review.id } },
        body: { outcome: 'hide', reason: '商业广告' },
      }),
    );
    expect(decided.status).toBe('hidden');
    await ctx.platform.outbox.flush();
    const inbox = ok(await residents[2]!.GET('/api/me/notifications', { params: { query: {} } }));
    expect(JSON.stringify(inbox)).toContain('商业广告');
    expect(
      (
        await residents[0]!.POST('/api/cogov/moderation/reviews/{id}/appeal', {
          params: { path: { id: review.id } },
          body: { text: '不是我' },
        })
      ).response.status,
    ).toBe(404);
    ok(
      await residents[2]!.POST('/api/cogov/moderation/reviews/{id}/appeal', {
        params: { path: { id: review.id } },
        body: { text: '这不是广告' },
      }),
    );
    expect(
      errorCode(
        await residents[2]!.POST('/api/cogov/moderation/reviews/{id}/appeal', {
          params: { path: { id: review.id } },
          body: { text: '再申诉' },
        }),
      ),
    ).toBe('COGOV_APPEAL_NOT_ALLOWED');
    const upheld = ok(
      await moderator.POST('/api/cogov/moderation/reviews/{id}/appeal-decision', {
        params: { path: { id: review.id } },
        body: { outcome: 'upheld', reason: '确属广告' },
      }),
    );
    expect(upheld.appealStatus).toBe('upheld');
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${commentId} order by at, id`,
    );
    // One instant of the manual clock: rows of equal times come in no defined order.
    expect(audit.map((a) => a.action).sort()).toEqual(
      [
        'cogov.content.auto-hidden',
        'cogov.moderation.decided',
        'cogov.moderation.appealed',
        'cogov.moderation.appeal-decided',
      ].sort(),
    );
  });
});

describe('escalation', () => {
  it('an answer overdue escalates to the city', async () => {
    const p = ok(await newProposal(residents[1]!, 'real'));
    ok(await residents[0]!.POST('/api/cogov/proposals/{id}/support', { params: { path: { id: p.id } } }));
    const reached = ok(
      await residents[2]!.POST('/api/cogov/proposals/{id}/support', { params: { path: { id: p.id } } }),
    );
    ctx.clock.set(new Date(new Date(reached.answerDueAt!).getTime() + 60_000));
    await ctx.platform.jobs.flush();
    // Every session has expired by now: the database tells.
    const [row] = await query<{ escalated: boolean }>(
      ctx,
      sql`select escalated_at is not null as escalated from cogov.proposals where id = ${p.id}`,
    );
    expect(row!.escalated).toBe(true);
    const audit = await query<{ action: string }>(
      ctx,
      sql`select action from platform.audit_log where resource_id = ${p.id} and actor_kind = 'system'`,
    );
    expect(audit.map((a) => a.action)).toEqual(['cogov.proposal.escalated']);
  });
});

/**
 * Proposals (居民提议): a verified resident proposes something for their community; residents
 * of the community support it (one support per resident); past the community's threshold within
 * the support period the committee must answer within a deadline in working days (accept with a
 * plan, or decline with reasons); answers are public; an overdue answer escalates to the city.
 * Proposals are followed, commented on (threaded, moderated) and linked to the city-ops event or
 * the case they led to; followers and supporters are told of the answer. What residents write
 * (the proposal, its edits, comments) is cogov.proposals.writing.ts.
 */
import { deadlineFor } from '../../platform/calendar.ts';
import { command } from '../../platform/context.ts';
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { scheduleJobLater } from '../../platform/jobs.ts';
import type { CogovContext } from './cogov.context.ts';
import { cogovPolicy, cogovScopeOf } from './cogov.policy.ts';
import * as repo from './cogov.proposals.repository.ts';
import type * as S from './cogov.proposals.schemas.ts';
import { actorOf, type Meta } from './cogov.schemas.ts';
import { rulesOf } from './cogov.settings.ts';

type Row = repo.ProposalRow;
type Tx = Parameters<CogovContext['deps']['notifyAccount']>[0];

export const OVERDUE_JOB = 'cogov.proposal-overdue';

const notFoundProposal = () => notFound('COGOV_PROPOSAL_NOT_FOUND', 'No such proposal');

export class Proposals {
  private readonly c: CogovContext;
  constructor(c: CogovContext) {
    this.c = c;
    c.platform.jobs.register<{ proposalId: string }>(OVERDUE_JOB, (job) => this.escalate(job.payload.proposalId));
    c.contentTypes.register({
      kind: 'proposal',
      describe: async (tx, id) => {
        const r = await repo.proposalById(tx, id);
        return r
          ? {
              regionCode: r.region_code,
              communityId: r.community_id,
              authorAccountId: r.author_account_id,
              excerpt: `${r.title}: ${r.body.slice(0, 200)}`,
              hidden: r.hidden,
            }
          : null;
      },
      setHidden: (tx, id, hidden) => repo.updateProposal(tx, id, { hidden }).then(() => undefined),
    });
    c.contentTypes.register({
      kind: 'proposal_comment',
      describe: async (tx, id) => {
        const m = await repo.commentById(tx, id);
        const r = m ? await repo.proposalById(tx, m.proposal_id) : undefined;
        return m && r
          ? {
              regionCode: r.region_code,
              communityId: r.community_id,
              authorAccountId: m.author_account_id,
              excerpt: m.body.slice(0, 300),
              hidden: m.hidden,
            }
          : null;
      },
      setHidden: (tx, id, hidden) => repo.setCommentHidden(tx, id, hidden).then(() => undefined),
    });
  }

  private statusOf(r: Row, now: Date): S.ProposalSummaryT['status'] {
    return r.status === 'open' && r.support_until < now ? 'expired' : r.status;
  }

  private summary(r: Row, now: Date): S.ProposalSummaryT {
    return {
      id: r.id,
      communityId: r.community_id,
      title: r.title,
      category: r.category as S.ProposalSummaryT['category'],
      status: this.statusOf(r, now),
      author: r.author_shown,
      supportCount: r.support_count,
      threshold: r.threshold,
      supportUntil: r.support_until.toISOString(),
      answerDueAt: r.answer_due_at?.toISOString() ?? null,
      overdue: r.status === 'awaiting_answer' && r.answer_due_at !== null && r.answer_due_at < now,
      escalated: r.escalated_at !== null,
      hidden: r.hidden,
      createdAt: r.created_at.toISOString(),
    };
  }

  /** The proposal if `p` may read it (as `get` shows it: hidden ones to their author and staff only), else 404. */
  async readable(p: Principal, id: string, tx: Tx = this.c.platform.db): Promise<Row> {
    const r = await repo.proposalById(tx, id);
    if (!r || !(await this.mayRead(p, r))) throw notFoundProposal();
    if (r.hidden && r.author_account_id !== p.accountId && !this.staffView(p, r)) throw notFoundProposal();
    return r;
  }

  private staffView(p: Principal, r: Row): boolean {
    const place = { regionCode: r.region_code, communityId: r.community_id };
    return cogovPolicy.mayGovern(p, place) || cogovPolicy.mayModerate(p, place);
  }

  /** Who may read a proposal: residents of its community, its committee, moderators of it, the city's departments. */
  private async mayRead(p: Principal, r: Row): Promise<boolean> {
    const place = { regionCode: r.region_code, communityId: r.community_id };
    if (cogovPolicy.mayGovern(p, place) || cogovPolicy.mayModerate(p, place)) return true;
    if (cogovScopeOf(p).cityWide.includes(r.region_code)) return true;
    if (p.kind !== 'citizen') return false;
    const s = await this.c.standing.of(p.accountId);
    return s.residence?.communityId === r.community_id;
  }

  async list(
    p: Principal | null,
    f: {
      communityId?: string | undefined;
      status?: string | undefined;
      escalated?: boolean | undefined;
      page: number;
      pageSize: number;
    },
  ) {
    const principal = requirePrincipal(p);
    const now = this.c.platform.clock.now();
    const scope = cogovScopeOf(principal);
    let communityIds: string[] | null;
    let regionCode = this.c.deps.regionCode;
    let includeHidden = false;
    if (principal.kind === 'citizen') {
      const s = await this.c.standing.requireResident(principal, now);
      communityIds = [s.residence.communityId];
      regionCode = s.residence.regionCode;
    } else if (f.communityId) {
      const place = { regionCode, communityId: f.communityId };
      if (
        !cogovPolicy.mayGovern(principal, place) &&
        !cogovPolicy.mayModerate(principal, place) &&
        !scope.cityWide.includes(regionCode)
      )
        throw notFound('COGOV_PROPOSAL_NOT_FOUND', 'No such community');
      communityIds = [f.communityId];
      includeHidden = true;
    } else if (scope.cityWide.includes(regionCode) || scope.moderatesRegions.includes(regionCode)) {
      communityIds = null;
      includeHidden = true;
    } else {
      const { scope: s } = cogovPolicy.governor(principal);
      communityIds = [...s.committee, ...s.moderates];
      includeHidden = true;
    }
    const [rows, count] = await repo.proposalsPage(this.c.platform.db, {
      communityIds: communityIds && f.communityId && principal.kind === 'citizen' ? communityIds : communityIds,
      regionCode,
      status: f.status,
      escalated: f.escalated,
      includeHidden,
      now,
      offset: (f.page - 1) * f.pageSize,
      limit: f.pageSize,
    });
    return { total: Number(count.n), items: rows.map((r) => this.summary(r, now)) };
  }

  async get(p: Principal | null, id: string): Promise<S.ProposalDetailT> {
    const principal = requirePrincipal(p);
    const now = this.c.platform.clock.now();
    const r = await this.readable(principal, id);
    const mine = r.author_account_id === principal.accountId;
    const staffView = this.staffView(principal, r);
    const db = this.c.platform.db;
    const s = principal.kind === 'citizen' ? await this.c.standing.of(principal.accountId) : null;
    const supported = s?.residence ? await repo.supportedBy(db, id, s.residence.residentId) : undefined;
    const followingRow = await repo.following(db, id, principal.accountId);
    const comments = await repo.commentsOf(db, id);
    const flagged = new Set(
      (
        await repo.flaggedBy(
          db,
          'proposal_comment',
          comments.map((m) => m.id),
          principal.accountId,
        )
      ).map((f) => f.content_id),
    );
    return {
      ...this.summary(r, now),
      body: r.body,
      lat: r.lat,
      lng: r.lng,
      address: r.address,
      photos: r.photos.map((x) => x.id),
      editedAt: r.edited_at?.toISOString() ?? null,
      answer: r.answer,
      plan: r.plan,
      answeredAt: r.answered_at?.toISOString() ?? null,
      linkedEventNumber: r.linked_event_number,
      linkedCaseNumber: r.linked_case_number,
      mine,
      mayEdit: mine && r.status === 'open' && r.support_count === 0 && !r.hidden,
      supported: supported !== undefined,
      following: followingRow !== undefined,
      mayAnswer: cogovPolicy.mayGovern(principal, { regionCode: r.region_code, communityId: r.community_id }),
      comments: comments.map((m) => {
        const own = m.author_account_id === principal.accountId;
        return {
          id: m.id,
          parentId: m.parent_id,
          author: m.author_shown,
          body: m.hidden && !own && !staffView ? '' : m.body,
          hidden: m.hidden,
          mine: own,
          flagged: flagged.has(m.id),
          createdAt: m.created_at.toISOString(),
        };
      }),
    };
  }

  /** A photo of a proposal, to whoever may read the proposal. */
  async photo(p: Principal | null, id: string, photoId: string) {
    const r = await this.readable(requirePrincipal(p), id);
    if (!r.photos.some((x) => x.id === photoId)) throw notFound('COGOV_PROPOSAL_NOT_FOUND', 'No such photo');
    return this.c.deps.photoContent(photoId);
  }

  /** Tell accounts about a proposal in the command's transaction (notify; once per key and account). */
  private async tell(
    w: { tx: Tx; now: Date },
    r: Row,
    accounts: { account_id: string }[],
    m: { topic: string; title: { zh: string; en: string }; body: { zh: string; en: string }; key: string },
  ) {
    for (const a of accounts)
      await this.c.deps.notifyAccount(
        w.tx,
        {
          accountId: a.account_id,
          regionCode: r.region_code,
          topic: m.topic,
          title: m.title,
          body: m.body,
          link: `/cogov/proposals/${r.id}`,
          sourceEventId: `${m.key}:${r.id}`,
        },
        w.now,
      );
  }

  /** Support a proposal of one's community (once per resident). Past the threshold in time, the committee must answer. */
  async support(p: Principal | null, id: string, meta: Meta): Promise<S.ProposalDetailT> {
    const principal = cogovPolicy.resident(p);
    const now = this.c.platform.clock.now();
    const r0 = await repo.proposalById(this.c.platform.db, id);
    if (!r0 || r0.hidden) throw notFoundProposal();
    const s = await this.c.standing.require(
      principal,
      { scope: 'community', regionCode: r0.region_code, communityId: r0.community_id, gridId: null, minAge: null },
      now,
    );
    if (s.residence.residentId === r0.author_resident_id)
      throw new AppError(409, 'COGOV_OWN_PROPOSAL', 'You cannot support your own proposal');
    await command(this.c.platform, actorOf(principal, meta), async (w) => {
      const r = (await repo.proposalById(w.tx, id, true))!;
      if (r.status !== 'open' || r.support_until < w.now)
        throw new AppError(409, 'COGOV_PROPOSAL_NOT_OPEN', 'The proposal no longer collects support');
      const added = await repo.insertSupport(w.tx, {
        proposal_id: id,
        resident_id: s.residence.residentId,
        account_id: principal.accountId,
        created_at: w.now,
      });
      if (!added) return; // supported already: harmless
      const { support_count: n } = await repo.bumpSupport(w.tx, id);
      if (n < r.threshold) return;
      const rules = await rulesOf(w.tx, r.community_id);
      const due = deadlineFor(w.now, { value: rules.answerWorkingDays, unit: 'working_days' });
      await repo.updateProposal(w.tx, id, {
        status: 'awaiting_answer',
        threshold_reached_at: w.now,
        answer_due_at: due,
      });
      scheduleJobLater(
        w,
        {
          kind: OVERDUE_JOB,
          key: `cogov-proposal-overdue:${id}`,
          payload: { proposalId: id },
          runAt: due,
          regionCode: r.region_code,
        },
        w.now,
      );
      await w.audit({
        action: 'cogov.proposal.threshold-reached',
        resourceType: 'cogov_proposal',
        resourceId: id,
        regionCode: r.region_code,
        detail: { supports: n, answerDueAt: due.toISOString() },
      });
      await w.emit(
        'cogov.proposal.threshold-reached',
        { proposalId: id, communityId: r.community_id, answerDueAt: due.toISOString() },
        r.region_code,
      );
      await this.tell(w, r, await repo.followers(w.tx, id), {
        topic: 'cogov.proposal.threshold-reached',
        title: { zh: '提议获得足够支持', en: 'A proposal has enough support' },
        body: {
          zh: `「${r.title}」已获 ${n} 位居民支持，居委会将在期限内答复。`,
          en: `"${r.title}" has the support of ${n} residents; the committee will answer in time.`,
        },
        key: 'cogov-threshold',
      });
    });
    return this.get(principal, id);
  }

  async follow(p: Principal | null, id: string, on: boolean): Promise<S.ProposalDetailT> {
    const principal = requirePrincipal(p);
    await this.readable(principal, id);
    const now = this.c.platform.clock.now();
    if (on)
      await repo.follow(this.c.platform.db, { proposal_id: id, account_id: principal.accountId, created_at: now });
    else await repo.unfollow(this.c.platform.db, id, principal.accountId);
    return this.get(principal, id);
  }

  /** The committee answers: accept with a plan, or decline with reasons. Public; the author and followers are told. */
  async answer(
    p: Principal | null,
    id: string,
    input: { outcome: 'accepted' | 'declined'; answer: string; plan?: string | undefined },
    meta: Meta,
  ): Promise<S.ProposalDetailT> {
    const principal = requirePrincipal(p);
    const r0 = await repo.proposalById(this.c.platform.db, id);
    if (!r0 || !(await this.mayRead(principal, r0 as Row))) throw notFoundProposal();
    cogovPolicy.govern(principal, { regionCode: r0.region_code, communityId: r0.community_id });
    await command(this.c.platform, actorOf(principal, meta), async (w) => {
      const r = (await repo.proposalById(w.tx, id, true))!;
      if (r.status !== 'awaiting_answer')
        throw new AppError(409, 'COGOV_PROPOSAL_NOT_AWAITING', 'The proposal is not awaiting an answer');
      await repo.updateProposal(w.tx, id, {
        status: input.outcome,
        answer: input.answer.trim(),
        plan: input.plan?.trim() || null,
        answered_at: w.now,
        answered_by: principal.accountId,
      });
      await w.audit({
        action: 'cogov.proposal.answered',
        resourceType: 'cogov_proposal',
        resourceId: id,
        regionCode: r.region_code,
        detail: { outcome: input.outcome, overdue: r.answer_due_at !== null && r.answer_due_at < w.now },
      });
      await w.emit(
        'cogov.proposal.answered',
        { proposalId: id, communityId: r.community_id, authorAccountId: r.author_account_id, outcome: input.outcome },
        r.region_code,
      );
      // Its author follows it; those who supported it are told too.
      await this.tell(w, r, await repo.followersAndSupporters(w.tx, id), {
        topic: 'cogov.proposal.answered',
        title: { zh: '居委会答复了提议', en: 'The committee answered a proposal' },
        body: {
          zh: `「${r.title}」：${input.outcome === 'accepted' ? '采纳' : '不予采纳'}。`,
          en: `"${r.title}": ${input.outcome === 'accepted' ? 'accepted' : 'declined'}.`,
        },
        key: 'cogov-answer',
      });
    });
    return this.get(principal, id);
  }

  /** Link a proposal to the city-ops event or the case it led to (the committee). */
  async link(
    p: Principal | null,
    id: string,
    input: { eventNumber?: string | undefined; caseNumber?: string | undefined },
    meta: Meta,
  ) {
    const principal = requirePrincipal(p);
    const r = await repo.proposalById(this.c.platform.db, id);
    if (!r || !(await this.mayRead(principal, r))) throw notFoundProposal();
    cogovPolicy.govern(principal, { regionCode: r.region_code, communityId: r.community_id });
    await command(this.c.platform, actorOf(principal, meta), async (w) => {
      await repo.updateProposal(w.tx, id, {
        linked_event_number: input.eventNumber?.trim() || null,
        linked_case_number: input.caseNumber?.trim() || null,
      });
      await w.audit({
        action: 'cogov.proposal.linked',
        resourceType: 'cogov_proposal',
        resourceId: id,
        regionCode: r.region_code,
        detail: input,
      });
    });
    return this.get(principal, id);
  }

  /** The answer is overdue (a job at the deadline): escalate to the city. Idempotent. */
  async escalate(id: string): Promise<void> {
    await command(this.c.platform, { accountId: null, kind: 'system', requestId: null, ip: null }, async (w) => {
      const r = await repo.proposalById(w.tx, id, true);
      if (!r || r.status !== 'awaiting_answer' || r.escalated_at || !r.answer_due_at || r.answer_due_at > w.now) return;
      await repo.updateProposal(w.tx, id, { escalated_at: w.now });
      await w.audit({
        action: 'cogov.proposal.escalated',
        resourceType: 'cogov_proposal',
        resourceId: id,
        regionCode: r.region_code,
      });
      await w.emit('cogov.proposal.escalated', { proposalId: id, communityId: r.community_id }, r.region_code);
      await this.tell(w, r, await repo.followersAndSupporters(w.tx, id), {
        topic: 'cogov.proposal.escalated',
        title: { zh: '提议答复逾期，已报送市级', en: 'An overdue answer went to the city' },
        body: {
          zh: `居委会未在期限内答复「${r.title}」，已报送市级督办。`,
          en: `The committee did not answer "${r.title}" in time; the city follows it up.`,
        },
        key: 'cogov-escalated',
      });
    });
  }
}

/**
 * Public comment on draft policies (政策意见征集): a department's admin publishes a draft
 * regulation or plan by article with a comment period; citizens verified by real name, and agents
 * acting for an enterprise, comment on an article while it is open; after the period the
 * department publishes its response report (反馈报告): each comment adopted, partly adopted or not,
 * with the reason when not. Drafts, comments (authors masked) and reports are public.
 */
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskName } from '../../platform/masking.ts';
import { actorFor, civicTx, type CivicContext } from './cogov.civic.context.ts';
import { commentWindow, reportProblems, type CommentDecisionInput } from './cogov.civic.logic.ts';
import { civicPolicy } from './cogov.civic.policy.ts';
import type { CivicTables } from './cogov.civic.tables.ts';
import * as repo from './cogov.comments.repository.ts';
import type { Points } from './cogov.points.ts';

type DraftRow = CivicTables['cogov.policy_drafts'];
type CommentRow = CivicTables['cogov.policy_comments'];

export interface NewDraft {
  departmentCode: string;
  title: string;
  summary: string;
  opensAt?: string | undefined;
  closesAt: string;
  articles: { heading: string; body: string }[];
}

const draftNotFound = () => new AppError(404, 'COGOV_POLICY_DRAFT_NOT_FOUND', 'No such draft for comment');

const summaryOf = (d: DraftRow & { comment_count?: number | null }, now: Date) => ({
  id: d.id,
  department: { code: d.department_code, name: d.department_name },
  title: d.title,
  summary: d.summary,
  opensAt: d.opens_at.toISOString(),
  closesAt: d.closes_at.toISOString(),
  phase: commentWindow({ status: d.status, opensAt: d.opens_at, closesAt: d.closes_at }, now),
  commentCount: Number(d.comment_count ?? 0),
});

const commentOf = (c: CommentRow, me: string | null) => ({
  id: c.id,
  articleSeq: c.article_seq,
  author: c.enterprise_name ?? maskName(c.author_name),
  byEnterprise: c.enterprise_name !== null,
  body: c.body,
  createdAt: c.created_at.toISOString(),
  mine: me !== null && c.author_account_id === me,
  decision: c.decision,
  decisionReason: c.decision_reason,
});

export class Comments {
  private readonly c: CivicContext;
  private readonly points: Points;
  constructor(c: CivicContext, points: Points) {
    this.c = c;
    this.points = points;
  }

  /** A department admin publishes a draft for comment. */
  async publish(p: Principal | null, input: NewDraft, origin: RequestOrigin) {
    const { principal } = civicPolicy.departmentAdmin(p, input.departmentCode);
    const now = this.c.p.clock.now();
    const opensAt = input.opensAt ? new Date(input.opensAt) : now;
    const closesAt = new Date(input.closesAt);
    if (!(closesAt > opensAt) || closesAt <= now)
      throw new AppError(
        422,
        'COGOV_POLICY_DATES_INVALID',
        'The comment period must end after it starts, and not in the past',
      );
    const departmentName = (await this.c.deps.departmentName(input.departmentCode)) ?? input.departmentCode;
    const id = await command(this.c.p, actorFor(principal, origin), async (w) => {
      const row: DraftRow = {
        id: uuidv7(w.now.getTime()),
        region_code: this.c.deps.regionCode,
        department_code: input.departmentCode,
        department_name: departmentName,
        title: input.title.trim(),
        summary: input.summary.trim(),
        opens_at: opensAt,
        closes_at: closesAt,
        status: 'open',
        response_summary: null,
        responded_at: null,
        responded_by: null,
        created_by: principal.accountId,
        created_at: w.now,
      };
      const db = civicTx(w.tx);
      await repo.insertDraft(db, row);
      await repo.insertArticles(
        db,
        input.articles.map((a, i) => ({
          draft_id: row.id,
          seq: i + 1,
          heading: a.heading.trim(),
          body: a.body.trim(),
        })),
      );
      await w.audit({
        action: 'cogov.policy-draft.published',
        resourceType: 'cogov.policy-draft',
        resourceId: row.id,
        regionCode: row.region_code,
        change: { title: row.title, articles: input.articles },
        detail: { department: row.department_code, closesAt: row.closes_at.toISOString() },
      });
      return row.id;
    });
    return this.get(principal, id);
  }

  /** Drafts for comment and their reports, newest period first (public). */
  async list() {
    const now = this.c.p.clock.now();
    return { items: (await repo.drafts(this.c.db, { limit: 100 })).map((d) => summaryOf(d, now)) };
  }

  /** A department admin's drafts (their departments). */
  async ofDepartment(p: Principal | null) {
    const { departments } = civicPolicy.departmentAdmin(p);
    const now = this.c.p.clock.now();
    return { items: (await repo.drafts(this.c.db, { departments, limit: 200 })).map((d) => summaryOf(d, now)) };
  }

  /** A draft with its articles, its visible comments (authors masked) and, once published, the response report. */
  async get(p: Principal | null, id: string) {
    const d = await repo.draftById(this.c.db, id);
    if (!d || d.status === 'withdrawn') throw draftNotFound();
    const [articles, comments] = await Promise.all([repo.articlesOf(this.c.db, id), repo.commentsOf(this.c.db, id)]);
    const now = this.c.p.clock.now();
    const me = p?.accountId ?? null;
    const visible = comments.filter((c) => !c.hidden || c.author_account_id === me);
    const shown = visible.map((c) => commentOf(c, me));
    const counted = (k: string) => comments.filter((c) => !c.hidden && c.decision === k).length;
    return {
      ...summaryOf({ ...d, comment_count: comments.filter((c) => !c.hidden).length }, now),
      articles: articles.map((a) => ({
        seq: a.seq,
        heading: a.heading,
        body: a.body,
        comments: shown.filter((c) => c.articleSeq === a.seq),
      })),
      report:
        d.status === 'responded'
          ? {
              summary: d.response_summary ?? '',
              respondedAt: d.responded_at!.toISOString(),
              adopted: counted('adopted'),
              partlyAdopted: counted('partly_adopted'),
              notAdopted: counted('not_adopted'),
            }
          : null,
    };
  }

  /** Comment on one article of an open draft. The same Idempotency-Key answers the comment made the first time. */
  async comment(
    p: Principal | null,
    id: string,
    input: { articleSeq: number; body: string },
    idempotencyKey: string | undefined,
    origin: RequestOrigin,
  ) {
    const principal = civicPolicy.commenter(p);
    const d = await repo.draftById(this.c.db, id);
    if (!d || d.status === 'withdrawn') throw draftNotFound();
    if (idempotencyKey) {
      const done = await repo.commentByKey(this.c.db, principal.accountId, idempotencyKey);
      if (done) return commentOf(done, principal.accountId);
    }
    const row = await command(this.c.p, actorFor(principal, origin), async (w) => {
      const db = civicTx(w.tx);
      const locked = (await repo.lockDraft(db, id))!;
      if (
        commentWindow({ status: locked.status, opensAt: locked.opens_at, closesAt: locked.closes_at }, w.now) !== 'open'
      )
        throw new AppError(409, 'COGOV_POLICY_COMMENT_CLOSED', 'The draft is not open for comment');
      const articles = await repo.articlesOf(db, id);
      if (!articles.some((a) => a.seq === input.articleSeq))
        throw new AppError(404, 'COGOV_POLICY_ARTICLE_NOT_FOUND', 'The draft has no such article');
      const row: CommentRow = {
        id: uuidv7(w.now.getTime()),
        draft_id: id,
        article_seq: input.articleSeq,
        author_account_id: principal.accountId,
        author_name: principal.displayName,
        enterprise_id: principal.actingAs?.enterpriseId ?? null,
        enterprise_name: principal.actingAs?.name ?? null,
        body: input.body.trim(),
        created_at: w.now,
        idempotency_key: idempotencyKey ?? null,
        hidden: false,
        decision: null,
        decision_reason: null,
        decided_at: null,
      };
      await repo.insertComment(db, row);
      await w.audit({
        action: 'cogov.policy-comment.submitted',
        resourceType: 'cogov.policy-draft',
        resourceId: id,
        regionCode: d.region_code,
        change: { body: row.body },
        detail: { articleSeq: row.article_seq, enterprise: row.enterprise_id !== null },
      });
      return row;
    }).catch(async (err: unknown) => {
      // Two retries with one key raced: the loser answers the winner's comment.
      if (idempotencyKey && (err as { code?: string }).code === '23505') {
        const done = await repo.commentByKey(this.c.db, principal.accountId, idempotencyKey);
        if (done) return done;
      }
      throw err;
    });
    return commentOf(row, principal.accountId);
  }

  /**
   * The department publishes its response report after the period: every visible comment
   * decided, a reason for each not (or partly) adopted; the commenters are told, and adopted
   * comments earn points by the rules.
   */
  async respond(
    p: Principal | null,
    id: string,
    input: { summary: string; decisions: CommentDecisionInput[] },
    origin: RequestOrigin,
  ) {
    const d0 = await repo.draftById(this.c.db, id);
    const { principal } = civicPolicy.departmentAdmin(p, d0?.department_code ?? '');
    if (!d0 || d0.status === 'withdrawn') throw draftNotFound();
    await command(this.c.p, actorFor(principal, origin), async (w) => {
      const db = civicTx(w.tx);
      const d = (await repo.lockDraft(db, id))!;
      const phase = commentWindow({ status: d.status, opensAt: d.opens_at, closesAt: d.closes_at }, w.now);
      if (phase === 'open' || phase === 'not_open')
        throw new AppError(409, 'COGOV_POLICY_STILL_OPEN', 'The comment period has not ended yet');
      if (phase === 'responded')
        throw new AppError(409, 'COGOV_POLICY_STILL_OPEN', 'The response report has already been published');
      const comments = (await repo.commentsOf(db, id)).filter((c) => !c.hidden);
      const problems = reportProblems(
        comments.map((c) => c.id),
        input.decisions,
      );
      if (problems.length > 0)
        throw new AppError(
          422,
          'COGOV_POLICY_REPORT_INCOMPLETE',
          'Every comment needs a decision, and a reason when not adopted',
          {
            details: problems.map((x) => ({ path: `/decisions/${x.commentId}`, code: x.problem, message: x.problem })),
          },
        );
      const byId = new Map(comments.map((c) => [c.id, c]));
      for (const x of input.decisions) {
        const c = byId.get(x.commentId)!;
        await repo.decide(db, c.id, x.decision, x.reason?.trim() || null, w.now);
        if (x.decision !== 'not_adopted')
          await this.points.award(
            db,
            { accountId: c.author_account_id, communityId: null, kind: 'comment_adopted', sourceRef: c.id },
            w.now,
          );
        await this.c.deps.notifyAccount(
          w.tx,
          {
            accountId: c.author_account_id,
            regionCode: d.region_code,
            topic: 'cogov.policy-draft.responded',
            title: { zh: '您的意见已有反馈', en: 'Your comment has been answered' },
            body: {
              zh: `“${d.title}”的反馈报告已发布。`,
              en: `The response report on “${d.title}” has been published.`,
            },
            link: `/cogov/drafts/${id}`,
            sourceEventId: `policy-response:${c.id}`,
          },
          w.now,
        );
      }
      await repo.respond(db, id, input.summary.trim(), principal.accountId, w.now);
      await w.audit({
        action: 'cogov.policy-draft.responded',
        resourceType: 'cogov.policy-draft',
        resourceId: id,
        regionCode: d.region_code,
        change: { summary: input.summary, decisions: input.decisions },
        detail: {
          comments: comments.length,
          adopted: input.decisions.filter((x) => x.decision === 'adopted').length,
        },
      });
    });
    return this.get(principal, id);
  }

  /** Moderation hides or restores a comment (the co-governance core's moderation calls this). */
  async setHidden(commentId: string, hidden: boolean): Promise<void> {
    await repo.setHidden(this.c.db, commentId, hidden);
  }
}

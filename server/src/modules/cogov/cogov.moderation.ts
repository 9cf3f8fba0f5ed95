/**
 * Moderation of any registered content type (cogov.content-types.ts): residents flag an item
 * once each; after the community's N flags it is hidden pending review; a moderator of its
 * community (or the city's) hides or restores it with a recorded reason; the author is told and
 * may appeal once; a moderator decides the appeal. Every decision is audited.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { Type, type Static } from 'typebox';
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { DateTime, Enum, errorAnswers, IdParams, Items, Nullable, Obj, Uuid } from '../../platform/http.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { ContentFacts } from './cogov.content-types.ts';
import type { CogovContext, CogovPart } from './cogov.context.ts';
import type { CogovEvents } from './cogov.events.ts';
import { cogovPolicy } from './cogov.policy.ts';
import { actorOf, metaOf, type Meta } from './cogov.schemas.ts';
import { rulesOf } from './cogov.settings.ts';
import type { CogovTables } from './cogov.tables.ts';

const Review = Obj(
  {
    id: Uuid(),
    kind: Type.String(),
    contentId: Uuid(),
    communityId: Nullable(Uuid()),
    excerpt: Type.String(),
    status: Enum('CogovReviewStatus', ['pending', 'hidden', 'restored']),
    flagCount: Type.Integer(),
    openedAt: DateTime(),
    decidedAt: Nullable(DateTime()),
    reason: Nullable(Type.String()),
    appealText: Nullable(Type.String()),
    appealStatus: Nullable(Enum('CogovAppealStatus', ['pending', 'upheld', 'overturned'])),
    appealReason: Nullable(Type.String()),
  },
  { title: 'CogovReview' },
);
type ReviewT = Static<typeof Review>;
const ReviewList = Items(Review);
const FlagBody = Obj({ reason: Type.String({ minLength: 2, maxLength: 200 }) });
const FlagParams = Obj({ kind: Type.String({ pattern: '^[a-z_]{2,40}$' }), id: Uuid() });
const FlagAnswer = Obj({ flags: Type.Integer(), hidden: Type.Boolean() }, { title: 'CogovFlagAnswer' });
const DecisionBody = Obj({
  outcome: Enum('CogovModerationOutcome', ['hide', 'restore']),
  reason: Type.String({ minLength: 2, maxLength: 1000 }),
});
const AppealBody = Obj({ text: Type.String({ minLength: 2, maxLength: 2000 }) });
const AppealDecisionBody = Obj({
  outcome: Enum('CogovAppealOutcome', ['upheld', 'overturned']),
  reason: Type.String({ minLength: 2, maxLength: 1000 }),
});
const ReviewQuery = Obj({
  status: Type.Optional(Enum('CogovReviewFilter', ['pending', 'hidden', 'restored', 'appealed'])),
});

type Row = CogovTables['cogov.reviews'] & { flag_count: number };
const db = (d: Transaction<object> | CogovContext['platform']['db']) => scoped<CogovTables>(d);
const notFoundReview = () => notFound('COGOV_REVIEW_NOT_FOUND', 'No such moderation review');

const toReview = (r: Row): ReviewT => ({
  id: r.id,
  kind: r.kind,
  contentId: r.content_id,
  communityId: r.community_id,
  excerpt: r.excerpt,
  status: r.status,
  flagCount: r.flag_count,
  openedAt: r.opened_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  reason: r.reason,
  appealText: r.appeal_text,
  appealStatus: r.appeal_status,
  appealReason: r.appeal_reason,
});

export class Moderation {
  private readonly c: CogovContext;
  constructor(c: CogovContext) {
    this.c = c;
  }

  private type(kind: string) {
    const t = this.c.contentTypes.get(kind);
    if (!t) throw notFound('COGOV_CONTENT_NOT_FOUND', 'No such content');
    return t;
  }

  /** A resident of the content's community (or city) flags it, once; N flags hide it pending review. */
  async flag(p: Principal | null, kind: string, id: string, reason: string, meta: Meta) {
    const principal = cogovPolicy.resident(p);
    const type = this.type(kind);
    const now = this.c.platform.clock.now();
    const facts = await this.c.platform.db.transaction().execute((tx) => type.describe(tx, id));
    if (!facts || facts.hidden) throw notFound('COGOV_CONTENT_NOT_FOUND', 'No such content');
    await this.c.standing.require(
      principal,
      {
        scope: facts.communityId ? 'community' : 'city',
        regionCode: facts.regionCode,
        communityId: facts.communityId,
        gridId: null,
        minAge: null,
      },
      now,
    );
    return command(this.c.platform, actorOf(principal, meta), async (w) => {
      const added = await db(w.tx)
        .insertInto('cogov.flags')
        .values({ kind, content_id: id, account_id: principal.accountId, reason: reason.trim(), created_at: w.now })
        .onConflict((oc) => oc.columns(['kind', 'content_id', 'account_id']).doNothing())
        .returning('content_id')
        .executeTakeFirst();
      if (!added) throw new AppError(409, 'COGOV_ALREADY_FLAGGED', 'You have already flagged this');
      const review = await this.openReview(w.tx, kind, id, facts, w.now);
      const rules = await rulesOf(w.tx, facts.communityId);
      let hidden = false;
      if (review.status === 'pending' && review.flag_count >= rules.hideAfterFlags && !facts.hidden) {
        await type.setHidden(w.tx, id, true);
        hidden = true;
        await w.audit({
          action: 'cogov.content.auto-hidden',
          resourceType: `cogov_${kind}`,
          resourceId: id,
          regionCode: facts.regionCode,
          detail: { flags: review.flag_count },
        });
      }
      return { flags: review.flag_count, hidden };
    });
  }

  private async openReview(
    tx: Transaction<object>,
    kind: string,
    id: string,
    facts: ContentFacts,
    now: Date,
  ): Promise<Row> {
    const row = await db(tx)
      .insertInto('cogov.reviews')
      .values({
        id: uuidv7(now.getTime()),
        kind,
        content_id: id,
        region_code: facts.regionCode,
        community_id: facts.communityId,
        author_account_id: facts.authorAccountId,
        excerpt: facts.excerpt,
        status: 'pending',
        flag_count: 1,
        opened_at: now,
        decided_at: null,
        decided_by: null,
        reason: null,
        appeal_text: null,
        appealed_at: null,
        appeal_status: null,
        appeal_decided_at: null,
        appeal_decided_by: null,
        appeal_reason: null,
      })
      .onConflict((oc) =>
        oc.columns(['kind', 'content_id']).doUpdateSet((e) => ({ flag_count: e('cogov.reviews.flag_count', '+', 1) })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return row as Row;
  }

  /** The moderator's queue: reviews of their communities (or their city). */
  async reviews(p: Principal | null, status: string | undefined) {
    const { scope } = cogovPolicy.moderator(p);
    let q = db(this.c.platform.db).selectFrom('cogov.reviews').selectAll();
    q = q.where((e) => {
      const ors = [];
      if (scope.moderatesRegions.length) ors.push(e('region_code', 'in', scope.moderatesRegions));
      if (scope.moderates.length) ors.push(e('community_id', 'in', scope.moderates));
      return e.or(ors);
    });
    if (status === 'appealed') q = q.where('appeal_status', '=', 'pending');
    else if (status) q = q.where('status', '=', status as 'pending');
    const rows = await q.orderBy('opened_at', 'desc').limit(200).execute();
    return { items: rows.map((r) => toReview(r as Row)) };
  }

  /** The author's reviews (their content that was flagged and decided). */
  async mine(p: Principal | null) {
    const principal = requirePrincipal(p);
    const rows = await db(this.c.platform.db)
      .selectFrom('cogov.reviews')
      .selectAll()
      .where('author_account_id', '=', principal.accountId)
      .where('decided_at', 'is not', null)
      .orderBy('opened_at', 'desc')
      .limit(100)
      .execute();
    return { items: rows.map((r) => toReview(r as Row)) };
  }

  private async loadForModerator(w: Work<CogovEvents>, principal: Principal, id: string): Promise<Row> {
    const r = (await db(w.tx)
      .selectFrom('cogov.reviews')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()) as Row | undefined;
    if (!r || !cogovPolicy.mayModerate(principal, { regionCode: r.region_code, communityId: r.community_id }))
      throw notFoundReview();
    return r;
  }

  private async tell(
    w: Work<CogovEvents>,
    r: Row,
    title: { zh: string; en: string },
    body: { zh: string; en: string },
    key: string,
  ) {
    if (!r.author_account_id) return;
    await this.c.deps.notifyAccount(
      w.tx,
      {
        accountId: r.author_account_id,
        regionCode: r.region_code,
        topic: 'cogov.content.moderated',
        title,
        body,
        link: '/cogov/moderation',
        sourceEventId: key,
      },
      w.now,
    );
  }

  /** A moderator hides or restores the content, with a reason; the author is told. */
  async decide(p: Principal | null, id: string, input: { outcome: 'hide' | 'restore'; reason: string }, meta: Meta) {
    const { principal } = cogovPolicy.moderator(p);
    return command(this.c.platform, actorOf(principal, meta), async (w) => {
      const r = await this.loadForModerator(w, principal, id);
      if (r.status !== 'pending')
        throw new AppError(409, 'COGOV_REVIEW_DECIDED', 'This review has already been decided');
      const hidden = input.outcome === 'hide';
      await this.type(r.kind).setHidden(w.tx, r.content_id, hidden);
      await db(w.tx)
        .updateTable('cogov.reviews')
        .set({
          status: hidden ? 'hidden' : 'restored',
          decided_at: w.now,
          decided_by: principal.accountId,
          reason: input.reason.trim(),
        })
        .where('id', '=', id)
        .execute();
      await w.audit({
        action: 'cogov.moderation.decided',
        resourceType: `cogov_${r.kind}`,
        resourceId: r.content_id,
        regionCode: r.region_code,
        detail: { review: id, outcome: input.outcome, reason: input.reason },
      });
      await w.emit(
        'cogov.content.moderated',
        { kind: r.kind, contentId: r.content_id, outcome: hidden ? 'hidden' : 'restored' },
        r.region_code,
      );
      await this.tell(
        w,
        r,
        hidden
          ? { zh: '您的内容已被隐藏', en: 'Your content was hidden' }
          : { zh: '您的内容已恢复显示', en: 'Your content was restored' },
        {
          zh: `理由：${input.reason}${hidden ? '。您可以申诉一次。' : ''}`,
          en: `Reason: ${input.reason}${hidden ? '. You may appeal once.' : ''}`,
        },
        `cogov-moderation:${id}`,
      );
      return toReview({
        ...r,
        status: hidden ? 'hidden' : 'restored',
        decided_at: w.now,
        decided_by: principal.accountId,
        reason: input.reason.trim(),
      });
    });
  }

  /** The author appeals a hiding, once. */
  async appeal(p: Principal | null, id: string, text: string, meta: Meta) {
    const principal = requirePrincipal(p);
    return command(this.c.platform, actorOf(principal, meta), async (w) => {
      const r = (await db(w.tx)
        .selectFrom('cogov.reviews')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()) as Row | undefined;
      if (!r || r.author_account_id !== principal.accountId) throw notFoundReview();
      if (r.status !== 'hidden' || r.appealed_at)
        throw new AppError(409, 'COGOV_APPEAL_NOT_ALLOWED', 'Only hidden content may be appealed, and only once');
      await db(w.tx)
        .updateTable('cogov.reviews')
        .set({ appeal_text: text.trim(), appealed_at: w.now, appeal_status: 'pending' })
        .where('id', '=', id)
        .execute();
      await w.audit({
        action: 'cogov.moderation.appealed',
        resourceType: `cogov_${r.kind}`,
        resourceId: r.content_id,
        regionCode: r.region_code,
        detail: { review: id },
      });
      return toReview({ ...r, appeal_text: text.trim(), appealed_at: w.now, appeal_status: 'pending' });
    });
  }

  /** A moderator decides the appeal: upheld (stays hidden) or overturned (shown again). The author is told. */
  async decideAppeal(
    p: Principal | null,
    id: string,
    input: { outcome: 'upheld' | 'overturned'; reason: string },
    meta: Meta,
  ) {
    const { principal } = cogovPolicy.moderator(p);
    return command(this.c.platform, actorOf(principal, meta), async (w) => {
      const r = await this.loadForModerator(w, principal, id);
      if (r.appeal_status !== 'pending')
        throw new AppError(409, 'COGOV_REVIEW_DECIDED', 'This review has already been decided');
      const overturned = input.outcome === 'overturned';
      if (overturned) await this.type(r.kind).setHidden(w.tx, r.content_id, false);
      const set = {
        appeal_status: input.outcome,
        appeal_decided_at: w.now,
        appeal_decided_by: principal.accountId,
        appeal_reason: input.reason.trim(),
        ...(overturned ? { status: 'restored' as const } : {}),
      };
      await db(w.tx).updateTable('cogov.reviews').set(set).where('id', '=', id).execute();
      await w.audit({
        action: 'cogov.moderation.appeal-decided',
        resourceType: `cogov_${r.kind}`,
        resourceId: r.content_id,
        regionCode: r.region_code,
        detail: { review: id, outcome: input.outcome, reason: input.reason },
      });
      await this.tell(
        w,
        r,
        { zh: '您的申诉有了结果', en: 'Your appeal was decided' },
        {
          zh: `${overturned ? '申诉成立，内容已恢复' : '维持隐藏'}。理由：${input.reason}`,
          en: `${overturned ? 'Upheld: your content is shown again' : 'The hiding stands'}. Reason: ${input.reason}`,
        },
        `cogov-appeal:${id}`,
      );
      return toReview({ ...r, ...set });
    });
  }
}

export function createModeration(c: CogovContext): CogovPart<Moderation> {
  const m = new Moderation(c);
  return {
    api: m,
    async plugin(fastify: FastifyInstance) {
      const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['cogov'];
      app.post(
        '/cogov/content/:kind/:id/flags',
        {
          schema: {
            tags,
            summary: 'Flag content (once); after the community’s N flags it hides pending review',
            params: FlagParams,
            body: FlagBody,
            response: { 200: FlagAnswer },
          },
        },
        async (request) =>
          m.flag(request.principal, request.params.kind, request.params.id, request.body.reason, metaOf(request)),
      );
      app.get(
        '/cogov/moderation/reviews',
        {
          schema: {
            tags,
            summary: 'The moderator’s queue, in their scope',
            querystring: ReviewQuery,
            response: { 200: ReviewList },
          },
        },
        async (request) => m.reviews(request.principal, request.query.status),
      );
      app.get(
        '/cogov/moderation/mine',
        { schema: { tags, summary: 'Moderation decisions on my content', response: { 200: ReviewList } } },
        async (request) => m.mine(request.principal),
      );
      app.post(
        '/cogov/moderation/reviews/:id/decision',
        {
          schema: {
            tags,
            summary: 'Hide or restore, with a reason (audited; the author is told)',
            params: IdParams,
            body: DecisionBody,
            response: { 200: Review },
          },
        },
        async (request) => m.decide(request.principal, request.params.id, request.body, metaOf(request)),
      );
      app.post(
        '/cogov/moderation/reviews/:id/appeal',
        {
          schema: {
            tags,
            summary: 'Appeal a hiding of my content (once)',
            params: IdParams,
            body: AppealBody,
            response: { 200: Review },
          },
        },
        async (request) => m.appeal(request.principal, request.params.id, request.body.text, metaOf(request)),
      );
      app.post(
        '/cogov/moderation/reviews/:id/appeal-decision',
        {
          schema: {
            tags,
            summary: 'Decide an appeal: upheld (stays hidden) or overturned (shown again)',
            params: IdParams,
            body: AppealDecisionBody,
            response: { 200: Review, ...errorAnswers(404) },
          },
        },
        async (request) => m.decideAppeal(request.principal, request.params.id, request.body, metaOf(request)),
      );
    },
  };
}

/**
 * What residents write on proposals (居民提议): the proposal itself — text, category, up to 6
 * photos (their uploads, checked as city reports' are: platform/photos.ts) and where (a point, an
 * address, or neither) — filed once per Idempotency-Key (platform/idempotency.ts, as
 * applications file cases); its author's edits while no one supports it yet; and comments,
 * threaded by replies (the one replied to is told). Moderation hides any of them (flags).
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { checkedPhotos } from '../../platform/photos.ts';
import { authorShown } from './cogov.authors.ts';
import type { CogovContext } from './cogov.context.ts';
import { cogovPolicy } from './cogov.policy.ts';
import type { Proposals } from './cogov.proposals.ts';
import * as repo from './cogov.proposals.repository.ts';
import type * as S from './cogov.proposals.schemas.ts';
import { actorOf, type Meta } from './cogov.schemas.ts';
import { PROPOSE_MIN_AGE, rulesOf } from './cogov.settings.ts';

const notFoundProposal = () => notFound('COGOV_PROPOSAL_NOT_FOUND', 'No such proposal');

/** The checked content of a proposal: its photos the caller's images, its point whole. */
type Content = Pick<repo.ProposalRow, 'title' | 'body' | 'category' | 'lat' | 'lng' | 'address' | 'photos'>;

export class ProposalWriting {
  private readonly c: CogovContext;
  private readonly proposals: Proposals;
  constructor(c: CogovContext, proposals: Proposals) {
    this.c = c;
    this.proposals = proposals;
  }

  private async content(p: Principal, input: S.EditProposalT): Promise<Content> {
    if ((input.lat === undefined) !== (input.lng === undefined))
      throw new AppError(422, 'COGOV_LOCATION_INVALID', 'A point needs both a latitude and a longitude');
    if (input.lat !== undefined && !this.c.deps.inCity(input.lat, input.lng!))
      throw new AppError(422, 'COGOV_LOCATION_INVALID', 'The point is not in the city');
    const photos = await checkedPhotos(
      this.c.deps.uploadOf,
      p,
      input.photos ?? [],
      () => new AppError(422, 'COGOV_PHOTO_INVALID', 'A photo is not an image you uploaded'),
    );
    return {
      title: input.title.trim(),
      body: input.body.trim(),
      category: input.category,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      address: input.address?.trim() || null,
      photos,
    };
  }

  /**
   * Propose something for my community. The same Idempotency-Key answers the proposal filed the
   * first time (`replayed`); the same key with a different proposal is refused.
   */
  async create(p: Principal | null, input: S.NewProposalT, idempotencyKey: string, meta: Meta) {
    const principal = cogovPolicy.resident(p);
    const key = idempotencyKeyOf(idempotencyKey, [
      input.title,
      input.body,
      input.category,
      input.lat ?? null,
      input.lng ?? null,
      input.address ?? null,
      input.photos ?? [],
      input.authorDisplay,
    ]);
    return idempotent(key, {
      earlier: () => repo.proposalByKey(this.c.platform.db, principal.accountId, key.idempotencyKey),
      replay: (earlier) => this.proposals.get(principal, earlier.id),
      file: async () => {
        const now = this.c.platform.clock.now();
        const s = await this.c.standing.requireResident(principal, now, PROPOSE_MIN_AGE);
        const content = await this.content(principal, input);
        const id = uuidv7(now.getTime());
        await command(this.c.platform, actorOf(principal, meta), async (w) => {
          const rules = await rulesOf(w.tx, s.residence.communityId);
          await repo.insertProposal(w.tx, {
            id,
            region_code: s.residence.regionCode,
            community_id: s.residence.communityId,
            author_account_id: principal.accountId,
            author_resident_id: s.residence.residentId,
            author_display: input.authorDisplay,
            author_shown: await authorShown(w.tx, principal, input.authorDisplay),
            ...content,
            photos: JSON.stringify(content.photos),
            status: 'open',
            threshold: rules.supportThreshold,
            support_until: new Date(now.getTime() + rules.supportDays * 86_400_000),
            created_at: w.now,
            idempotency_key: key.idempotencyKey,
            request_hash: key.requestHash,
          });
          await repo.follow(w.tx, { proposal_id: id, account_id: principal.accountId, created_at: w.now });
          await w.audit({
            action: 'cogov.proposal.created',
            resourceType: 'cogov_proposal',
            resourceId: id,
            regionCode: s.residence.regionCode,
            detail: { photos: content.photos.length, located: content.lat !== null || content.address !== null },
          });
          await w.emit(
            'cogov.proposal.created',
            { proposalId: id, communityId: s.residence.communityId, authorAccountId: principal.accountId },
            s.residence.regionCode,
          );
        });
        return this.proposals.get(principal, id);
      },
    });
  }

  /** The author changes what the proposal says, while it is open and no one supports it yet. */
  async edit(p: Principal | null, id: string, input: S.EditProposalT, meta: Meta): Promise<S.ProposalDetailT> {
    const principal = requirePrincipal(p);
    const r0 = await this.proposals.readable(principal, id);
    if (r0.author_account_id !== principal.accountId) throw forbidden('Only its author may change a proposal');
    const content = await this.content(principal, input);
    await command(this.c.platform, actorOf(principal, meta), async (w) => {
      const r = (await repo.proposalById(w.tx, id, true))!;
      if (r.status !== 'open' || r.support_count > 0 || r.support_until < w.now || r.hidden)
        throw new AppError(409, 'COGOV_PROPOSAL_NOT_EDITABLE', 'A proposal cannot be changed once someone supports it');
      await repo.updateProposal(w.tx, id, { ...content, photos: JSON.stringify(content.photos), edited_at: w.now });
      await w.audit({
        action: 'cogov.proposal.edited',
        resourceType: 'cogov_proposal',
        resourceId: id,
        regionCode: r.region_code,
        change: { before: { title: r.title, body: r.body }, after: { title: content.title, body: content.body } },
        detail: { photos: content.photos.length },
      });
    });
    return this.proposals.get(principal, id);
  }

  /** A resident of the community comments, or replies to a comment (whose author is told). */
  async comment(
    p: Principal | null,
    id: string,
    input: { body: string; parentId?: string | undefined; authorDisplay: S.NewProposalT['authorDisplay'] },
    meta: Meta,
  ): Promise<S.ProposalDetailT> {
    const principal = cogovPolicy.resident(p);
    const now = this.c.platform.clock.now();
    const r = await repo.proposalById(this.c.platform.db, id);
    if (!r || r.hidden) throw notFoundProposal();
    await this.c.standing.require(
      principal,
      { scope: 'community', regionCode: r.region_code, communityId: r.community_id, gridId: null, minAge: null },
      now,
    );
    const parent = input.parentId ? await repo.commentById(this.c.platform.db, input.parentId) : null;
    if (parent !== null && (!parent || parent.proposal_id !== id || parent.hidden))
      throw notFound('COGOV_COMMENT_NOT_FOUND', 'No such comment');
    await command(this.c.platform, actorOf(principal, meta), async (w) => {
      const commentId = uuidv7(w.now.getTime());
      await repo.insertComment(w.tx, {
        id: commentId,
        proposal_id: id,
        parent_id: parent?.id ?? null,
        author_account_id: principal.accountId,
        author_shown: await authorShown(w.tx, principal, input.authorDisplay),
        body: input.body.trim(),
        created_at: w.now,
      });
      if (parent && parent.author_account_id !== principal.accountId)
        await this.c.deps.notifyAccount(
          w.tx,
          {
            accountId: parent.author_account_id,
            regionCode: r.region_code,
            topic: 'cogov.proposal.comment-replied',
            title: { zh: '有人回复了您的评论', en: 'Someone replied to your comment' },
            body: { zh: `在提议「${r.title}」下。`, en: `On the proposal "${r.title}".` },
            link: `/cogov/proposals/${id}`,
            sourceEventId: `cogov-reply:${commentId}`,
          },
          w.now,
        );
    });
    return this.proposals.get(principal, id);
  }
}

/**
 * 好差评: the invitation after a case closes (completed, rejected or withdrawn), the applicant's
 * one rating within 30 days, never forced; and the window's 评价器, where a clerk records a
 * visit and the applicant taps the rating on the clerk's tablet. A bad rating (1-2) opens a
 * rectification ticket in the same transaction.
 */
import { systemActor } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { DomainEvent, NoEvents } from '../../platform/outbox.ts';
import { localDate } from '../../platform/time-zone.ts';
import type { CaseChangedPayload } from '../applications/index.ts';
import {
  inTx,
  OFFLINE_INDICATORS,
  ONLINE_INDICATORS,
  RATING_WINDOW_DAYS,
  type Context,
} from './supervision.context.ts';
import { policy } from './supervision.policy.ts';
import type { Rectification } from './supervision.rectification.ts';
import * as repo from './supervision.repository.ts';
import { countRating } from './supervision.statistics.ts';
import type { CaseOutcome, Indicators, RatingChannel } from './supervision.tables.ts';

const CLOSING: readonly string[] = ['completed', 'rejected', 'withdrawn'];
const DAY_MS = 86_400_000;

export interface RatingInput {
  score: number;
  indicators: Indicators;
  comment?: string | null;
}

/** The indicators must be the channel's set (each 1..5); `overall` is the score itself when absent. */
export function checkIndicators(channel: RatingChannel, input: RatingInput): Indicators {
  const allowed: readonly string[] = channel === 'app' ? ONLINE_INDICATORS : OFFLINE_INDICATORS;
  const out: Indicators = { overall: input.score };
  for (const [k, v] of Object.entries(input.indicators)) {
    if (!allowed.includes(k) || !Number.isInteger(v) || v < 1 || v > 5)
      throw new AppError(422, 'INDICATORS_INVALID', `Indicator ${k} is not one of ${allowed.join(', ')} scored 1-5`);
    out[k] = v;
  }
  if (out.overall !== input.score) throw new AppError(422, 'INDICATORS_INVALID', 'The overall indicator is the score');
  return out;
}

const itemName = (r: { item_name_zh: string; item_name_en: string }) => ({ zh: r.item_name_zh, en: r.item_name_en });

export class Ratings {
  private readonly c: Context;
  private readonly rectification: Rectification;

  constructor(context: Context, rectification: Rectification) {
    this.c = context;
    this.rectification = rectification;
  }

  /** `applications.case.changed` (at least once): a closing case gets its invitation, once. */
  async onCaseChanged(e: DomainEvent<CaseChangedPayload>): Promise<void> {
    const ev = e.payload;
    if (!CLOSING.includes(ev.status) || ev.branch) return;
    // Every item of the case (a bundle's parts, each with its department); the first leads.
    const parts: repo.Part[] = [];
    for (const ref of ev.items ?? []) {
      const found = await this.c.deps.catalog.resolveItem(ref.code, ref.version);
      if (!found || parts.some((x) => x.item_code === found.code)) continue;
      parts.push({
        region_code: ev.regionCode,
        department_code: found.data.departmentCode,
        item_code: found.code,
        item_name_zh: found.data.name.zh,
        item_name_en: found.data.name.en,
      });
    }
    const lead = parts[0];
    if (!lead) return;
    await command(this.c.p, systemActor(), async (w) => {
      const inserted = await repo.insertInvitation(inTx(w), {
        ...lead,
        case_id: ev.caseId,
        case_number: ev.caseNumber,
        outcome: ev.status as CaseOutcome,
        rater_account_id: ev.applicantAccountId,
        enterprise_id: ev.enterpriseId ?? null,
        invited_at: w.now,
        expires_at: new Date(w.now.getTime() + RATING_WINDOW_DAYS * DAY_MS),
      });
      if (!inserted) return;
      await repo.insertInvitationParts(inTx(w), ev.caseId, parts);
      await this.c.deps.notifyAccount(
        w.tx,
        {
          accountId: ev.applicantAccountId,
          enterpriseId: ev.enterpriseId ?? null,
          regionCode: ev.regionCode,
          topic: 'supervision.rating.invited',
          title: { zh: '请您评价本次服务', en: 'Please rate this service' },
          body: {
            zh: `办件 ${ev.caseNumber}（${ev.title.zh}）已${ev.headline.zh}。欢迎在30天内评价（自愿，不评价不影响办理）。`,
            en: `Case ${ev.caseNumber} (${ev.title.en}): ${ev.headline.en}. You may rate it within 30 days (optional).`,
          },
          link: `/ratings?case=${encodeURIComponent(ev.caseId)}`,
          sourceEventId: `supervision.invite:${ev.caseId}`,
        },
        w.now,
      );
      await w.audit({
        action: 'supervision.invitation.created',
        resourceType: 'case',
        resourceId: ev.caseId,
        regionCode: ev.regionCode,
        detail: { outcome: ev.status },
      });
    });
  }

  /** The signed-in person's open invitations. */
  async invitations(p: Principal | null) {
    const principal = policy.signedIn(p);
    const rows = await repo.openInvitations(this.c.db, principal.accountId, this.c.p.clock.now());
    return rows.map((r) => ({
      caseId: r.case_id,
      caseNumber: r.case_number,
      itemName: itemName(r),
      outcome: r.outcome,
      invitedAt: r.invited_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      indicators: [...ONLINE_INDICATORS],
    }));
  }

  /** Rate a case: its applicant, once, within the window. */
  async rate(p: Principal | null, caseId: string, input: RatingInput, origin: RequestOrigin) {
    const principal = policy.signedIn(p);
    const indicators = checkIndicators('app', input);
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = inTx(w);
      const inv = await repo.invitationForUpdate(db, caseId);
      if (!inv || !policy.isRater(principal, inv.rater_account_id))
        throw notFound('INVITATION_NOT_FOUND', 'No rating invitation for this case');
      if (await repo.ratingOfCase(db, caseId)) throw conflict('ALREADY_RATED', 'This case has been rated');
      if (w.now >= inv.expires_at) throw new AppError(422, 'RATING_WINDOW_CLOSED', 'The rating window has passed');
      const rating = await repo.insertRating(db, {
        id: uuidv7(w.now.getTime()),
        kind: 'rating',
        channel: 'app',
        case_id: inv.case_id,
        visit_id: null,
        ticket_id: null,
        case_number: inv.case_number,
        region_code: inv.region_code,
        department_code: inv.department_code,
        item_code: inv.item_code,
        item_name_zh: inv.item_name_zh,
        item_name_en: inv.item_name_en,
        score: input.score,
        indicators: JSON.stringify(indicators),
        comment: input.comment?.trim() || null,
        rater_account_id: principal.accountId,
        rated_at: w.now,
      });
      if (!rating) throw conflict('ALREADY_RATED', 'This case has been rated');
      const parts = await repo.invitationParts(db, inv.case_id);
      return this.recorded(w, rating, parts.length > 0 ? parts : [partOf(inv)]);
    });
  }

  /** The 评价器: a clerk records a window visit for a service item (and the case number, if any). */
  async recordVisit(
    p: Principal | null,
    input: { itemCode: string; caseNumber?: string | null },
    origin: RequestOrigin,
  ) {
    const { principal, post } = policy.window(p);
    const item = await this.c.deps.catalog.resolveItem(input.itemCode);
    if (!item) throw new AppError(422, 'ITEM_UNKNOWN', 'No such service item');
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = inTx(w);
      const n = await repo.nextNumber(db, 'visit_seq');
      const day = localDate(w.now, this.c.deps.timeZone).replaceAll('-', '');
      const visit = await repo.insertVisit(db, {
        id: uuidv7(w.now.getTime()),
        visit_number: `${post.regionCode}-W${day}-${String(n).padStart(5, '0')}`,
        region_code: post.regionCode,
        department_code: item.data.departmentCode,
        item_code: item.code,
        item_name_zh: item.data.name.zh,
        item_name_en: item.data.name.en,
        case_number: input.caseNumber?.trim() || null,
        clerk_account_id: principal.accountId,
        created_at: w.now,
      });
      await w.audit({
        action: 'supervision.visit.recorded',
        resourceType: 'window_visit',
        resourceId: visit.id,
        regionCode: visit.region_code,
        detail: { item: visit.item_code },
      });
      return {
        id: visit.id,
        visitNumber: visit.visit_number,
        itemName: itemName(visit),
        indicators: [...OFFLINE_INDICATORS],
      };
    });
  }

  /** The applicant taps the rating on the clerk's device: anonymous, once per visit. */
  async rateVisit(p: Principal | null, visitId: string, input: RatingInput, origin: RequestOrigin) {
    const { principal } = policy.window(p);
    const indicators = checkIndicators('window', input);
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = inTx(w);
      const visit = await repo.visitById(db, visitId);
      if (!visit || visit.clerk_account_id !== principal.accountId)
        throw notFound('VISIT_NOT_FOUND', 'No such window visit');
      if (await repo.ratingOfVisit(db, visitId)) throw conflict('ALREADY_RATED', 'This visit has been rated');
      const rating = await repo.insertRating(db, {
        id: uuidv7(w.now.getTime()),
        kind: 'rating',
        channel: 'window',
        case_id: null,
        visit_id: visit.id,
        ticket_id: null,
        case_number: visit.case_number ?? visit.visit_number,
        region_code: visit.region_code,
        department_code: visit.department_code,
        item_code: visit.item_code,
        item_name_zh: visit.item_name_zh,
        item_name_en: visit.item_name_en,
        score: input.score,
        indicators: JSON.stringify(indicators),
        comment: input.comment?.trim() || null,
        rater_account_id: null,
        rated_at: w.now,
      });
      if (!rating) throw conflict('ALREADY_RATED', 'This visit has been rated');
      return this.recorded(w, rating, [partOf(visit)]);
    });
  }

  /** Ratings in the caller's scope (supervisors: their regions; heads: their departments); never the rater. */
  async list(p: Principal | null) {
    const { scope } = policy.scope(p);
    return (await repo.ratingsInScope(this.c.db, scope)).map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      caseNumber: r.case_number,
      departmentCode: r.department_code,
      itemCode: r.item_code,
      itemName: itemName(r),
      score: r.score,
      indicators: r.indicators,
      comment: r.comment,
      ratedAt: r.rated_at.toISOString(),
    }));
  }

  /** Every rating and call-back the person gave (their personal-data export). */
  async mine(p: Principal | null) {
    const principal = policy.signedIn(p);
    return (await repo.ratingsBy(this.c.db, principal.accountId)).map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      caseNumber: r.case_number,
      itemName: itemName(r),
      score: r.score,
      indicators: r.indicators,
      comment: r.comment,
      ratedAt: r.rated_at.toISOString(),
    }));
  }

  /**
   * Audit the rating, credit each part (department and item) that handled the case, and open a
   * ticket for each department a bad one concerns; what the rater is told back.
   */
  private async recorded(w: Work<NoEvents>, rating: repo.RatingRow, parts: readonly repo.Part[]) {
    await repo.insertRatingParts(inTx(w), rating.id, rating.score, parts);
    // 统计分析: each part's week counts the rating, as the backfill does from rating_parts.
    for (const part of parts) await countRating(w.tx, { ...rating, ...part }, this.c.deps.timeZone);
    const departments = [...new Set(parts.map((x) => x.department_code))];
    await w.audit({
      action: 'supervision.rating.created',
      resourceType: 'rating',
      resourceId: rating.id,
      regionCode: rating.region_code,
      detail: { channel: rating.channel, score: rating.score, department: rating.department_code, departments },
    });
    let tickets = 0;
    if (rating.score <= 2)
      for (const d of departments) {
        await this.rectification.open(
          w,
          rating,
          parts.find((x) => x.department_code === d)!,
        );
        tickets++;
      }
    return {
      id: rating.id,
      score: rating.score,
      ratedAt: rating.rated_at.toISOString(),
      rectification: tickets > 0,
    };
  }
}

const partOf = (r: repo.Part): repo.Part => ({
  region_code: r.region_code,
  department_code: r.department_code,
  item_code: r.item_code,
  item_name_zh: r.item_name_zh,
  item_name_en: r.item_name_en,
});

/**
 * Consultations (议事协商): the community committee, or a department for a city-wide question,
 * opens one with background documents, options, eligibility (the residents of a community, a
 * grid or the city; a minimum age) and its opening and closing times; after the close the result
 * is published (cogov.ballots.ts) and the committee records its decision.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scheduleJobLater } from '../../platform/jobs.ts';
import type { CogovContext } from './cogov.context.ts';
import * as repo from './cogov.consultations.repository.ts';
import type * as S from './cogov.consultations.schemas.ts';
import { cogovPolicy, cogovScopeOf } from './cogov.policy.ts';
import { actorOf, type Meta } from './cogov.schemas.ts';
import { refusalOf, type Eligibility } from './cogov.standing.ts';
import type { CogovTables } from './cogov.tables.ts';

export type ConsultationRow = CogovTables['cogov.consultations'] & { documents: { title: string; url: string }[] };

export const PUBLISH_JOB = 'cogov.consultation-publish';

export const notFoundConsultation = () => notFound('COGOV_CONSULTATION_NOT_FOUND', 'No such consultation');

export const eligibilityOf = (r: ConsultationRow): Eligibility => ({
  scope: r.scope,
  regionCode: r.region_code,
  communityId: r.community_id,
  gridId: r.grid_id,
  minAge: r.min_age,
});

export const stateOf = (r: ConsultationRow, now: Date): S.ConsultationDetailT['state'] =>
  r.tallied_at ? 'published' : now < r.opens_at ? 'upcoming' : now < r.closes_at ? 'open' : 'closed';

export class Consultations {
  private readonly c: CogovContext;
  /** Set by the ballots part: publish a closed consultation's result now if it is not yet. */
  publishIfDue: (id: string) => Promise<void> = async () => {};

  constructor(c: CogovContext) {
    this.c = c;
    // When it opens, its eligible residents are told in the app (cogov.broadcasts.ts).
    c.broadcasts.register('consultation', async (id, now) => {
      const r = (await repo.consultationById(c.platform.db, id)) as ConsultationRow | undefined;
      if (!r || r.tallied_at || now >= r.closes_at) return null;
      const year = Number(c.standing.today(now).slice(0, 4));
      const closes = new Intl.DateTimeFormat('sv-SE', {
        timeZone: c.deps.timeZone,
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(r.closes_at);
      return {
        audience: {
          regionCode: r.region_code,
          communityId: r.community_id,
          gridId: r.grid_id,
          bornInOrBefore: r.min_age === null ? null : year - r.min_age,
        },
        topic: 'cogov.consultation.opened',
        title: { zh: `议事协商开始投票：${r.title}`, en: `A vote has opened: ${r.title}` },
        body: {
          zh: `投票截止于 ${closes}。您的选票保密，可在截止前修改。`,
          en: `Voting closes at ${closes}. Your ballot is secret; you may change it until the close.`,
        },
        link: `/cogov/votes/${r.id}`,
      };
    });
  }

  /** Who may read a consultation: the residents it concerns (and the city's for city-wide), its governors, moderators. */
  async mayRead(p: Principal, r: ConsultationRow): Promise<boolean> {
    const place = { regionCode: r.region_code, communityId: r.community_id };
    if (cogovPolicy.mayGovern(p, place) || cogovPolicy.mayModerate(p, place)) return true;
    if (p.kind !== 'citizen') return false;
    const s = await this.c.standing.of(p.accountId);
    if (!s.residence || s.residence.regionCode !== r.region_code) return false;
    return r.community_id === null || s.residence.communityId === r.community_id;
  }

  async load(p: Principal, id: string): Promise<ConsultationRow> {
    const r = (await repo.consultationById(this.c.platform.db, id)) as ConsultationRow | undefined;
    if (!r || !(await this.mayRead(p, r))) throw notFoundConsultation();
    return r;
  }

  async create(p: Principal | null, input: S.NewConsultationT, meta: Meta): Promise<S.ConsultationDetailT> {
    const regionCode = this.c.deps.regionCode;
    const communityId = input.scope === 'city' ? null : (input.communityId ?? null);
    const principal = cogovPolicy.govern(p, { regionCode, communityId });
    if (input.scope !== 'city' && !communityId)
      throw badRequest('VALIDATION_FAILED', 'A community is required', [
        { path: '/communityId', code: 'invalid', message: 'required' },
      ]);
    const gridId = input.scope === 'grid' ? (input.gridId ?? null) : null;
    if (input.scope === 'grid' && !gridId)
      throw badRequest('VALIDATION_FAILED', 'A grid is required', [
        { path: '/gridId', code: 'invalid', message: 'required' },
      ]);
    if (gridId) {
      const place = await this.c.deps.placeNames(communityId!, gridId);
      if (!place || place.gridId !== gridId)
        throw badRequest('VALIDATION_FAILED', 'No such grid in the community', [
          { path: '/gridId', code: 'invalid', message: 'not in the community' },
        ]);
    }
    const opensAt = new Date(input.opensAt);
    const closesAt = new Date(input.closesAt);
    if (!(closesAt > opensAt))
      throw new AppError(422, 'COGOV_CONSULTATION_TIMES_INVALID', 'The closing time must be after the opening time');
    const keys = new Set(input.options.map((o) => o.key));
    if (keys.size !== input.options.length)
      throw badRequest('VALIDATION_FAILED', 'Option keys must differ', [
        { path: '/options', code: 'invalid', message: 'duplicate key' },
      ]);
    const id = uuidv7(this.c.platform.clock.now().getTime());
    await command(this.c.platform, actorOf(principal, meta), async (w) => {
      await repo.insertConsultation(w.tx, {
        id,
        region_code: regionCode,
        community_id: communityId,
        scope: input.scope,
        grid_id: gridId,
        min_age: input.minAge ?? null,
        title: input.title.trim(),
        background: input.background.trim(),
        documents: input.documents ?? [],
        options: input.options,
        opens_at: opensAt,
        closes_at: closesAt,
        created_by: principal.accountId,
        created_at: w.now,
        tallied_at: null,
        result: null,
        receipts_sha256: null,
        decision: null,
        decided_at: null,
        decided_by: null,
      });
      scheduleJobLater(
        w,
        { kind: PUBLISH_JOB, key: `cogov-publish:${id}`, payload: { consultationId: id }, runAt: closesAt, regionCode },
        w.now,
      );
      this.c.broadcasts.schedule(w, { source: 'consultation', id, regionCode }, opensAt, w.now);
      await w.audit({
        action: 'cogov.consultation.opened',
        resourceType: 'cogov_consultation',
        resourceId: id,
        regionCode,
        detail: { scope: input.scope, communityId, gridId },
      });
    });
    return this.get(principal, id);
  }

  async list(p: Principal | null, f: { page: number; pageSize: number }) {
    const principal = requirePrincipal(p);
    const now = this.c.platform.clock.now();
    let regionCode = this.c.deps.regionCode;
    let communityIds: string[] | null;
    let cityWide = true;
    if (principal.kind === 'citizen') {
      const s = await this.c.standing.requireResident(principal, now);
      regionCode = s.residence.regionCode;
      communityIds = [s.residence.communityId];
    } else {
      const scope = cogovScopeOf(principal);
      if (scope.cityWide.includes(regionCode) || scope.moderatesRegions.includes(regionCode)) communityIds = null;
      else {
        cogovPolicy.governor(principal);
        communityIds = [...scope.committee, ...scope.moderates];
        cityWide = false;
      }
    }
    const [rows, count] = await repo.consultationsPage(this.c.platform.db, {
      regionCode,
      communityIds,
      cityWide,
      offset: (f.page - 1) * f.pageSize,
      limit: f.pageSize,
    });
    return {
      total: Number(count.n),
      items: (rows as ConsultationRow[]).map((r) => ({
        id: r.id,
        scope: r.scope,
        communityId: r.community_id,
        gridId: r.grid_id,
        title: r.title,
        state: stateOf(r, now),
        opensAt: r.opens_at.toISOString(),
        closesAt: r.closes_at.toISOString(),
      })),
    };
  }

  async get(p: Principal | null, id: string): Promise<S.ConsultationDetailT> {
    const principal = requirePrincipal(p);
    let r = await this.load(principal, id);
    const now = this.c.platform.clock.now();
    if (!r.tallied_at && now >= r.closes_at) {
      await this.publishIfDue(id);
      r = await this.load(principal, id);
    }
    let refusal: string | null = null;
    let voted = false;
    if (principal.kind === 'citizen') {
      const s = await this.c.standing.of(principal.accountId);
      refusal = refusalOf(s, eligibilityOf(r), this.c.standing.today(now));
      if (s.residence) voted = (await repo.voterOf(this.c.platform.db, id, s.residence.residentId)) !== undefined;
    }
    return {
      id: r.id,
      scope: r.scope,
      communityId: r.community_id,
      gridId: r.grid_id,
      title: r.title,
      state: stateOf(r, now),
      opensAt: r.opens_at.toISOString(),
      closesAt: r.closes_at.toISOString(),
      minAge: r.min_age,
      background: r.background,
      documents: r.documents,
      options: r.options,
      result: r.result,
      receiptsSha256: r.receipts_sha256,
      decision: r.decision,
      decidedAt: r.decided_at?.toISOString() ?? null,
      refusal,
      voted,
      mayGovern: cogovPolicy.mayGovern(principal, { regionCode: r.region_code, communityId: r.community_id }),
    };
  }

  /** The committee (or department) records its decision after the result is published. */
  async decide(p: Principal | null, id: string, decision: string, meta: Meta): Promise<S.ConsultationDetailT> {
    const principal0 = requirePrincipal(p);
    const r = await this.load(principal0, id);
    const principal = cogovPolicy.govern(principal0, { regionCode: r.region_code, communityId: r.community_id });
    await command(this.c.platform, actorOf(principal, meta), async (w) => {
      const row = (await repo.consultationById(w.tx, id, 'update'))!;
      if (!row.tallied_at) throw new AppError(409, 'COGOV_CONSULTATION_NOT_CLOSED', 'Voting has not closed yet');
      if (row.decided_at) throw new AppError(409, 'COGOV_DECISION_RECORDED', 'A decision has already been recorded');
      await repo.updateConsultation(w.tx, id, {
        decision: decision.trim(),
        decided_at: w.now,
        decided_by: principal.accountId,
      });
      await w.audit({
        action: 'cogov.consultation.decided',
        resourceType: 'cogov_consultation',
        resourceId: id,
        regionCode: row.region_code,
      });
    });
    return this.get(principal, id);
  }
}

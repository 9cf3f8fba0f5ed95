/**
 * City events in (随手拍, 12345, Open311, sensors, patrol) and read: `open` routes an event by
 * category and place and dispatches it at once when routing found a handler (智能派单); `get`,
 * `list` and `history` answer within the caller's access (cityops.policy.ts). Other parts of the
 * module call these (cityops.api.events).
 */
import { createHash } from 'node:crypto';
import type { ActorRef } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, notFound, unauthenticated } from '../../platform/errors.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import { checkedPhotos } from '../../platform/photos.ts';
import type { Categories } from './cityops.categories.ts';
import { inTx, record } from './cityops.changes.ts';
import type { CityopsContext } from './cityops.context.ts';
import { mayRead, policy, scopeOf, standingOf, type Standing } from './cityops.policy.ts';
import * as repo from './cityops.repository.ts';
import type { EventSource, EventStatus, PhotoRef } from './cityops.tables.ts';
import { CONTACT, detailOf, summaryOf, updateOf } from './cityops.views.ts';

export interface OpenEventInput {
  source: EventSource;
  categoryCode: string;
  description: string;
  /** A point, or */
  lat?: number | undefined;
  lng?: number | undefined;
  /** an address (routed by the community name in it, else to the city's queue). */
  address?: string | undefined;
  /** Upload ids from the platform's upload facility (≤ 6), each an image the caller uploaded. */
  photos?: string[] | undefined;
  /** Only when the category allows it: the reporter is never shown to the handlers. */
  anonymous?: boolean | undefined;
  /** Sealed; shown masked to handlers (not at all when anonymous). */
  contact?: { name?: string | undefined; phone?: string | undefined; email?: string | undefined } | undefined;
  /** The hotline call id, the Open311 API key id, the sensor alert id. */
  externalRef?: string | undefined;
  idempotencyKey?: string | undefined;
}

export interface OpenedEvent {
  id: string;
  number: string;
  token: string | null;
  status: EventStatus;
  categoryCode: string;
  communityId: string | null;
  gridId: string | null;
  departmentId: string | null;
  deadlineAt: string | null;
  openedAt: string;
}

export interface ListFilters {
  status?: string | undefined;
  categoryCode?: string | undefined;
  source?: EventSource | undefined;
  communityId?: string | undefined;
  gridId?: string | undefined;
  departmentId?: string | undefined;
  number?: string | undefined;
  urgent?: boolean | undefined;
  overdue?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

const openedOf = (r: repo.EventRow): OpenedEvent => ({
  id: r.id,
  number: r.number,
  token: r.token,
  status: r.status,
  categoryCode: r.category_code,
  communityId: r.community_id,
  gridId: r.grid_id,
  departmentId: r.department_id,
  deadlineAt: r.deadline_at?.toISOString() ?? null,
  openedAt: r.opened_at.toISOString(),
});

/** An event the caller may see, with how they stand to it. */
export interface Access {
  principal: Principal;
  row: repo.EventRow;
  standing: Standing;
}

export class Events {
  private readonly c: CityopsContext;
  private readonly categories: Categories;

  constructor(c: CityopsContext, categories: Categories) {
    this.c = c;
    this.categories = categories;
  }

  /**
   * Open an event. A person (`p`) reports for themselves; a non-person caller passes `p` null and
   * `opts.system` ('open311:<keyId>' | 'sensor' | 'hotline'), having authorised itself first.
   */
  async open(
    p: Principal | null,
    input: OpenEventInput,
    opts: { system?: string; origin?: RequestOrigin; gridId?: string } = {},
  ): Promise<OpenedEvent> {
    const principal = p ? policy.report(p) : null;
    if (!principal && !opts.system) throw unauthenticated();
    const category = await this.categories.active(input.categoryCode);
    const anonymous = input.anonymous === true;
    if (anonymous && !category.anonymousAllowed)
      throw new AppError(422, 'CITYOPS_ANONYMOUS_NOT_ALLOWED', 'This category cannot be reported anonymously');
    const hasPoint = input.lat !== undefined && input.lng !== undefined;
    if (!hasPoint && !input.address?.trim() && !opts.gridId)
      throw new AppError(422, 'CITYOPS_LOCATION_REQUIRED', 'Give a point on the map or an address');
    if (hasPoint && !this.c.routing.map.inCity(input.lat!, input.lng!))
      throw new AppError(422, 'CITYOPS_LOCATION_OUTSIDE', 'The point is outside the city');
    const photos = await this.photosOf(principal, input.photos ?? []);
    // A retry with the same key answers the event the first attempt opened (never another caller's).
    // The reporter: a person reporting for themselves (a citizen, a grid worker on patrol), unless anonymous.
    const reporter =
      principal && !anonymous && (input.source === 'citizen' || input.source === 'patrol') ? principal.accountId : null;
    const scopeKey = reporter ?? input.source;
    const storedKey = input.idempotencyKey
      ? createHash('sha256')
          .update(`${principal?.accountId ?? opts.system}\0${input.idempotencyKey}`)
          .digest('base64url')
      : null;
    if (storedKey) {
      const done = await repo.eventByIdempotency(this.c.db, scopeKey, storedKey);
      if (done) return openedOf(done);
    }
    const now = this.c.p.clock.now();
    const routed = await this.c.routing.route(
      { department_code: category.departmentCode, time_limit: category.timeLimit },
      { lat: input.lat, lng: input.lng, address: input.address },
      now,
    );
    if (!hasPoint && opts.gridId) {
      const grid = await this.c.routing.gridById(opts.gridId);
      routed.gridId = opts.gridId;
      routed.communityId = grid?.communityId ?? routed.communityId;
    }
    const actor: ActorRef = principal
      ? principalActor(principal, opts.origin ?? { requestId: uuidv7(), ip: null })
      : { accountId: null, kind: 'system', requestId: opts.origin?.requestId ?? null, ip: opts.origin?.ip ?? null };
    const seal = (v: string | undefined, ctx: string) => (v?.trim() ? this.c.p.protector.seal(v.trim(), ctx) : null);
    const phone = input.contact?.phone?.replace(/[\s-]/g, '') || undefined;
    try {
      const row = await command(this.c.p, actor, async (w) => {
        const seq = await repo.nextNumber(inTx(w));
        const dispatched = routed.gridId !== null || routed.departmentId !== null;
        const row: repo.EventRow = {
          id: uuidv7(w.now.getTime()),
          number: `SJ${this.day(w.now)}${String(seq).padStart(6, '0')}`,
          region_code: this.c.deps.regionCode,
          source: input.source,
          category_code: category.code,
          description: input.description,
          lat: hasPoint ? input.lat! : null,
          lng: hasPoint ? input.lng! : null,
          address: input.address?.trim() || null,
          community_id: routed.communityId,
          grid_id: routed.gridId,
          department_id: routed.departmentId,
          co_department_ids: [],
          status: 'open',
          urgent: category.urgent,
          deadline_at: routed.deadlineAt,
          reporter_account_id: reporter,
          anonymous,
          contact_name_enc: seal(input.contact?.name, CONTACT.name),
          contact_phone_enc: seal(phone, CONTACT.phone),
          contact_email_enc: seal(input.contact?.email, CONTACT.email),
          contact_phone_bidx: phone ? this.c.p.protector.blindIndex(phone, CONTACT.phone) : null,
          photos,
          close_note: null,
          close_photos: [],
          closed_at: null,
          closed_by: null,
          merged_into: null,
          rating: null,
          rating_comment: null,
          reopen_until: null,
          external_ref: input.externalRef ?? null,
          token: randomToken(12),
          idempotency_key: storedKey,
          opened_at: w.now,
          updated_at: w.now,
          version: 1,
        };
        await repo.insertEvent(inTx(w), {
          ...row,
          photos: JSON.stringify(photos),
          close_photos: '[]',
        });
        // The reporter follows the report (an anonymous one too: the follow is never shown to handlers).
        if (principal && (input.source === 'citizen' || input.source === 'patrol'))
          await repo.follow(inTx(w), [{ event_id: row.id, account_id: principal.accountId, since: w.now }]);
        await record(
          w,
          row,
          null,
          {
            kind: 'opened',
            note: null,
            photos,
            audit:
              principal?.kind === 'staff' || !principal ? { source: row.source, system: opts.system ?? null } : false,
          },
          this.c.deps.timeZone,
        );
        if (dispatched) {
          const after = { ...row, status: 'dispatched' as const };
          await repo.updateEvent(inTx(w), row.id, { status: 'dispatched' });
          await record(
            w,
            after,
            row,
            { kind: 'dispatched', note: null, audit: { routed: true } },
            this.c.deps.timeZone,
          );
          return { ...after, version: 2 };
        }
        return row;
      });
      return openedOf(row);
    } catch (err) {
      // Two retries raced: the loser answers what the winner opened.
      if (storedKey && (err as { code?: string }).code === '23505') {
        const done = await repo.eventByIdempotency(this.c.db, scopeKey, storedKey);
        if (done) return openedOf(done);
      }
      throw err;
    }
  }

  /** A grid worker's patrol report (巡查上报): an event of their grid (or where they put it). */
  async patrol(
    p: Principal | null,
    input: Omit<OpenEventInput, 'source' | 'anonymous' | 'contact' | 'externalRef'>,
    origin: RequestOrigin,
  ): Promise<OpenedEvent> {
    const { principal, gridId } = policy.patrol(p);
    return this.open(principal, { ...input, source: 'patrol' }, { origin, gridId });
  }

  /** The event as the caller may see it (404 when they may not). */
  async get(p: Principal | null, id: string) {
    const a = await this.access(p, id);
    return this.detail(a);
  }

  /** The event's history: every entry for staff, the public ones for the reporter. */
  async history(p: Principal | null, id: string) {
    const a = await this.access(p, id);
    const [updates, followers] = await Promise.all([
      repo.updatesOf(this.c.db, id, !a.standing.staff),
      repo.followersOf(this.c.db, id),
    ]);
    const set = new Set(followers);
    return { items: updates.map((u) => updateOf(u, a.row, set)) };
  }

  /** Events within the caller's reach (operators: their region; grid workers: their grid; departments: theirs). */
  async list(p: Principal | null, f: ListFilters = {}) {
    const principal = policy.read(p);
    const s = scopeOf(principal);
    const staff = s.regions.length + s.grids.length + s.departments.length > 0;
    return this.page({ ...s, accountId: staff ? null : principal.accountId }, f, 'opened');
  }

  /** A grid worker's phone view: their grid's events still to handle, the nearest deadline first. */
  async gridEvents(p: Principal | null, f: { page?: number | undefined; pageSize?: number | undefined } = {}) {
    const { principal } = policy.patrol(p);
    const grids = scopeOf(principal).grids;
    return this.page(
      { regions: [], grids, departments: [], accountId: null },
      { ...f, status: 'open,dispatched,processing' },
      'deadline',
    );
  }

  /** A citizen's own reports and the events they follow (我的 → 我的上报). */
  async mine(p: Principal | null, f: { page?: number | undefined; pageSize?: number | undefined } = {}) {
    const principal = policy.read(p);
    return this.page({ regions: [], grids: [], departments: [], accountId: principal.accountId }, f, 'opened');
  }

  private async page(s: repo.ScopeFilter, f: ListFilters, order: 'opened' | 'deadline') {
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? 20;
    const now = this.c.p.clock.now();
    const [rows, total] = await repo.list(this.c.db, s, {
      status: f.status ? (f.status.split(',') as EventStatus[]) : undefined,
      categoryCode: f.categoryCode,
      source: f.source,
      communityId: f.communityId,
      gridId: f.gridId,
      departmentId: f.departmentId,
      number: f.number,
      urgent: f.urgent,
      overdue: f.overdue,
      from: f.from ? new Date(f.from) : undefined,
      to: f.to ? new Date(f.to) : undefined,
      now,
      order,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const [names, categories] = await Promise.all([this.c.routing.names(), this.categories.all()]);
    return { items: rows.map((r) => summaryOf(r, names, categories, now)), total };
  }

  /** A photo of the event (reported, closing, or of a history entry) to whoever may see the event. */
  async photo(p: Principal | null, id: string, photoId: string) {
    const a = await this.access(p, id);
    const updates = await repo.updatesOf(this.c.db, id, !a.standing.staff);
    const known = [...a.row.photos, ...a.row.close_photos, ...updates.flatMap((u) => u.photos)];
    if (!known.some((x) => x.id === photoId)) throw notFound('CITYOPS_EVENT_NOT_FOUND', 'No such photo');
    return this.c.deps.photoContent(photoId);
  }

  /** Rows as list entries. */
  async summaries(rows: repo.EventRow[]) {
    const [names, categories] = await Promise.all([this.c.routing.names(), this.categories.all()]);
    const now = this.c.p.clock.now();
    return rows.map((r) => summaryOf(r, names, categories, now));
  }

  /** The event and the caller's standing to it; 404 when they may not see it. */
  async access(p: Principal | null, id: string, row?: repo.EventRow): Promise<Access> {
    const principal = policy.read(p);
    const found = row ?? (await repo.eventById(this.c.db, id));
    if (!found) throw notFound('CITYOPS_EVENT_NOT_FOUND', 'No such event');
    const s = scopeOf(principal);
    const following =
      found.reporter_account_id === principal.accountId ||
      (await repo.isFollower(this.c.db, found.id, principal.accountId));
    const standing = standingOf(s, found, following);
    if (!mayRead(standing)) throw notFound('CITYOPS_EVENT_NOT_FOUND', 'No such event');
    return { principal, row: found, standing };
  }

  async detail(a: Access) {
    const [names, categories] = await Promise.all([this.c.routing.names(), this.categories.all()]);
    const merged = a.row.merged_into ? await repo.eventById(this.c.db, a.row.merged_into) : undefined;
    return detailOf(a.row, names, categories, this.c.p.protector, {
      standing: a.standing,
      reporter: a.standing.follower,
      mergedInto: merged ? { id: merged.id, number: merged.number } : null,
      now: this.c.p.clock.now(),
    });
  }

  /** Each photo must be an image the caller uploaded; a caller that is not a person brings none. */
  photosOf(p: Principal | null, ids: string[]): Promise<PhotoRef[]> {
    return checkedPhotos(
      this.c.deps.uploadOf,
      p,
      ids,
      () => new AppError(422, 'CITYOPS_PHOTO_INVALID', 'A photo is not an image you uploaded'),
    );
  }

  /** yyyymmdd in the city's time zone. */
  private day(at: Date): string {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.c.deps.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(at);
    const get = (t: string) => parts.find((x) => x.type === t)!.value;
    return `${get('year')}${get('month')}${get('day')}`;
  }
}

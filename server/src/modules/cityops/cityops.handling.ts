/**
 * Dispatch and handling (联勤联动): operators reassign, take back a wrongly routed event (退回),
 * escalate (督办) and co-assign departments (联合处置); handlers accept, note and close with
 * photos (办结); the reporter is told, rates and may reopen within 7 days. Every staff action is
 * audited; every change is one history entry and one `cityops.event.changed`.
 */
import type { ActorRef } from '../../platform/audit.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { deadlineFor } from '../../platform/calendar.ts';
import { HOUR } from '../../platform/clock.ts';
import { command, type Work } from '../../platform/context.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { Categories } from './cityops.categories.ts';
import { inTx, record, type Change } from './cityops.changes.ts';
import type { CityopsContext } from './cityops.context.ts';
import type { CityopsEvents } from './cityops.events.ts';
import type { Access, Events } from './cityops.events-service.ts';
import { policy, standingOf, scopeOf, type Standing } from './cityops.policy.ts';
import * as repo from './cityops.repository.ts';
import type { PhotoRef } from './cityops.tables.ts';
import { isLive } from './cityops.views.ts';

const DAY = 24 * HOUR;
/** An unhappy reporter may reopen within this time of the closing. */
export const REOPEN_WINDOW_MS = 7 * DAY;
/** An escalated event is due within this many working hours (or sooner, if it already was). */
const ESCALATED_LIMIT = { value: 4, unit: 'hours' as const };

type Set = Partial<Omit<repo.EventRow, 'photos' | 'close_photos' | 'id' | 'version'> & { close_photos: PhotoRef[] }>;
interface Outcome {
  set: Set;
  change: Change;
  /** Tell the event's followers (the reporter) in their inbox. */
  tell?: { title: { zh: string; en: string }; body: { zh: string; en: string } };
}

export class Handling {
  private readonly c: CityopsContext;
  private readonly events: Events;
  private readonly categories: Categories;

  constructor(c: CityopsContext, events: Events, categories: Categories) {
    this.c = c;
    this.events = events;
    this.categories = categories;
  }

  /** Operators: send the event to another grid and/or department (派遣 when open or returned, else 改派). */
  async reassign(
    p: Principal | null,
    id: string,
    input: { gridId?: string | null | undefined; departmentId?: string | undefined; note?: string | undefined },
    origin: RequestOrigin,
  ) {
    const grid = input.gridId ? await this.c.routing.gridById(input.gridId) : null;
    if (input.gridId && !grid) throw new AppError(422, 'CITYOPS_PLACE_NOT_FOUND', 'No such grid');
    if (input.departmentId && !(await this.c.routing.departmentById(input.departmentId)))
      throw new AppError(422, 'CITYOPS_PLACE_NOT_FOUND', 'No such department');
    return this.act(p, id, origin, policy.dispatch, (row) => {
      this.live(row);
      const set: Set = { status: 'dispatched' };
      if (input.gridId !== undefined) set.grid_id = input.gridId;
      if (grid?.communityId) set.community_id = grid.communityId;
      if (input.departmentId) {
        set.department_id = input.departmentId;
        set.co_department_ids = row.co_department_ids.filter((d) => d !== input.departmentId);
      }
      const fresh = row.status === 'open' || row.status === 'returned';
      return {
        set,
        change: {
          kind: fresh ? 'dispatched' : 'reassigned',
          note: input.note ?? null,
          public: fresh,
          audit: { grid: set.grid_id ?? row.grid_id, department: set.department_id ?? row.department_id },
        },
      };
    });
  }

  /** The handler (or an operator) gives a wrongly routed event back to the operators, with the reason (退回). */
  async giveBack(p: Principal | null, id: string, reason: string, origin: RequestOrigin) {
    return this.act(p, id, origin, policy.giveBack, (row) => {
      if (row.status !== 'dispatched' && row.status !== 'processing') this.conflict();
      return { set: { status: 'returned' }, change: { kind: 'returned', note: reason, public: false, audit: {} } };
    });
  }

  /** Operators escalate (督办): urgent, due within 4 working hours or sooner. */
  async escalate(p: Principal | null, id: string, note: string | undefined, origin: RequestOrigin) {
    return this.act(p, id, origin, policy.dispatch, (row, now) => {
      this.live(row);
      const soon = deadlineFor(now, ESCALATED_LIMIT);
      const deadline = row.deadline_at && row.deadline_at < soon ? row.deadline_at : soon;
      return {
        set: { urgent: true, deadline_at: deadline },
        change: { kind: 'escalated', note: note ?? null, public: false, audit: { deadline: deadline.toISOString() } },
      };
    });
  }

  /** Operators co-assign departments for a joint disposal (联合处置); they see and handle it too. */
  async coAssign(
    p: Principal | null,
    id: string,
    input: { departmentIds: string[]; note?: string | undefined },
    origin: RequestOrigin,
  ) {
    for (const d of input.departmentIds)
      if (!(await this.c.routing.departmentById(d)))
        throw new AppError(422, 'CITYOPS_PLACE_NOT_FOUND', 'No such department');
    return this.act(p, id, origin, policy.dispatch, (row) => {
      this.live(row);
      const co = [...new Set([...row.co_department_ids, ...input.departmentIds])].filter(
        (d) => d !== row.department_id,
      );
      return {
        set: { co_department_ids: co, ...(row.status === 'open' ? { status: 'dispatched' as const } : {}) },
        change: { kind: 'co_assigned', note: input.note ?? null, public: false, audit: { departments: co } },
      };
    });
  }

  /** The handler accepts (受理): the event is being handled. */
  async accept(p: Principal | null, id: string, note: string | undefined, origin: RequestOrigin) {
    return this.act(p, id, origin, policy.handle, (row) => {
      if (row.status !== 'dispatched' && row.status !== 'open') this.conflict();
      return { set: { status: 'processing' }, change: { kind: 'accepted', note: note ?? null, audit: {} } };
    });
  }

  /** A handler's note: internal, or public (shown to the reporter and Open311). */
  async note(p: Principal | null, id: string, input: { note: string; public?: boolean | undefined }, o: RequestOrigin) {
    return this.act(p, id, o, policy.handle, (row) => {
      this.live(row);
      return { set: {}, change: { kind: 'note', note: input.note, public: input.public ?? false, audit: {} } };
    });
  }

  /** The handler closes (办结) with a note and photos; the reporter is told and may rate or reopen. */
  async close(
    p: Principal | null,
    id: string,
    input: { note: string; photos?: string[] | undefined },
    origin: RequestOrigin,
  ) {
    const principal = policy.read(p);
    const photos = await this.events.photosOf(principal, input.photos ?? []);
    return this.act(p, id, origin, policy.close, (row, now) => {
      this.live(row);
      return closing(row, now, input.note, photos, principal.accountId);
    });
  }

  /** The reporter rates the handling of a closed event (once). */
  async rate(
    p: Principal | null,
    id: string,
    input: { rating: number; comment?: string | undefined },
    origin: RequestOrigin,
  ) {
    return this.act(p, id, origin, policy.reporter, (row) => {
      if (row.status !== 'closed') this.conflict();
      if (row.rating !== null) throw conflict('CITYOPS_ALREADY_RATED', 'Already rated');
      return {
        set: { rating: input.rating, rating_comment: input.comment ?? null },
        change: { kind: 'rated', note: input.comment ?? null, audit: false },
      };
    });
  }

  /** An unhappy reporter reopens a closed event within 7 days: back to its handler, with a new time limit. */
  async reopen(p: Principal | null, id: string, reason: string, origin: RequestOrigin) {
    return this.act(p, id, origin, policy.reporter, async (row, now) => {
      if (row.status !== 'closed') this.conflict();
      if (!row.reopen_until || now > row.reopen_until)
        throw conflict('CITYOPS_REOPEN_EXPIRED', 'The 7 days to reopen have passed');
      const category = await this.categories.get(row.category_code);
      return {
        set: {
          status: row.grid_id || row.department_id ? 'dispatched' : 'open',
          reopen_until: null,
          rating: null,
          rating_comment: null,
          closed_at: null,
          closed_by: null,
          deadline_at: category ? deadlineFor(now, category.timeLimit) : row.deadline_at,
        },
        change: { kind: 'reopened', note: reason, audit: false },
      };
    });
  }

  /**
   * Operators merge a near-duplicate into another live event of the same category: it is closed
   * as merged, and its reporters follow the surviving event.
   */
  async merge(
    p: Principal | null,
    id: string,
    input: { intoId: string; note?: string | undefined },
    origin: RequestOrigin,
  ) {
    const target = await this.events.access(p, input.intoId);
    policy.dispatch(target.standing);
    return this.act(p, id, origin, policy.dispatch, async (row, now, w) => {
      this.live(row);
      const into = await repo.eventForUpdate(inTx(w), input.intoId);
      if (!into || into.id === row.id || !isLive(into.status) || into.category_code !== row.category_code)
        throw new AppError(422, 'CITYOPS_MERGE_INVALID', 'Merge into another open event of the same category');
      const followers = await repo.followersOf(inTx(w), row.id);
      const moving = [...new Set([...followers, ...(row.reporter_account_id ? [row.reporter_account_id] : [])])];
      await repo.follow(
        inTx(w),
        moving.map((a) => ({ event_id: into.id, account_id: a, since: now })),
      );
      await repo.updateEvent(inTx(w), into.id, { updated_at: now });
      await record(
        w,
        { ...into, updated_at: now },
        into,
        { kind: 'merged', note: `${row.number} → ${into.number}`, public: true, audit: false },
        this.c.deps.timeZone,
      );
      return {
        set: { status: 'merged', merged_into: into.id, closed_at: now, closed_by: w.actor.accountId },
        change: { kind: 'merged', note: input.note ?? `${row.number} → ${into.number}`, audit: { into: into.number } },
        tell: {
          title: { zh: `您反映的问题已合并处理（${row.number}）`, en: `Your report ${row.number} was merged` },
          body: {
            zh: `同一问题已有事件 ${into.number} 在处理，您将收到它的办理进展。`,
            en: `The same problem is being handled as ${into.number}; you will follow its progress.`,
          },
        },
      };
    });
  }

  /** Near-duplicates of an event (same category, within 200 m and 72 hours, still live), for staff who see it. */
  async duplicates(p: Principal | null, id: string) {
    const a = await this.events.access(p, id);
    if (!a.standing.staff) throw notFound('CITYOPS_EVENT_NOT_FOUND', 'No such event');
    const e = a.row;
    if (e.lat === null || e.lng === null) return { items: [] };
    const RADIUS_M = 200;
    const WINDOW_MS = 72 * HOUR;
    const dLat = RADIUS_M / 111_320;
    const dLng = RADIUS_M / (111_320 * Math.cos((e.lat * Math.PI) / 180));
    const rows = await repo.nearby(this.c.db, {
      id: e.id,
      regionCode: e.region_code,
      categoryCode: e.category_code,
      lat: e.lat,
      lng: e.lng,
      dLat,
      dLng,
      from: new Date(e.opened_at.getTime() - WINDOW_MS),
      to: new Date(e.opened_at.getTime() + WINDOW_MS),
    });
    const s = scopeOf(a.principal);
    const visible = rows.filter((r) => standingOf(s, r, false).staff);
    const summaries = await this.events.summaries(visible);
    return {
      items: visible
        .map((r, i) => ({
          event: summaries[i]!,
          distanceMetres: Math.round(metres(e.lat!, e.lng!, r.lat!, r.lng!)),
          hoursApart: Math.round((Math.abs(r.opened_at.getTime() - e.opened_at.getTime()) / HOUR) * 10) / 10,
        }))
        .filter((d) => d.distanceMetres <= RADIUS_M)
        .sort((x, y) => x.distanceMetres - y.distanceMetres),
    };
  }

  private live(row: repo.EventRow): void {
    if (!isLive(row.status)) this.conflict();
  }

  private conflict(): never {
    throw conflict('CITYOPS_STATUS_CONFLICT', 'The event is not in a state that allows this');
  }

  /**
   * One action: the caller must see the event (else 404) and pass `check` (else 403); then, in one
   * transaction with the event held, `decide` says what changes; the change is recorded, audited
   * and emitted, and the followers are told when it says so. Answers the event as the caller sees it now.
   */
  private async act(
    p: Principal | null,
    id: string,
    origin: RequestOrigin,
    check: (st: Standing) => void,
    decide: (row: repo.EventRow, now: Date, w: Work<CityopsEvents>) => Outcome | Promise<Outcome>,
  ) {
    const first: Access = await this.events.access(p, id);
    check(first.standing);
    const principal = first.principal;
    const { row: after } = await this.commit(
      principalActor(principal, origin),
      id,
      // Decided on the event as it is now (another action may have come first).
      (row) => check(standingOf(scopeOf(principal), row, first.standing.follower)),
      decide,
    );
    return this.events.detail({ ...first, row: after });
  }

  /**
   * An authorised system acts on an event (an Open311 client's POST servicerequestupdates): a
   * public note, accepting it (受理), or closing it (办结) with its note. On an event already
   * closed, closing is a public note and the rest a conflict (only the reporter reopens). `system` is proof the caller authorised itself (its
   * verified API key; the audit names it). `after` runs in the same transaction with the history
   * entry's id. Answers the event as it is now and that id.
   */
  async bySystem(
    system: { system: string },
    id: string,
    action: { kind: SystemAction; note: string },
    origin: RequestOrigin,
    after?: (w: Work<CityopsEvents>, updateId: string) => Promise<void>,
  ) {
    const actor = { accountId: null, kind: 'system', requestId: origin.requestId, ip: origin.ip };
    const audit = { system: system.system };
    return this.commit(
      actor,
      id,
      () => {},
      (row, now): Outcome => {
        const note = action.note;
        if (!isLive(row.status) && action.kind !== 'close') this.conflict();
        if (isLive(row.status) && action.kind === 'close') {
          const out = closing(row, now, note, [], null);
          return { ...out, change: { ...out.change, audit } };
        }
        if (action.kind === 'accept' && (row.status === 'open' || row.status === 'dispatched'))
          return { set: { status: 'processing' }, change: { kind: 'accepted', note, audit } };
        return { set: {}, change: { kind: 'note', note, public: true, audit } };
      },
      after,
    );
  }

  /** The transaction of an action: the event held, `recheck`ed, changed as `decide` says, recorded, told. */
  private async commit(
    actor: ActorRef,
    id: string,
    recheck: (row: repo.EventRow) => void,
    decide: (row: repo.EventRow, now: Date, w: Work<CityopsEvents>) => Outcome | Promise<Outcome>,
    after?: (w: Work<CityopsEvents>, updateId: string) => Promise<void>,
  ): Promise<{ row: repo.EventRow; updateId: string }> {
    return command(this.c.p, actor, async (w) => {
      const row = await repo.eventForUpdate(inTx(w), id);
      if (!row) throw notFound('CITYOPS_EVENT_NOT_FOUND', 'No such event');
      recheck(row);
      const out = await decide(row, w.now, w);
      const set = { ...out.set, updated_at: w.now };
      const { close_photos, ...plain } = set;
      await repo.updateEvent(inTx(w), id, {
        ...plain,
        ...(close_photos ? { close_photos: JSON.stringify(close_photos) } : {}),
      });
      const next: repo.EventRow = { ...row, ...set, version: row.version + 1 };
      const updateId = await record(w, next, row, out.change, this.c.deps.timeZone);
      if (out.tell) await this.tell(w, next, updateId, out.tell);
      if (after) await after(w, updateId);
      return { row: next, updateId };
    });
  }

  /** The followers' inbox message (idempotent by the history entry and the account). */
  private async tell(w: Work<CityopsEvents>, e: repo.EventRow, updateId: string, t: NonNullable<Outcome['tell']>) {
    for (const accountId of await repo.followersOf(inTx(w), e.id)) {
      await this.c.deps.notifyAccount(
        w.tx,
        {
          accountId,
          regionCode: e.region_code,
          topic: 'cityops.event.changed',
          title: t.title,
          body: t.body,
          link: `/me/reports/${e.id}`,
          sourceEventId: updateId,
        },
        w.now,
      );
    }
  }
}

/** What a system may do to an event (Handling.bySystem). */
export type SystemAction = 'note' | 'accept' | 'close';

/** Closing (办结): the note, photos and who; the reporter is told and may rate or reopen within 7 days. */
function closing(row: repo.EventRow, now: Date, note: string, photos: PhotoRef[], by: string | null): Outcome {
  return {
    set: {
      status: 'closed',
      close_note: note,
      close_photos: photos,
      closed_at: now,
      closed_by: by,
      reopen_until: new Date(now.getTime() + REOPEN_WINDOW_MS),
    },
    change: { kind: 'closed', note, photos, audit: { photos: photos.length } },
    tell: {
      title: { zh: `您反映的问题已办结（${row.number}）`, en: `Your report ${row.number} has been resolved` },
      body: {
        zh: `处理结果：${note}。请对办理情况进行评价；如不满意，可在7天内申请重新处理。`,
        en: `Outcome: ${note}. Please rate the handling; if unhappy you may reopen it within 7 days.`,
      },
    },
  };
}

/** Great-circle distance in metres (haversine). */
export function metres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const a =
    Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lng2 - lng1) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

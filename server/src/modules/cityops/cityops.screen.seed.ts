/**
 * The demo city's past activity written in bulk (the demo seeder's plan of demo/cityops-activity.ts):
 * each planned event routed like a live one (community, grid, department, deadline), cut at the
 * part of its course that has happened by now, with its history entries. Thousands of rows in a
 * few statements, so `npm start`'s first seed stays quick; no module events (the history is
 * back-dated; nothing should be notified) and one audit record for the load.
 */
import type { Insertable } from 'kysely';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Categories } from './cityops.categories.ts';
import type { CityopsContext } from './cityops.context.ts';
import { rebuild } from './cityops.screen.counters.ts';
import type { CityopsTables, EventStatus, UpdateKind } from './cityops.tables.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const CHUNK = 400;
/** A returned event waits this long for the operator before it is sent on again. */
const RETURN_WAIT_MS = 2 * DAY;

/** One event of the demo's past activity, as the demo city plans it (demo/cityops-activity.ts). */
export interface PlannedEvent {
  openedAt: Date;
  source: 'citizen' | 'hotline' | 'open311' | 'sensor' | 'patrol';
  categoryCode: string;
  lat: number;
  lng: number;
  /** Minutes from opening to dispatch, and to acceptance by the department or grid worker. */
  dispatchAfterMin: number;
  acceptAfterMin: number;
  /** Closed at this share of the time from opening to the deadline (> 1: late); null: never closes (stuck). */
  closeShare: number | null;
  /** Returned by the department as wrongly routed (waiting for the operator), or merged into an earlier report. */
  turn: 'returned' | 'merged' | null;
  /** The reporter's rating once closed (1-5), or null. */
  rating: number | null;
}

type EventInsert = Insertable<CityopsTables['cityops.events']>;
type UpdateInsert = Insertable<CityopsTables['cityops.event_updates']>;

export class ScreenSeed {
  private readonly c: CityopsContext;
  private readonly categories: Categories;

  constructor(c: CityopsContext, categories: Categories) {
    this.c = c;
    this.categories = categories;
  }

  /**
   * Write the planned activity, once: a city that has it already (its numbers, SJ + day + 8xxxxx)
   * is left alone; events opened otherwise (the demo's 12345 calls, seeded first) do not stop it.
   * Answers how many were written.
   */
  async seedActivity(plans: readonly PlannedEvent[], log: (m: string) => void = () => {}): Promise<number> {
    const any = await this.c.db
      .selectFrom('cityops.events')
      .select('id')
      .where('number', 'like', 'SJ________8%')
      .limit(1)
      .executeTakeFirst();
    if (any || plans.length === 0) return 0;
    const categories = await this.categories.all();
    const now = this.c.p.clock.now();
    const events: EventInsert[] = [];
    const updates: UpdateInsert[] = [];
    const perDay = new Map<string, number>();
    const lastOf = new Map<string, string>();
    for (const plan of plans) {
      const category = categories.get(plan.categoryCode);
      if (!category || !this.c.routing.map.inCity(plan.lat, plan.lng)) continue;
      const opened = plan.openedAt.getTime();
      const routed = await this.c.routing.route(
        { department_code: category.departmentCode, time_limit: category.timeLimit },
        { lat: plan.lat, lng: plan.lng },
        plan.openedAt,
      );
      const id = uuidv7(opened);
      const day = this.day(plan.openedAt);
      const n = (perDay.get(day) ?? 0) + 1;
      perDay.set(day, n);
      const steps: { at: number; kind: UpdateKind; status: EventStatus }[] = [
        { at: opened, kind: 'opened', status: 'open' },
      ];
      const step = (at: number, kind: UpdateKind, status: EventStatus) => {
        if (at <= now.getTime()) steps.push({ at, kind, status });
        return at <= now.getTime();
      };
      let mergedInto: string | null = null;
      let closedAt: number | null = null;
      const dispatched = opened + plan.dispatchAfterMin * MIN;
      const earlier = lastOf.get(plan.categoryCode);
      if (plan.turn === 'merged' && earlier) {
        if (step(dispatched, 'merged', 'merged')) mergedInto = earlier;
      } else if (step(dispatched, 'dispatched', 'dispatched')) {
        let accepted = dispatched + plan.acceptAfterMin * MIN;
        if (plan.turn === 'returned') {
          const returned = dispatched + (plan.acceptAfterMin * MIN) / 2;
          if (step(returned, 'returned', 'returned') && step(returned + RETURN_WAIT_MS, 'dispatched', 'dispatched'))
            accepted = returned + RETURN_WAIT_MS + plan.acceptAfterMin * MIN;
          else accepted = Infinity;
        }
        if (step(accepted, 'accepted', 'processing') && plan.closeShare !== null) {
          const limit = routed.deadlineAt ? routed.deadlineAt.getTime() - opened : 3 * DAY;
          const close = Math.max(accepted + 10 * MIN, opened + limit * plan.closeShare);
          if (step(close, 'closed', 'closed')) {
            closedAt = close;
            if (plan.rating !== null) step(close + 6 * 3_600_000, 'rated', 'closed');
          }
        }
      }
      lastOf.set(plan.categoryCode, id);
      const last = steps[steps.length - 1]!;
      const rated = steps.some((s) => s.kind === 'rated');
      events.push({
        id,
        // 8xxxxx: clear of the server's numbers (a sequence) and of bench/cityops-fill.ts's (9xxxxx).
        number: `SJ${day}8${String(n).padStart(5, '0')}`,
        region_code: this.c.deps.regionCode,
        source: plan.source,
        category_code: plan.categoryCode,
        description: `${category.name.zh}（${plan.source === 'sensor' ? '设备告警' : '群众反映'}）`,
        lat: plan.lat,
        lng: plan.lng,
        address: null,
        community_id: routed.communityId,
        grid_id: routed.gridId,
        department_id: routed.departmentId,
        co_department_ids: [],
        status: last.status,
        urgent: category.urgent,
        deadline_at: routed.deadlineAt,
        reporter_account_id: null,
        anonymous: false,
        contact_name_enc: null,
        contact_phone_enc: null,
        contact_email_enc: null,
        contact_phone_bidx: null,
        photos: '[]',
        close_note: closedAt === null ? null : '已处置完毕',
        close_photos: '[]',
        closed_at: closedAt === null ? null : new Date(closedAt),
        closed_by: null,
        merged_into: mergedInto,
        rating: rated ? plan.rating : null,
        rating_comment: null,
        reopen_until: closedAt === null ? null : new Date(closedAt + 7 * DAY),
        external_ref: null,
        token: null,
        idempotency_key: null,
        opened_at: plan.openedAt,
        updated_at: new Date(last.at),
        version: steps.length,
      });
      for (const s of steps)
        updates.push({
          id: uuidv7(s.at),
          event_id: id,
          at: new Date(s.at),
          kind: s.kind,
          status_after: s.status,
          actor_account_id: null,
          note: null,
          photos: '[]',
          public: true,
        });
    }
    await command(this.c.p, { accountId: null, kind: 'system', requestId: null, ip: null }, async (w) => {
      const db = scoped<CityopsTables>(w.tx);
      for (let i = 0; i < events.length; i += CHUNK)
        await db
          .insertInto('cityops.events')
          .values(events.slice(i, i + CHUNK))
          .execute();
      for (let i = 0; i < updates.length; i += CHUNK)
        await db
          .insertInto('cityops.event_updates')
          .values(updates.slice(i, i + CHUNK))
          .execute();
      // The screen's counters take the back-dated events in the same transaction.
      await rebuild(w.tx, this.c.deps.timeZone, w.now, false);
      await w.audit({
        action: 'cityops.activity.seeded',
        resourceType: 'cityops_events',
        regionCode: this.c.deps.regionCode,
        detail: { events: events.length, updates: updates.length },
      });
    });
    log(
      `cityops: ${events.length} events of the past ${Math.round((now.getTime() - (plans[0]?.openedAt.getTime() ?? 0)) / DAY)} days`,
    );
    return events.length;
  }

  private day(at: Date): string {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: this.c.deps.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
      .format(at)
      .replaceAll('-', '');
  }
}

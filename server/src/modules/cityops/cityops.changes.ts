/**
 * One change of an event, written the one way: the history entry (append-only), the module
 * event `cityops.event.changed` (through the outbox), the city screen's counters and, for staff,
 * the audit record — all in the command's transaction.
 */
import { scoped } from '../../platform/db.ts';
import type { Work } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { EVENT_CHANGED, type CityopsEvents } from './cityops.events.ts';
import { applyChange } from './cityops.screen.counters.ts';
import * as repo from './cityops.repository.ts';
import type { CityopsTables, EventStatus, PhotoRef, UpdateKind } from './cityops.tables.ts';

export const inTx = (w: Work<CityopsEvents>) => scoped<CityopsTables>(w.tx);

export interface Change {
  kind: UpdateKind;
  note?: string | null;
  photos?: PhotoRef[];
  /** Shown to the reporter and Open311 (default true). */
  public?: boolean;
  /** Audited as an exercise of public power (staff actions); the audit action is `cityops.event.<kind>`. */
  audit?: Record<string, unknown> | false;
}

/**
 * Record `change` of the event `after` (as it is once changed) that was `previous` (null when
 * new): its history entry, its `cityops.event.changed` event, the screen's counters (in the
 * city's `timeZone`), and its audit record unless `audit` is false.
 */
export async function record(
  w: Work<CityopsEvents>,
  after: repo.EventRow,
  previous: repo.EventRow | null,
  change: Change,
  timeZone: string,
): Promise<string> {
  const before: EventStatus | null = previous?.status ?? null;
  await applyChange(w.tx, previous, after, timeZone);
  const id = uuidv7(w.now.getTime());
  await repo.insertUpdate(inTx(w), {
    id,
    event_id: after.id,
    at: w.now,
    kind: change.kind,
    status_after: after.status,
    // An anonymous reporter's own entries (opening, rating, reopening) name no account.
    actor_account_id: after.anonymous && w.actor.kind === 'citizen' ? null : w.actor.accountId,
    note: change.note ?? null,
    photos: JSON.stringify(change.photos ?? []),
    public: change.public ?? true,
  });
  await w.emit(
    EVENT_CHANGED,
    {
      eventId: after.id,
      number: after.number,
      status: after.status,
      previousStatus: before,
      source: after.source,
      categoryCode: after.category_code,
      regionCode: after.region_code,
      communityId: after.community_id,
      gridId: after.grid_id,
      departmentId: after.department_id,
      lat: after.lat,
      lng: after.lng,
      at: w.now.toISOString(),
      kind: change.kind,
      urgent: after.urgent,
      deadlineAt: after.deadline_at?.toISOString() ?? null,
    },
    after.region_code,
  );
  if (change.audit !== false) {
    await w.audit({
      action: `cityops.event.${change.kind}`,
      resourceType: 'cityops.event',
      resourceId: after.id,
      regionCode: after.region_code,
      change: { status: after.status, note: change.note ?? null },
      detail: { number: after.number, from: before, to: after.status, ...(change.audit ?? {}) },
    });
  }
  return id;
}

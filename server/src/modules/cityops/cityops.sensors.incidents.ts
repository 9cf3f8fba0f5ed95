/**
 * Incidents: what a raised rule becomes. A raise with no open incident for the device and rule
 * makes one, and then a city event through the events service (source `sensor`); a raise while
 * one is open (its event not yet closed) only counts in it, so a flapping device never opens a
 * second event; a clear marks it cleared (the event stays with its handler, who closes it). The
 * incident ends when its event is closed or merged; the next raise opens a new event.
 * An incident whose event could not be opened (the events service failed) is retried.
 */
import { command, type Platform } from '../../platform/context.ts';
import { systemActor } from '../../platform/audit.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { SENSOR_CHANGED, type SensorEvents } from './cityops.sensors.events.ts';
import type { SensorRule, Transition } from './cityops.sensors.rules.ts';
import { sensorsDb, type RegisteredSensor } from './cityops.sensors.store.ts';
import type { SensorStatus } from './cityops.sensors.tables.ts';

/** What the sensors part gives the events service's `open` (OpenEventInput of the contract). */
export interface SensorEventInput {
  source: 'sensor';
  categoryCode: string;
  description: string;
  lat: number;
  lng: number;
  externalRef: string;
  idempotencyKey: string;
}
export type OpenSensorEvent = (input: SensorEventInput) => Promise<{ id: string; number: string }>;

export interface IncidentDeps {
  openEvent: OpenSensorEvent | null;
  sensor(id: string): RegisteredSensor | undefined;
  rule(id: string): SensorRule | undefined;
  statusOf(sensorId: string): SensorStatus;
  raised(sensorId: string): string[];
  previousStatus(sensorId: string): SensorStatus;
  onOpened(): void;
}

const fmt = (v: number | null) => (v === null ? '—' : String(Math.round(v * 1000) / 1000));

export class Incidents {
  private opening: Promise<void> | null = null;
  private readonly platform: Platform<SensorEvents>;
  private readonly deps: IncidentDeps;

  constructor(platform: Platform<SensorEvents>, deps: IncidentDeps) {
    this.platform = platform;
    this.deps = deps;
  }

  /** Write transitions in one transaction; answers the devices whose live status changed. */
  async apply(transitions: readonly Transition[]): Promise<Map<string, SensorStatus>> {
    return command(this.platform, systemActor(), async (w) => {
      const db = sensorsDb(w.tx);
      const last = new Map<string, Transition>();
      for (const t of transitions) {
        const sensor = this.deps.sensor(t.sensorId);
        const rule = this.deps.rule(t.ruleId);
        if (!sensor || !rule) continue;
        last.set(t.sensorId, t);
        const open = await db
          .selectFrom('cityops.sensor_incidents')
          .select(['id', 'peak'])
          .where('sensor_id', '=', t.sensorId)
          .where('rule_id', '=', t.ruleId)
          .where('closed_at', 'is', null)
          .forUpdate()
          .executeTakeFirst();
        if (t.kind === 'raise') {
          const worse = rule.direction === 'below' ? Math.min : Math.max;
          const peak =
            t.value === null ? (open?.peak ?? null) : open?.peak == null ? t.value : worse(open.peak, t.value);
          if (open)
            await db
              .updateTable('cityops.sensor_incidents')
              .set((eb) => ({
                state: 'raised',
                last_raised_at: t.at,
                raises: eb('raises', '+', 1),
                value: t.value,
                peak,
                cleared_at: null,
              }))
              .where('id', '=', open.id)
              .execute();
          else
            await db
              .insertInto('cityops.sensor_incidents')
              .values({
                id: uuidv7(t.at.getTime()),
                sensor_id: t.sensorId,
                rule_id: t.ruleId,
                region_code: sensor.regionCode,
                state: 'raised',
                raised_at: t.at,
                last_raised_at: t.at,
                cleared_at: null,
                raises: 1,
                value: t.value,
                peak,
                event_id: null,
                event_number: null,
                closed_at: null,
              })
              .execute();
        } else if (open)
          await db
            .updateTable('cityops.sensor_incidents')
            .set({ state: 'cleared', cleared_at: t.at })
            .where('id', '=', open.id)
            .execute();
      }
      const changed = new Map<string, SensorStatus>();
      for (const [sensorId, t] of last) {
        const sensor = this.deps.sensor(sensorId)!;
        const status = this.deps.statusOf(sensorId);
        const previous = this.deps.previousStatus(sensorId);
        if (status === previous) continue;
        changed.set(sensorId, status);
        await db
          .insertInto('cityops.sensor_states')
          .values({ sensor_id: sensorId, status, last_at: null, last_values: '{}', changed_at: t.at })
          .onConflict((oc) => oc.column('sensor_id').doUpdateSet({ status, changed_at: t.at }))
          .execute();
        const incident = await db
          .selectFrom('cityops.sensor_incidents')
          .select('event_id')
          .where('sensor_id', '=', sensorId)
          .where('rule_id', '=', t.ruleId)
          .orderBy('raised_at', 'desc')
          .executeTakeFirst();
        await w.emit(
          SENSOR_CHANGED,
          {
            sensorId,
            type: sensor.type,
            status,
            previousStatus: previous,
            ruleId: t.ruleId,
            raised: this.deps.raised(sensorId),
            eventId: incident?.event_id ?? null,
            regionCode: sensor.regionCode,
            communityCode: sensor.communityCode,
            lat: sensor.lat,
            lng: sensor.lng,
            value: t.value,
            at: t.at.toISOString(),
          },
          sensor.regionCode,
        );
      }
      return changed;
    });
  }

  /** Open the events of incidents that have none yet (one at a time; never twice at once). */
  openPending(): Promise<void> {
    if (!this.deps.openEvent) return Promise.resolve();
    this.opening ??= this.openAll().finally(() => (this.opening = null));
    return this.opening;
  }

  /** The incident of an event that was closed or merged ends. */
  async eventEnded(eventId: string, at: Date): Promise<void> {
    await sensorsDb(this.platform.db)
      .updateTable('cityops.sensor_incidents')
      .set({ closed_at: at })
      .where('event_id', '=', eventId)
      .where('closed_at', 'is', null)
      .execute();
  }

  private async openAll(): Promise<void> {
    const openEvent = this.deps.openEvent!;
    const db = sensorsDb(this.platform.db);
    const pending = await db
      .selectFrom('cityops.sensor_incidents')
      .select(['id', 'sensor_id', 'rule_id', 'value', 'raised_at'])
      .where('event_id', 'is', null)
      .where('closed_at', 'is', null)
      .orderBy('raised_at')
      .execute();
    for (const i of pending) {
      const sensor = this.deps.sensor(i.sensor_id);
      const rule = this.deps.rule(i.rule_id);
      if (!sensor || !rule) continue;
      const unit = rule.kind === 'silence' ? ' s' : '';
      const description =
        `${rule.name}：${sensor.name}（设备 ${sensor.id}）${rule.metric ? ` ${rule.metric}` : ''} ${fmt(i.value)}${unit}。` +
        ` ${rule.nameEn}: device ${sensor.id}${rule.metric ? `, ${rule.metric}` : ''} ${fmt(i.value)}${unit}.`;
      try {
        const opened = await openEvent({
          source: 'sensor',
          categoryCode: rule.categoryCode,
          description,
          lat: sensor.lat,
          lng: sensor.lng,
          externalRef: `sensor-incident:${i.id}`,
          idempotencyKey: i.id,
        });
        await db
          .updateTable('cityops.sensor_incidents')
          .set({ event_id: opened.id, event_number: opened.number })
          .where('id', '=', i.id)
          .execute();
        this.deps.onOpened();
      } catch (err) {
        this.platform.log.warn({ err, incident: i.id }, 'sensors: opening the event failed; retried at the next tick');
      }
    }
  }
}

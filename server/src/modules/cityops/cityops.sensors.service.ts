/**
 * The sensor network's service: live states for the city screen, a device's incidents and
 * hourly aggregates, the rules (read, and tuned by city operators, audited), and the
 * registry's seed. Ingestion itself is `SensorIngest`.
 */
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command, type Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { SensorEvents } from './cityops.sensors.events.ts';
import type { SensorIngest } from './cityops.sensors.ingest.ts';
import { sensorsPolicy } from './cityops.sensors.policy.ts';
import { ruleProblems } from './cityops.sensors.rules.ts';
import type { SensorRulePatch, SensorRuleView, SensorState } from './cityops.sensors.schemas.ts';
import { ruleOf, sensorsDb } from './cityops.sensors.store.ts';
import type { SensorStatus, SensorsTables, SensorType } from './cityops.sensors.tables.ts';

const HOUR = 3_600_000;

/** A device of the registry (the demo city's, or a real city's import). */
export interface SensorDevice {
  id: string;
  type: SensorType;
  name: string;
  nameEn: string;
  regionCode: string;
  communityCode: string | null;
  lat: number;
  lng: number;
}

const ruleView = (r: SensorsTables['cityops.sensor_rules']): SensorRuleView => ({ ...ruleOf(r), version: r.version });

export class Sensors {
  private readonly platform: Platform<SensorEvents>;
  private readonly ingest: SensorIngest;

  constructor(platform: Platform<SensorEvents>, ingest: SensorIngest) {
    this.platform = platform;
    this.ingest = ingest;
  }

  private get db() {
    return sensorsDb(this.platform.db);
  }

  /** Live states of the devices of the caller's regions (the city screen's layer). */
  async list(
    p: Principal | null,
    filter: { type?: SensorType; status?: SensorStatus; communityCode?: string } = {},
  ): Promise<SensorState[]> {
    const { regions } = sensorsPolicy.read(p);
    if (regions.length === 0) return [];
    let q = this.db
      .selectFrom('cityops.sensors as s')
      .leftJoin('cityops.sensor_states as st', 'st.sensor_id', 's.id')
      .select([
        's.id',
        's.type',
        's.name',
        's.name_en',
        's.community_code',
        's.lat',
        's.lng',
        'st.status',
        'st.last_at',
        'st.last_values',
      ])
      .where('s.region_code', 'in', regions)
      .where('s.active', '=', true);
    if (filter.type) q = q.where('s.type', '=', filter.type);
    if (filter.communityCode) q = q.where('s.community_code', '=', filter.communityCode);
    if (filter.status === 'normal')
      q = q.where((eb) => eb.or([eb('st.status', 'is', null), eb('st.status', '=', 'normal')]));
    else if (filter.status) q = q.where('st.status', '=', filter.status);
    const rows = await q.orderBy('s.id').execute();
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      name: r.name,
      nameEn: r.name_en,
      communityCode: r.community_code,
      lat: r.lat,
      lng: r.lng,
      status: r.status ?? 'normal',
      lastAt: r.last_at ? r.last_at.toISOString() : null,
      values: r.last_values ?? {},
      raised: this.ingest.engine.raisedRules(r.id),
    }));
  }

  /** One device: its state, its latest incidents and its hourly aggregates of the last 24 hours. */
  async get(p: Principal | null, id: string) {
    const { regions } = sensorsPolicy.read(p);
    const sensor = (await this.list(p)).find((s) => s.id === id);
    const row = await this.db
      .selectFrom('cityops.sensors')
      .select('region_code')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!sensor || !row || !regions.includes(row.region_code))
      throw new AppError(404, 'SENSOR_NOT_FOUND', 'No such sensor');
    const incidents = await this.db
      .selectFrom('cityops.sensor_incidents')
      .selectAll()
      .where('sensor_id', '=', id)
      .orderBy('raised_at', 'desc')
      .limit(20)
      .execute();
    const since = new Date(this.platform.clock.now().getTime() - 24 * HOUR);
    const hourly = await this.db
      .selectFrom('cityops.sensor_hourly')
      .selectAll()
      .where('sensor_id', '=', id)
      .where('hour', '>=', since)
      .orderBy('hour')
      .orderBy('metric')
      .execute();
    return {
      sensor,
      incidents: incidents.map((i) => ({
        id: i.id,
        ruleId: i.rule_id,
        state: i.state,
        raisedAt: i.raised_at.toISOString(),
        lastRaisedAt: i.last_raised_at.toISOString(),
        clearedAt: i.cleared_at?.toISOString() ?? null,
        closedAt: i.closed_at?.toISOString() ?? null,
        raises: i.raises,
        value: i.value,
        peak: i.peak,
        eventId: i.event_id,
        eventNumber: i.event_number,
      })),
      hourly: hourly.map((h) => ({
        hour: h.hour.toISOString(),
        metric: h.metric,
        count: h.n,
        mean: h.total / h.n,
        min: h.min,
        max: h.max,
      })),
    };
  }

  async rules(p: Principal | null): Promise<SensorRuleView[]> {
    sensorsPolicy.read(p);
    const rows = await this.db.selectFrom('cityops.sensor_rules').selectAll().orderBy('id').execute();
    return rows.map(ruleView);
  }

  /** Tune a rule (levels, window, silence time, on/off): checked, versioned, audited, taken by the ingester at once. */
  async updateRule(
    p: Principal | null,
    id: string,
    patch: SensorRulePatch,
    origin: RequestOrigin,
  ): Promise<SensorRuleView> {
    const principal = sensorsPolicy.manageRules(p);
    const updated = await command(this.platform, principalActor(principal, origin), async (w) => {
      const db = sensorsDb(w.tx);
      const row = await db
        .selectFrom('cityops.sensor_rules')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new AppError(404, 'SENSOR_RULE_NOT_FOUND', 'No such sensor rule');
      if (row.version !== patch.version)
        throw new AppError(409, 'SENSOR_RULE_CHANGED', 'The rule was changed by someone else; reload and try again');
      const next = {
        raise_at: patch.raiseAt ?? row.raise_at,
        clear_at: patch.clearAt ?? row.clear_at,
        window_seconds: row.kind === 'rate' ? (patch.windowSeconds ?? row.window_seconds) : row.window_seconds,
        silence_seconds: row.kind === 'silence' ? (patch.silenceSeconds ?? row.silence_seconds) : row.silence_seconds,
        active: patch.active ?? row.active,
      };
      const problems = ruleProblems({
        kind: row.kind,
        metric: row.metric,
        direction: row.direction,
        raiseAt: next.raise_at,
        clearAt: next.clear_at,
        windowSeconds: next.window_seconds,
        silenceSeconds: next.silence_seconds,
      });
      if (problems.length > 0) throw new AppError(422, 'SENSOR_RULE_INVALID', problems.join('; '));
      const after = await db
        .updateTable('cityops.sensor_rules')
        .set({ ...next, updated_at: w.now, version: row.version + 1 })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await w.audit({
        action: 'cityops.sensor-rule.update',
        resourceType: 'cityops.sensor_rule',
        resourceId: id,
        detail: { before: ruleView(row), after: ruleView(after) },
        change: { before: ruleView(row), after: ruleView(after) },
      });
      return after;
    });
    await this.ingest.reloadRules();
    return ruleView(updated);
  }

  /** Register devices (the demo city's ~500; a city imports its own). Existing ids are kept. */
  async seed(devices: readonly SensorDevice[]): Promise<number> {
    const now = this.platform.clock.now();
    let added = 0;
    for (let i = 0; i < devices.length; i += 500) {
      const rows = await this.db
        .insertInto('cityops.sensors')
        .values(
          devices.slice(i, i + 500).map((d) => ({
            id: d.id,
            type: d.type,
            name: d.name,
            name_en: d.nameEn,
            region_code: d.regionCode,
            community_code: d.communityCode,
            lat: d.lat,
            lng: d.lng,
            active: true,
            installed_at: now,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      added += rows.length;
    }
    return added;
  }
}

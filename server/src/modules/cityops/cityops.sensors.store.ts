/**
 * The sensors part's SQL: the registry and rules (read at start and on refresh), incidents
 * (written with each raise and clear, in the ingester's transaction), live states and hourly
 * aggregates (written in batches).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { scoped } from '../../platform/db.ts';
import type { SensorRule } from './cityops.sensors.rules.ts';
import type { SensorStatus, SensorsTables, SensorType } from './cityops.sensors.tables.ts';

export type SensorsDb = Kysely<SensorsTables>;
export const sensorsDb = (db: Kysely<object> | Transaction<object>): SensorsDb => scoped<SensorsTables>(db);

export interface RegisteredSensor {
  id: string;
  type: SensorType;
  name: string;
  regionCode: string;
  communityCode: string | null;
  lat: number;
  lng: number;
  installedAt: Date;
}

export interface OpenIncident {
  id: string;
  sensorId: string;
  ruleId: string;
  state: 'raised' | 'cleared';
  eventId: string | null;
}

export const ruleOf = (r: SensorsTables['cityops.sensor_rules']): SensorRule => ({
  id: r.id,
  sensorType: r.sensor_type,
  kind: r.kind,
  metric: r.metric,
  direction: r.direction,
  raiseAt: r.raise_at,
  clearAt: r.clear_at,
  windowSeconds: r.window_seconds,
  silenceSeconds: r.silence_seconds,
  categoryCode: r.category_code,
  name: r.name,
  nameEn: r.name_en,
  active: r.active,
});

export async function loadRules(db: SensorsDb): Promise<SensorRule[]> {
  const rows = await db.selectFrom('cityops.sensor_rules').selectAll().orderBy('id').execute();
  return rows.map(ruleOf);
}

export async function loadSensors(db: SensorsDb): Promise<RegisteredSensor[]> {
  const rows = await db
    .selectFrom('cityops.sensors')
    .select(['id', 'type', 'name', 'region_code', 'community_code', 'lat', 'lng', 'installed_at'])
    .where('active', '=', true)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    name: r.name,
    regionCode: r.region_code,
    communityCode: r.community_code,
    lat: r.lat,
    lng: r.lng,
    installedAt: r.installed_at,
  }));
}

export async function loadStates(db: SensorsDb): Promise<Map<string, { status: SensorStatus; lastAt: Date | null }>> {
  const rows = await db.selectFrom('cityops.sensor_states').select(['sensor_id', 'status', 'last_at']).execute();
  return new Map(rows.map((r) => [r.sensor_id, { status: r.status, lastAt: r.last_at }]));
}

export async function openIncidents(db: SensorsDb): Promise<OpenIncident[]> {
  const rows = await db
    .selectFrom('cityops.sensor_incidents')
    .select(['id', 'sensor_id', 'rule_id', 'state', 'event_id'])
    .where('closed_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, sensorId: r.sensor_id, ruleId: r.rule_id, state: r.state, eventId: r.event_id }));
}

/** The live values of devices that reported since the last flush (one statement per batch). */
export async function upsertStates(
  db: SensorsDb,
  rows: readonly { sensorId: string; status: SensorStatus; lastAt: Date; values: Record<string, number> }[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await db
      .insertInto('cityops.sensor_states')
      .values(
        batch.map((r) => ({
          sensor_id: r.sensorId,
          status: r.status,
          last_at: r.lastAt,
          last_values: JSON.stringify(r.values),
          changed_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.column('sensor_id').doUpdateSet({
          last_at: sql`greatest(cityops.sensor_states.last_at, excluded.last_at)`,
          last_values: sql`excluded.last_values`,
        }),
      )
      .execute();
  }
}

export interface HourlyCell {
  sensorId: string;
  regionCode: string;
  hour: Date;
  metric: string;
  n: number;
  total: number;
  min: number;
  max: number;
}

/** Add cells to the hourly aggregates (a cell already there is summed into). */
export async function addHourly(db: SensorsDb, cells: readonly HourlyCell[]): Promise<void> {
  for (let i = 0; i < cells.length; i += 1000) {
    const batch = cells.slice(i, i + 1000);
    await db
      .insertInto('cityops.sensor_hourly')
      .values(
        batch.map((c) => ({
          sensor_id: c.sensorId,
          region_code: c.regionCode,
          hour: c.hour,
          metric: c.metric,
          n: c.n,
          total: c.total,
          min: c.min,
          max: c.max,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['sensor_id', 'hour', 'metric']).doUpdateSet({
          n: sql`cityops.sensor_hourly.n + excluded.n`,
          total: sql`cityops.sensor_hourly.total + excluded.total`,
          min: sql`least(cityops.sensor_hourly.min, excluded.min)`,
          max: sql`greatest(cityops.sensor_hourly.max, excluded.max)`,
        }),
      )
      .execute();
  }
}

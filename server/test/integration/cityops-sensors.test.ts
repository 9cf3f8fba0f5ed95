/**
 * Sensors over MQTT, end to end: readings published QoS 1 to the broker (the embedded Aedes
 * broker, or Mosquitto when YIWANG_MQTT_URL is set) become incidents and city events through
 * the events service: one open event per device and rule, however the device flaps; rates of
 * change and silence; a burst of 20,000 readings loses no crossing and no reading; the API
 * for the city screen and the rules (tuned by operators only). Waits are on conditions.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SensorIngest } from '../../src/modules/cityops/cityops.sensors.ingest.ts';
import { client, createTestApp, errorCode, ok, query, signInStaff, type TestContext } from '../helpers.ts';

const suffix = randomBytes(4).toString('hex');
const prefix = `yiwang-test-${suffix}/sensors`;
const NORMAL: Record<string, Record<string, number>> = {
  WL: { level: 1.5 },
  AQ: { pm25: 30 },
  MH: { tilt: 1 },
  SL: { fault: 0 },
  NS: { db: 50 },
  HP: { pressure: 0.3 },
};

let ctx: TestContext;
let ingest: SensorIngest;
let pub: MqttClient;

const waitFor = (check: () => unknown | Promise<unknown>, timeout = 20_000) =>
  vi.waitFor(check, { timeout, interval: 10 });
const publish = (id: string, values: Record<string, number>, ts?: string) =>
  pub.publishAsync(`${prefix}/${id}/readings`, JSON.stringify(ts ? { ts, values } : { values }), { qos: 1 });
/** Publish in order and wait until the platform has taken them all (and committed what they raised). */
async function send(id: string, ...levels: Record<string, number>[]) {
  const before = ingest.stats().readings;
  for (const values of levels) await publish(id, values);
  await waitFor(() => expect(ingest.stats().readings).toBe(before + levels.length));
  await waitFor(() => expect(ingest.stats().transitions).toBe(committed()));
}
let committedCount = 0;
const committed = () => committedCount;
const sensorEvents = (ref?: string) =>
  query<{ id: string; external_ref: string; category_code: string; source: string; grid_id: string | null }>(
    ctx,
    sql`select id, external_ref, category_code, source, grid_id from cityops.events
        where source = 'sensor' ${ref ? sql`and external_ref = ${ref}` : sql``} order by opened_at`,
  );
const incidentsOf = (sensorId: string) =>
  query<{ id: string; rule_id: string; state: string; raises: number; event_id: string | null; peak: number }>(
    ctx,
    sql`select id, rule_id, state, raises, event_id, peak from cityops.sensor_incidents where sensor_id = ${sensorId} order by raised_at`,
  );

beforeAll(async () => {
  ctx = await createTestApp({
    config: {
      sensors: {
        ingest: true,
        ...(process.env.YIWANG_MQTT_URL ? { mqttUrl: process.env.YIWANG_MQTT_URL } : {}),
        clientId: `yiwang-test-${suffix}`,
        topicPrefix: prefix,
        reconnectMs: 50,
        flushMs: 60_000,
        tickMs: 3_600_000,
      },
    },
  });
  ingest = ctx.modules.cityops.sensors.ingest;
  // The demo devices were seeded after the ingester started: it takes them at its next tick.
  await ingest.tick();
  await waitFor(() => expect(ingest.stats().subscriptions).toBeGreaterThan(0));
  pub = await mqtt.connectAsync(ingest.url!, {
    clientId: `yiwang-test-pub-${suffix}`,
    clean: true,
    reconnectPeriod: 50,
  });
  // Transitions counted by the ingester once committed: what `send` waits for.
  const commit = ingest.incidents.apply.bind(ingest.incidents);
  ingest.incidents.apply = async (t) => {
    const out = await commit(t);
    committedCount += t.length;
    return out;
  };
});
afterAll(async () => {
  await pub?.endAsync();
  await ctx?.teardown();
  // A Mosquitto keeps a persistent session: end this run's (clean start, then leave).
  if (process.env.YIWANG_MQTT_URL) {
    const c = await mqtt.connectAsync(process.env.YIWANG_MQTT_URL, { clientId: `yiwang-test-${suffix}`, clean: true });
    await c.endAsync();
  }
});

describe('thresholds', () => {
  it('a crossing opens one event, routed to the grid of the device; hovering and flapping open no other', async () => {
    await send('WL-0001', { level: 2.5 }, { level: 3.2 });
    const [incident] = await incidentsOf('WL-0001');
    expect(incident).toMatchObject({ rule_id: 'water-level-high', state: 'raised', raises: 1 });
    await waitFor(async () => expect(await sensorEvents(`sensor-incident:${incident!.id}`)).toHaveLength(1));
    // Hovering between the clear level (2.7) and the raise level (3.0): nothing new.
    await send('WL-0001', { level: 2.9 }, { level: 3.1 }, { level: 2.8 }, { level: 3.05 });
    // Flapping across both levels: the incident clears and raises again, within the same event.
    await send('WL-0001', { level: 2.6 }, { level: 3.4 }, { level: 2.5 }, { level: 3.3 });
    const incidents = await incidentsOf('WL-0001');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ state: 'raised', raises: 3, peak: 3.4 });
    const events = await sensorEvents();
    expect(events.filter((e) => e.external_ref === `sensor-incident:${incident!.id}`)).toHaveLength(1);
    expect(events[0]).toMatchObject({ category_code: 'water-level', source: 'sensor' });
    expect(events[0]!.grid_id).not.toBeNull();
  });

  it('each status change is a cityops.sensor.changed event for the screen', async () => {
    const rows = await query<{ payload: { status: string; previousStatus: string; ruleId: string } }>(
      ctx,
      sql`select payload from platform.outbox where topic = 'cityops.sensor.changed' and payload->>'sensorId' = 'WL-0001' order by created_at, id`,
    );
    expect(rows.map((r) => `${r.payload.previousStatus}→${r.payload.status}`)).toEqual([
      'normal→alert',
      'alert→normal',
      'normal→alert',
      'alert→normal',
      'normal→alert',
    ]);
  });

  it('a low-pressure hydrant raises below its level', async () => {
    await send('HP-0002', { pressure: 0.3 }, { pressure: 0.06 });
    expect(await incidentsOf('HP-0002')).toMatchObject([{ rule_id: 'hydrant-low', state: 'raised' }]);
  });
});

describe('an incident ends with its event', () => {
  it('closing the event of a crossing ends its incident; the next crossing, past the clear level first, opens a new one', async () => {
    // The warning level's incidents (a fast rise may raise the rate rule's too).
    const high = async () => (await incidentsOf('WL-0003')).filter((i) => i.rule_id === 'water-level-high');
    await send('WL-0003', { level: 2.8 }, { level: 3.3 });
    await waitFor(async () => expect((await high())[0]!.event_id).not.toBeNull());
    const [first] = await high();
    expect(first).toMatchObject({ state: 'raised', raises: 1 });
    const eventId = first!.event_id!;

    // The handler closes the event while the water is still high: the incident ends with it.
    const operator = await signInStaff(ctx, 'operator01');
    ok(
      await operator.POST('/api/cityops/events/{id}/close', {
        params: { path: { id: eventId } },
        body: { note: '已疏通排水，水位回落中' },
      }),
    );
    const closedAt = async () =>
      (
        await query<{ closed_at: Date | null }>(
          ctx,
          sql`select closed_at from cityops.sensor_incidents where id = ${first!.id}`,
        )
      )[0]!.closed_at;
    await waitFor(async () => expect(await closedAt()).not.toBeNull());

    // Still above the level, then hovering between the clear (2.7) and raise (3.0) levels: no
    // crossing, so nothing new (hysteresis holds across the ended incident).
    await send('WL-0003', { level: 3.2 }, { level: 2.8 }, { level: 3.05 }, { level: 2.75 });
    expect(await high()).toHaveLength(1);

    // Down past the clear level and up again: a new crossing, a new incident and a new event;
    // flapping inside the band after it opens nothing more.
    await send('WL-0003', { level: 2.6 }, { level: 3.1 }, { level: 2.9 }, { level: 3.05 });
    const incidents = await high();
    expect(incidents).toHaveLength(2);
    expect(incidents[1]).toMatchObject({ state: 'raised', raises: 1, peak: 3.1 });
    await waitFor(async () => expect((await high())[1]!.event_id).not.toBeNull());
    const second = (await high())[1]!;
    expect(second.event_id).not.toBe(eventId);
    expect(await sensorEvents(`sensor-incident:${second.id}`)).toHaveLength(1);
    expect(await closedAt()).not.toBeNull();
  });
});

describe('rate of change and silence', () => {
  it('water rising 0.6 m within the window raises the rate rule though it is under the warning level', async () => {
    const t = ctx.clock.now().getTime();
    for (const [i, level] of [1.0, 1.2, 1.4, 1.6].entries()) {
      ctx.clock.set(new Date(t + i * 120_000));
      await send('WL-0002', { level });
    }
    expect(await incidentsOf('WL-0002')).toMatchObject([{ rule_id: 'water-level-rise', state: 'raised' }]);
  });

  it('a device silent for its rule’s time raises it; its next reading clears it', async () => {
    const t0 = ctx.clock.now().getTime();
    ctx.clock.set(new Date(t0 + 3_000_000));
    // Every device but HP-0001 reports.
    const before = ingest.stats().readings;
    const ids = ingest['sensors'] instanceof Map ? [...(ingest['sensors'] as Map<string, unknown>).keys()] : [];
    expect(ids.length).toBe(500);
    const others = ids.filter((id) => id !== 'HP-0001');
    await Promise.all(others.map((id) => publish(id, NORMAL[id.slice(0, 2)]!)));
    await waitFor(() => expect(ingest.stats().readings).toBe(before + others.length));
    await waitFor(() => expect(ingest.stats().transitions).toBe(committed()));
    ctx.clock.set(new Date(t0 + 3_700_000));
    await ingest.tick();
    const silent = await query<{ sensor_id: string; rule_id: string }>(
      ctx,
      sql`select sensor_id, rule_id from cityops.sensor_incidents where rule_id like '%silent' and state = 'raised'`,
    );
    expect(silent).toEqual([{ sensor_id: 'HP-0001', rule_id: 'hydrant-silent' }]);
    await send('HP-0001', { pressure: 0.3 });
    expect((await incidentsOf('HP-0001'))[0]).toMatchObject({ rule_id: 'hydrant-silent', state: 'cleared' });
  });
});

describe('a burst', () => {
  it('20,000 readings from 500 devices, a round at once: every reading counted, every crossing an event', async () => {
    await ingest.flush();
    const [{ n: before }] = (await query<{ n: number }>(
      ctx,
      sql`select coalesce(sum(n), 0)::int as n from cityops.sensor_hourly`,
    )) as [{ n: number }];
    const readingsBefore = ingest.stats().readings;
    const ids = [...(ingest['sensors'] as Map<string, unknown>).keys()];
    const crossing = new Set(ids.filter((id) => id.startsWith('MH-')).slice(10, 35)); // 25 manhole covers knocked off
    const rounds = 40;
    for (let round = 0; round < rounds; round++) {
      // At most two rounds unread: a broker queues a bounded number of QoS 1 messages for a
      // subscriber (Mosquitto's max_queued_messages, 1000 by default) and drops the rest.
      await waitFor(() =>
        expect(ingest.stats().readings).toBeGreaterThanOrEqual(readingsBefore + (round - 1) * ids.length),
      );
      // Every device reports at once; in round 20 the 25 covers tilt 28°, and recover after.
      await Promise.all(
        ids.map((id) => publish(id, round === 20 && crossing.has(id) ? { tilt: 28 } : NORMAL[id.slice(0, 2)]!)),
      );
    }
    await waitFor(() => expect(ingest.stats().readings).toBe(readingsBefore + rounds * ids.length), 60_000);
    await waitFor(() => expect(ingest.stats().transitions).toBe(committed()), 60_000);
    const raised = await query<{ sensor_id: string; state: string }>(
      ctx,
      sql`select sensor_id, state from cityops.sensor_incidents where rule_id = 'manhole-tilt'`,
    );
    expect(new Set(raised.map((r) => r.sensor_id))).toEqual(crossing);
    expect(raised.every((r) => r.state === 'cleared')).toBe(true);
    await waitFor(async () =>
      expect((await sensorEvents()).filter((e) => e.category_code === 'manhole-tilt')).toHaveLength(25),
    );
    await ingest.flush();
    const [{ n: after }] = (await query<{ n: number }>(
      ctx,
      sql`select coalesce(sum(n), 0)::int as n from cityops.sensor_hourly`,
    )) as [{ n: number }];
    expect(after - before).toBe(rounds * ids.length);
  }, 120_000); // a loaded machine and a broker in another process: the waits above allow a minute each
});

describe('the API', () => {
  it('operators see live states; the rules are tuned by operators only, checked and audited', async () => {
    // Raised again (the silence test's round of normal readings cleared them).
    await send('WL-0001', { level: 3.5 });
    await send('HP-0002', { pressure: 0.05 });
    await ingest.flush(); // live values and aggregates are written every flushMs
    const operator = await signInStaff(ctx, 'operator01');
    const states = ok(await operator.GET('/api/cityops/sensors', { params: { query: { status: 'alert' } } })).items;
    expect(states.map((s) => s.id)).toEqual(expect.arrayContaining(['WL-0001', 'HP-0002']));
    const wl = ok(await operator.GET('/api/cityops/sensors/{id}', { params: { path: { id: 'WL-0001' } } }));
    expect(wl.sensor.status).toBe('alert');
    expect(wl.sensor.raised).toContain('water-level-high');
    expect(wl.incidents[0]!.eventNumber).toMatch(/^SJ/);
    expect(wl.sensor.values).toEqual({ level: 3.5 });
    expect(Math.max(...wl.hourly.filter((h) => h.metric === 'level').map((h) => h.max))).toBe(3.5);
    expect((await client(ctx).GET('/api/cityops/sensors')).response.status).toBe(401);
    const clerk = await signInStaff(ctx, 'clerk01');
    expect((await clerk.GET('/api/cityops/sensors')).response.status).toBe(403);

    const rule = ok(await operator.GET('/api/cityops/sensor-rules')).items.find((r) => r.id === 'noise-high')!;
    const supervisor = await signInStaff(ctx, 'supervisor01');
    const patch = { version: rule.version, raiseAt: 80, clearAt: 70 };
    const refused = await supervisor.PATCH('/api/cityops/sensor-rules/{id}', {
      params: { path: { id: 'noise-high' } },
      body: patch,
    });
    expect(refused.response.status).toBe(403);
    const bad = await operator.PATCH('/api/cityops/sensor-rules/{id}', {
      params: { path: { id: 'noise-high' } },
      body: { ...patch, clearAt: 85 },
    });
    expect(errorCode(bad)).toBe('SENSOR_RULE_INVALID');
    const tuned = ok(
      await operator.PATCH('/api/cityops/sensor-rules/{id}', { params: { path: { id: 'noise-high' } }, body: patch }),
    );
    expect(tuned).toMatchObject({ raiseAt: 80, clearAt: 70, version: rule.version + 1 });
    const stale = await operator.PATCH('/api/cityops/sensor-rules/{id}', {
      params: { path: { id: 'noise-high' } },
      body: patch,
    });
    expect(errorCode(stale)).toBe('SENSOR_RULE_CHANGED');
    const audit = await query<{ n: number }>(
      ctx,
      sql`select count(*)::int as n from platform.audit_log where action = 'cityops.sensor-rule.update' and resource_id = 'noise-high'`,
    );
    expect(audit[0]!.n).toBe(1);
    // Taken by the ingester at once: 78 dB no longer raises.
    await send('NS-0001', { db: 78 });
    expect(await incidentsOf('NS-0001')).toEqual([]);
  });
});

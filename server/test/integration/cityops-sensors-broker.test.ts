/**
 * The broker going away and coming back loses no event: the platform's client (QoS 1, a
 * persistent session) reconnects and subscribes again, and a reading that crossed a threshold
 * while the broker was away (held by its publisher, QoS 1) becomes an event once it is back.
 * Always against the embedded broker, which this test stops and starts: stopping the machine's
 * Mosquitto would pull it from under every other test that runs beside this one.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SensorIngest } from '../../src/modules/cityops/cityops.sensors.ingest.ts';
import { createTestApp, query, type TestContext } from '../helpers.ts';

const suffix = randomBytes(4).toString('hex');
const prefix = `yiwang-test-${suffix}/sensors`;

let ctx: TestContext;
let ingest: SensorIngest;
let pub: MqttClient;

const waitFor = (check: () => unknown | Promise<unknown>) => vi.waitFor(check, { timeout: 20_000, interval: 10 });
const publish = (id: string, level: number) =>
  pub.publishAsync(`${prefix}/${id}/readings`, JSON.stringify({ values: { level } }), { qos: 1 });
const eventsOf = (sensorId: string) =>
  query<{ id: string; status: string }>(
    ctx,
    sql`select e.id, e.status from cityops.events e
        join cityops.sensor_incidents i on e.external_ref = 'sensor-incident:' || i.id
        where i.sensor_id = ${sensorId}`,
  );

beforeAll(async () => {
  ctx = await createTestApp({
    config: {
      sensors: {
        ingest: true,
        embeddedPort: 0,
        clientId: `yiwang-test-${suffix}`,
        topicPrefix: prefix,
        reconnectMs: 50,
        flushMs: 60_000,
        tickMs: 3_600_000,
      },
    },
  });
  ingest = ctx.modules.cityops.sensors.ingest;
  await ingest.tick(); // the demo devices were seeded after the ingester started
  await waitFor(() => expect(ingest.stats().subscriptions).toBeGreaterThan(0));
  // The publisher keeps its own session too, and holds its QoS 1 readings while the broker is away.
  pub = await mqtt.connectAsync(ingest.url!, {
    clientId: `yiwang-test-pub-${suffix}`,
    clean: false,
    reconnectPeriod: 50,
  });
});
afterAll(async () => {
  await pub?.endAsync(true);
  await ctx?.teardown();
});

describe('the broker goes away and comes back', () => {
  it('the platform reconnects and subscribes again; a crossing afterwards is an event', async () => {
    const broker = ingest.broker!;
    expect(broker).not.toBeNull();
    const before = ingest.stats();
    await publish('WL-0002', 1.5);
    await waitFor(() => expect(ingest.stats().readings).toBe(before.readings + 1));

    await broker.stop();
    await waitFor(() => expect(ingest.stats().connected).toBe(false));
    await broker.start();
    await waitFor(() => expect(ingest.stats().connections).toBeGreaterThan(before.connections));
    await waitFor(() => expect(ingest.stats().subscriptions).toBeGreaterThan(before.subscriptions));
    await waitFor(() => expect(pub.connected).toBe(true));

    await publish('WL-0002', 3.4);
    await waitFor(async () => expect(await eventsOf('WL-0002')).toHaveLength(1));
  });

  it('a reading that crossed while the broker was away is taken when it is back', async () => {
    const broker = ingest.broker!;
    const before = ingest.stats();
    await broker.stop();
    await waitFor(() => expect(ingest.stats().connected).toBe(false));
    // Published while nothing listens: the publisher's client holds it (QoS 1) until a broker acknowledges it.
    const held = publish('WL-0003', 3.6);
    expect(await eventsOf('WL-0003')).toHaveLength(0);
    await broker.start();
    await held;
    await waitFor(async () => expect(await eventsOf('WL-0003')).toHaveLength(1));
    expect(ingest.stats().readings).toBeGreaterThan(before.readings);
  });
});

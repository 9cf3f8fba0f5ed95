/**
 * MQTT ingestion (issue 13): sensor readings processed per second by the platform, from a
 * publisher on the same machine, against the broker's own throughput to a bare subscriber in the
 * same run. Target: at least 10,000 readings/s, and at least 50% of the bare subscriber.
 *
 * For each broker — Mosquitto (YIWANG_MQTT_URL, mqtt://127.0.0.1:1883 by default) and the
 * embedded Aedes broker the platform starts when none is set (here in this process, as in the
 * server's) — a publisher in a child process sends READINGS readings, QoS 1, of the demo city's
 * 500 devices (normal values; 50 manhole covers tilt past their threshold once, mid-run, and
 * recover), and:
 * - the bare subscriber: an MQTT client (QoS 1, this process) that only counts them;
 * - the platform: the sensors' ingestion of an app on the seeded demo city (PostgreSQL), each
 *   reading parsed, checked against the registry, folded into the live values and hourly
 *   aggregates and run through the rules; the crossings committed as incidents and events. Its
 *   time runs until every reading is taken, every crossing committed and the aggregates written.
 * Rates are readings over the time from the first reading received to the last one handled.
 *
 * Run: npm run bench:sensors-mqtt            (PostgreSQL at BENCH_DATABASE_URL)
 *      npm run bench:sensors-mqtt -- --quick (20,000 readings)
 * The publisher: node bench/sensors-mqtt.ts --publish <url> <prefix> <count> <first crossing cover>
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { demoSensors } from '../server/src/demo/sensors.ts';
import { EmbeddedBroker } from '../server/src/modules/cityops/cityops.sensors.broker.ts';
import { createScratchDatabase } from '../server/test/scratch-database.ts';
import { seedCity } from './city.ts';
import { benchDatabaseUrl, hostFacts, loadAverage, writeSection } from './lib.ts';

const NORMAL: Record<string, Record<string, number>> = {
  WL: { level: 1.5 },
  AQ: { pm25: 30, pm10: 55 },
  MH: { tilt: 1 },
  SL: { fault: 0 },
  NS: { db: 50 },
  HP: { pressure: 0.3 },
};
const CROSSING_DEVICES = 50;
const WINDOW = 500;
const AHEAD = 900;

// ------------------------------------------------------------------ the publisher (a child process)

if (process.argv[2] === '--publish') {
  const [url, prefix, countArg, offsetArg] = process.argv.slice(3);
  const count = Number(countArg);
  const offset = Number(offsetArg ?? 0);
  const ids = demoSensors().map((s) => s.id);
  const crossing = new Set(ids.filter((id) => id.startsWith('MH-')).slice(offset, offset + CROSSING_DEVICES));
  const client = await mqtt.connectAsync(url!, {
    clientId: `bench-pub-${randomBytes(4).toString('hex')}`,
    clean: true,
  });
  const middle = Math.floor(count / ids.length / 2);
  // Credit from the subscriber (its count of readings taken, a line on stdin): never more than
  // AHEAD unread, as a broker drops QoS 1 messages past a subscriber's queue (Mosquitto's
  // max_queued_messages, 1000 by default).
  let taken = 0;
  let wake: (() => void) | null = null;
  let buffered = '';
  process.stdin.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    if (lines.length > 0) taken = Math.max(taken, Number(lines.at(-1)));
    wake?.();
  });
  let sent = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      wake = null;
      while (sent < count && sent - acked < WINDOW && sent - taken < AHEAD) {
        const i = sent++;
        const id = ids[i % ids.length]!;
        const round = Math.floor(i / ids.length);
        const values = round === middle && crossing.has(id) ? { tilt: 30 } : NORMAL[id.slice(0, 2)]!;
        client.publish(`${prefix}/${id}/readings`, JSON.stringify({ values }), { qos: 1 }, (err) => {
          if (err) return reject(err);
          acked++;
          if (acked === count) resolve();
          else pump();
        });
      }
      if (sent < count && sent - taken >= AHEAD) wake = pump;
    };
    pump();
  });
  await client.endAsync();
  process.exit(0);
}

// ------------------------------------------------------------------ the run

const quick = process.argv.includes('--quick');
const READINGS = quick ? 20_000 : 200_000;
const mosquittoUrl = process.env.YIWANG_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** Publish `count` readings from a child process, given credit by `taken()` (the subscriber's count). */
function publish(url: string, prefix: string, count: number, taken: () => number, offset = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [import.meta.filename, '--publish', url, prefix, String(count), String(offset)];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'inherit', 'inherit'] });
    let told = -1;
    const credit = setInterval(() => {
      const n = taken();
      if (n !== told && child.stdin.writable) child.stdin.write(`${(told = n)}\n`);
    }, 1);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(credit);
      if (code === 0) resolve();
      else reject(new Error(`the publisher exited with ${code}`));
    });
  });
}

const STALL_MS = 5_000;

/**
 * Wait until `count()` reaches `target`, or it has not moved for STALL_MS (a reading the broker
 * dropped never comes: the run reports it as lost instead of waiting for ever).
 */
async function settle(count: () => number, target: number): Promise<number> {
  let seen = count();
  let movedAt = performance.now();
  while (count() < target && performance.now() - movedAt < STALL_MS) {
    await new Promise((r) => setTimeout(r, 2));
    if (count() !== seen) {
      seen = count();
      movedAt = performance.now();
    }
  }
  return target - count();
}

/** The broker's throughput to a subscriber that only counts (readings/s), and the readings it never delivered. */
async function bare(url: string): Promise<{ rate: number; lost: number }> {
  const prefix = `bench-${randomBytes(4).toString('hex')}/sensors`;
  const sub = await mqtt.connectAsync(url, { clientId: `bench-bare-${randomBytes(4).toString('hex')}`, clean: true });
  await sub.subscribeAsync(`${prefix}/+/readings`, { qos: 1 });
  let n = 0;
  let first = 0;
  let last = 0;
  sub.on('message', () => {
    if (n++ === 0) first = performance.now();
    last = performance.now();
  });
  await publish(url, prefix, READINGS, () => n);
  const lost = await settle(() => n, READINGS);
  await sub.endAsync();
  return { rate: (n / (last - first)) * 1000, lost };
}

async function platform(
  city: { url: string; dataKey: string; dataDir: string },
  url: string,
  offset: number,
): Promise<{ rate: number; crossings: number; events: number; lost: number }> {
  const suffix = randomBytes(4).toString('hex');
  const prefix = `bench-${suffix}/sensors`;
  const config = loadConfig({
    databaseUrl: city.url,
    dataKey: city.dataKey,
    dataDir: city.dataDir,
    logLevel: 'warn',
    seed: 'none',
    sensors: {
      mqttUrl: url,
      clientId: `bench-platform-${suffix}`,
      topicPrefix: prefix,
      ingest: true,
      flushMs: 1000,
      tickMs: 3_600_000,
    } as never,
  });
  const built = await buildApp(config, { logger: pino({ level: 'warn' }) });
  try {
    await built.app.ready();
    const ingest = built.modules.cityops.sensors.ingest;
    await ingest.tick();
    for (let i = 0; i < 1000 && ingest.stats().subscriptions === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const before = ingest.stats();
    let first = 0;
    const watch = setInterval(() => {
      if (first === 0 && ingest.stats().readings > before.readings) first = performance.now();
    }, 1);
    await publish(url, prefix, READINGS, () => ingest.stats().readings - before.readings, offset);
    const handled = () => ingest.stats().readings - before.readings + ingest.stats().refused - before.refused;
    const lost = await settle(handled, READINGS);
    clearInterval(watch);
    await ingest.tick(); // pending incidents' events opened
    await ingest.flush();
    const last = performance.now();
    const after = ingest.stats();
    if (after.refused !== before.refused) throw new Error(`${after.refused - before.refused} readings refused`);
    return {
      lost,
      rate: ((READINGS - lost) / (last - first)) * 1000,
      crossings: after.transitions - before.transitions,
      events: after.eventsOpened - before.eventsOpened,
    };
  } finally {
    await built.close();
  }
}

const base = benchDatabaseUrl();
const scratch = await createScratchDatabase(base, 'yiwang_bench_sensors_mqtt');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-sensors-'));
const city = { url: scratch.url, dataKey: randomBytes(32).toString('base64'), dataDir };
try {
  await seedCity(city, { residents: 100, enterprises: 5 });
  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  const pgVersion = (await db.query<{ v: string }>(`select split_part(version(), ' ', 2) as v`)).rows[0]!.v;
  await db.end();
  const load0 = loadAverage();
  const rows: string[] = [];
  let offset = 0;
  const aedes = new EmbeddedBroker(0);
  await aedes.start();
  try {
    for (const [name, url] of [
      ['Mosquitto', mosquittoUrl],
      ['embedded Aedes (in the process)', aedes.url],
    ] as const) {
      console.log(`${name}: the bare subscriber ...`);
      const { rate: b, lost: bareLost } = await bare(url);
      console.log(`${name}: ${Math.round(b)} readings/s (${bareLost} lost); the platform ...`);
      const p = await platform(city, url, offset); // other covers each run: the first run's events stay open
      offset += CROSSING_DEVICES;
      console.log(
        `${name}: ${Math.round(p.rate)} readings/s, ${p.crossings} crossings, ${p.events} events, ${p.lost} lost`,
      );
      // 50 covers raise and clear once each: 100 transitions, 50 events; none lost.
      if (p.crossings !== 2 * CROSSING_DEVICES || p.events !== CROSSING_DEVICES)
        throw new Error(
          `${p.crossings} transitions and ${p.events} events, not ${2 * CROSSING_DEVICES} and ${CROSSING_DEVICES}`,
        );
      rows.push(
        `| ${name} | ${Math.round(b).toLocaleString('en')} | **${Math.round(p.rate).toLocaleString('en')}** | **${Math.round((p.rate / b) * 100)}%** | ${p.crossings} / ${p.events} | ${bareLost} / ${p.lost} |`,
      );
    }
  } finally {
    await aedes.stop();
  }
  const md = `## Sensors: MQTT ingestion (issue 13)

Command: \`npm run bench:sensors-mqtt${quick ? ' -- --quick' : ''}\` on ${hostFacts(`PostgreSQL ${pgVersion}`)}; load average ${load0.toFixed(2)} before.
${READINGS.toLocaleString('en')} readings of the demo city's 500 devices, QoS 1, from a publisher in another process
(up to ${WINDOW} unacknowledged by the broker, and ${AHEAD} unread by the subscriber: Mosquitto drops QoS 1 messages
past a subscriber's queue of 1,000 by default); ${CROSSING_DEVICES} manhole covers tilt past their threshold once, mid-run, and recover.
The bare subscriber only counts; the platform takes each reading (parsed, checked against the
registry, live values and hourly aggregates, the rules) and commits each crossing as an incident and
a city event before it acknowledges it; its time ends when the aggregates are written. A reading
the broker never delivers (no progress for ${STALL_MS / 1000} s) is counted as lost, not waited for; the crossings
must all arrive (${2 * CROSSING_DEVICES} transitions, ${CROSSING_DEVICES} events) or the run fails.

| broker | bare subscriber, readings/s (baseline) | platform, readings/s | platform / bare | crossings / events | readings lost (bare / platform) |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Target: at least 10,000 readings/s, and at least 50% of the bare subscriber. A reading costs the
platform little beyond what the MQTT client itself costs (a JSON parse, a registry look-up, two map
updates and the rules, in memory; no database write per reading: live values and hourly aggregates
go in one transaction a second, and only a crossing is committed before it is acknowledged). With
the embedded broker, the broker and the platform share one Node thread: both rates are the
thread's, with no socket between them.`;
  console.log(md);
  writeSection('sensors-mqtt', md);
} finally {
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

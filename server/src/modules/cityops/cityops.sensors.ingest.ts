/**
 * MQTT ingestion: one client per node (its client id a persistent session, `clean: false`),
 * subscribed QoS 1 to every device's readings, resubscribing on each connection. A reading is
 * parsed, checked against the registry, folded into the live state and the hourly aggregates
 * (written in batches) and run through the rule engine, in memory. A reading that raises or
 * clears a rule is acknowledged (PUBACK) only once its incident is committed, so a crossing is
 * never lost: until then the broker keeps it (and redelivers it to the session after a
 * reconnection). Everything else is acknowledged at once, so a burst is taken at memory speed.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Platform } from '../../platform/context.ts';
import type { SensorsSettings } from '../../config.ts';
import { EmbeddedBroker } from './cityops.sensors.broker.ts';
import type { SensorEvents } from './cityops.sensors.events.ts';
import { Incidents, type OpenSensorEvent } from './cityops.sensors.incidents.ts';
import { deviceOfTopic, parseReading, readingsFilter } from './cityops.sensors.payload.ts';
import { RuleEngine, type SensorRule, type Transition } from './cityops.sensors.rules.ts';
import {
  addHourly,
  loadRules,
  loadSensors,
  loadStates,
  openIncidents,
  sensorsDb,
  upsertStates,
  type HourlyCell,
  type RegisteredSensor,
} from './cityops.sensors.store.ts';
import type { SensorStatus } from './cityops.sensors.tables.ts';

const HOUR = 3_600_000;

export interface IngestStats {
  connected: boolean;
  /** Subscriptions granted (one per connection). */
  subscriptions: number;
  connections: number;
  readings: number;
  refused: number;
  unknownDevices: number;
  transitions: number;
  eventsOpened: number;
}

export class SensorIngest {
  readonly engine = new RuleEngine();
  readonly incidents: Incidents;
  /** The embedded broker, when no broker URL is configured. */
  broker: EmbeddedBroker | null = null;
  private sensors = new Map<string, RegisteredSensor>();
  private rules = new Map<string, SensorRule>();
  private statuses = new Map<string, SensorStatus>();
  private latest = new Map<string, { at: number; values: Record<string, number> }>();
  private hourly = new Map<string, HourlyCell>();
  private client: MqttClient | null = null;
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | null = null;
  private commits: Promise<void> = Promise.resolve();
  private closing = false;
  private started = false;
  private readonly counters: IngestStats = {
    connected: false,
    subscriptions: 0,
    connections: 0,
    readings: 0,
    refused: 0,
    unknownDevices: 0,
    transitions: 0,
    eventsOpened: 0,
  };

  private readonly platform: Platform<SensorEvents>;
  private readonly settings: SensorsSettings;

  constructor(platform: Platform<SensorEvents>, settings: SensorsSettings, openEvent: OpenSensorEvent | null) {
    this.platform = platform;
    this.settings = settings;
    this.incidents = new Incidents(platform, {
      openEvent,
      sensor: (id) => this.sensors.get(id),
      rule: (id) => this.rules.get(id),
      statusOf: (id) => this.statusOf(id),
      raised: (id) => this.engine.raisedRules(id),
      previousStatus: (id) => this.statuses.get(id) ?? 'normal',
      onOpened: () => void this.counters.eventsOpened++,
    });
  }

  stats(): IngestStats {
    return { ...this.counters, connected: this.client?.connected ?? false };
  }

  /** The URL the platform's client connects to (the embedded broker's when no broker is configured). */
  get url(): string | null {
    return this.settings.mqttUrl ?? this.broker?.url ?? null;
  }

  /** Load the registry, rules and open incidents; start the embedded broker if needed; connect. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.refresh(true);
    await this.incidents.openPending();
    if (!this.settings.ingest) return;
    if (!this.settings.mqttUrl) {
      const broker = new EmbeddedBroker(this.settings.embeddedPort);
      try {
        await broker.start();
      } catch (err) {
        // Another process holds the port (a second demo on this machine): serve without ingestion, loudly.
        this.platform.log.error(
          { err, port: this.settings.embeddedPort },
          'sensors: the embedded MQTT broker cannot listen; no readings are taken (set YIWANG_MQTT_URL or YIWANG_MQTT_EMBEDDED_PORT)',
        );
        return;
      }
      this.broker = broker;
      this.platform.log.info({ url: broker.url }, 'sensors: embedded MQTT broker listening');
    }
    this.connect(this.url!);
    this.timers.push(
      setInterval(() => void this.flush(), this.settings.flushMs),
      setInterval(() => void this.tick(), this.settings.tickMs),
    );
    for (const t of this.timers) t.unref();
  }

  /** Stop: no more readings taken, pending incidents committed, live values and aggregates written, client and broker closed. */
  async stop(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    const client = this.client;
    this.client = null;
    await this.commits;
    if (client) await client.endAsync(true);
    await this.flush();
    await this.broker?.stop();
  }

  /** Silence rules now; rules and registry reloaded; events of incidents whose opening failed opened. */
  async tick(): Promise<void> {
    if (this.closing) return;
    try {
      await this.refresh(false);
      const silent = this.engine.silence(this.platform.clock.now());
      if (silent.length > 0) await this.commit(silent);
      await this.incidents.openPending();
    } catch (err) {
      this.platform.log.warn({ err }, 'sensors: tick failed');
    }
  }

  /** A reading as it arrives on `topic`; a promise when its acknowledgement must wait for a commit. */
  receive(topic: string, payload: Buffer | string): Promise<void> | null {
    const id = deviceOfTopic(this.settings.topicPrefix, topic);
    const sensor = id === null ? undefined : this.sensors.get(id);
    if (!sensor) {
      this.counters.unknownDevices++;
      return null;
    }
    const reading = parseReading(payload, this.platform.clock.now());
    if ('refused' in reading) {
      this.counters.refused++;
      this.platform.log.debug({ sensor: sensor.id, reason: reading.refused }, 'sensors: reading refused');
      return null;
    }
    this.counters.readings++;
    const t = reading.at.getTime();
    const seen = this.latest.get(sensor.id);
    if (!seen || t >= seen.at) this.latest.set(sensor.id, { at: t, values: reading.values });
    const hour = t - (t % HOUR);
    for (const [metric, v] of Object.entries(reading.values)) {
      const key = `${sensor.id}|${hour}|${metric}`;
      const cell = this.hourly.get(key);
      if (cell) {
        cell.n++;
        cell.total += v;
        if (v < cell.min) cell.min = v;
        if (v > cell.max) cell.max = v;
      } else
        this.hourly.set(key, {
          sensorId: sensor.id,
          regionCode: sensor.regionCode,
          hour: new Date(hour),
          metric,
          n: 1,
          total: v,
          min: v,
          max: v,
        });
    }
    const transitions = this.engine.reading(sensor.id, sensor.type, reading.at, reading.values);
    return transitions.length === 0 ? null : this.commit(transitions);
  }

  /** Write live values and hourly aggregates gathered since the last flush. */
  flush(): Promise<void> {
    this.flushing ??= this.writeBatches().finally(() => (this.flushing = null));
    return this.flushing;
  }

  statusOf(sensorId: string): SensorStatus {
    const raised = this.engine.raisedRules(sensorId);
    if (raised.some((r) => this.rules.get(r)?.kind !== 'silence')) return 'alert';
    return raised.length > 0 ? 'silent' : 'normal';
  }

  /** Rules changed (by the API): take them now. */
  async reloadRules(): Promise<void> {
    const rules = await loadRules(sensorsDb(this.platform.db));
    this.rules = new Map(rules.map((r) => [r.id, r]));
    this.engine.setRules(rules);
  }

  /** An event of a sensor incident closed or merged: the incident ends; the next raise opens a new event. */
  async eventEnded(eventId: string, at: Date): Promise<void> {
    await this.incidents.eventEnded(eventId, at);
  }

  private connect(url: string): void {
    const client = mqtt.connect(url, {
      clientId: this.settings.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: this.settings.reconnectMs,
      connectTimeout: 10_000,
      keepalive: 30,
      // Subscribed explicitly on every connection below.
      resubscribe: false,
    });
    client.handleMessage = (packet, done) => {
      let pending: Promise<void> | null;
      try {
        pending = this.receive(packet.topic, packet.payload);
      } catch (err) {
        this.platform.log.error({ err, topic: packet.topic }, 'sensors: reading failed');
        pending = null;
      }
      if (!pending) return done();
      pending.then(
        () => done(),
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
      );
    };
    client.on('connect', (connack) => {
      this.counters.connections++;
      this.platform.log.info({ url: redact(url), sessionPresent: connack.sessionPresent }, 'sensors: connected');
      // Always (re)subscribe: a broker that lost the session (restarted without persistence) forgot it.
      client.subscribe(readingsFilter(this.settings.topicPrefix), { qos: 1 }, (err) => {
        if (err) this.platform.log.warn({ err }, 'sensors: subscribe failed');
        else this.counters.subscriptions++;
      });
    });
    client.on('offline', () => this.platform.log.warn({ url: redact(url) }, 'sensors: broker away; reconnecting'));
    client.on('error', (err) => this.platform.log.warn({ err: err.message }, 'sensors: MQTT error'));
    this.client = client;
  }

  /** Commit transitions, one batch after another; retried until it holds (the readings wait unacknowledged). */
  private commit(transitions: Transition[]): Promise<void> {
    this.counters.transitions += transitions.length;
    const run = this.commits.then(async () => {
      for (let delay = 50; ; delay = Math.min(delay * 2, 5_000)) {
        try {
          const changed = await this.incidents.apply(transitions);
          for (const [id, status] of changed) this.statuses.set(id, status);
          break;
        } catch (err) {
          if (this.closing) throw err;
          this.platform.log.warn({ err }, 'sensors: writing an incident failed; retrying');
          await new Promise((r) => setTimeout(r, delay));
        }
      }
      await this.incidents.openPending();
    });
    this.commits = run.catch(() => {});
    return run;
  }

  private async writeBatches(): Promise<void> {
    if (this.latest.size === 0 && this.hourly.size === 0) return;
    const latest = this.latest;
    const hourly = this.hourly;
    this.latest = new Map();
    this.hourly = new Map();
    const now = this.platform.clock.now();
    const states = [...latest].map(([sensorId, l]) => ({
      sensorId,
      status: this.statusOf(sensorId),
      lastAt: new Date(l.at),
      values: l.values,
    }));
    try {
      await this.platform.db.transaction().execute(async (tx) => {
        await upsertStates(sensorsDb(tx), states, now);
        await addHourly(sensorsDb(tx), [...hourly.values()]);
      });
    } catch (err) {
      this.platform.log.warn({ err }, 'sensors: writing live values failed; kept for the next flush');
      for (const [id, l] of latest) if (!this.latest.has(id)) this.latest.set(id, l);
      for (const [key, c] of hourly) {
        const cell = this.hourly.get(key);
        if (!cell) this.hourly.set(key, c);
        else {
          cell.n += c.n;
          cell.total += c.total;
          cell.min = Math.min(cell.min, c.min);
          cell.max = Math.max(cell.max, c.max);
        }
      }
    }
  }

  private async refresh(first: boolean): Promise<void> {
    const db = sensorsDb(this.platform.db);
    await this.reloadRules();
    const sensors = await loadSensors(db);
    const fresh = sensors.filter((s) => !this.sensors.has(s.id));
    this.sensors = new Map(sensors.map((s) => [s.id, s]));
    if (!first && fresh.length === 0) return;
    const states = await loadStates(db);
    const raised = new Map<string, string[]>();
    for (const i of await openIncidents(db))
      if (i.state === 'raised') raised.set(i.sensorId, [...(raised.get(i.sensorId) ?? []), i.ruleId]);
    const now = this.platform.clock.now();
    for (const s of fresh) {
      const state = states.get(s.id);
      if (state) this.statuses.set(s.id, state.status);
      this.engine.track(s.id, s.type, state?.lastAt ?? now, raised.get(s.id) ?? []);
    }
  }
}

const redact = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

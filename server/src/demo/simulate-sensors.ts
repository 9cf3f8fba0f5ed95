/**
 * `yiwang simulate-sensors`: realistic readings for the demo city's sensor network, published
 * QoS 1 on the documented topics (docs/cityops-sensors.md), with incidents: a water level
 * rising past its warning level, a PM2.5 episode, a manhole cover knocked off, a streetlight
 * failing, a noisy night, a hydrant losing pressure, and devices falling silent. Each incident
 * runs its course and recovers, so rules raise and clear.
 */
import mqtt from 'mqtt';
import { createRng, type Rng } from '../platform/prng.ts';
import { demoSensors, type DemoSensor, type DemoSensorType } from './sensors.ts';

export interface SimulatedReading {
  topic: string;
  payload: string;
}

interface Incident {
  sensorId: string;
  /** Ticks since it began. */
  age: number;
  length: number;
}

/** Normal value of a device at a moment (a daily rhythm plus noise), per metric. */
function normal(type: DemoSensorType, rng: Rng, hourOfDay: number, phase: number): Record<string, number> {
  const day = Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI);
  const r = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  switch (type) {
    case 'water-level':
      // Tidal river: two highs a day.
      return { level: r(1.6 + 0.35 * Math.sin((hourOfDay / 12.4) * 2 * Math.PI + phase) + rng.next() * 0.04) };
    case 'air-quality':
      return { pm25: r(35 + 15 * day + rng.next() * 8, 1), pm10: r(60 + 20 * day + rng.next() * 10, 1) };
    case 'manhole-tilt':
      return { tilt: r(0.5 + rng.next() * 1.2, 1), battery: r(95 - phase * 10, 0) };
    case 'streetlight-fault':
      return { fault: 0, current: day < 0 ? r(0.8 + rng.next() * 0.05) : 0 };
    case 'noise':
      return { db: r(52 + 8 * day + rng.next() * 5, 1) };
    case 'hydrant-pressure':
      return { pressure: r(0.3 + rng.next() * 0.03, 3) };
  }
}

/** The incident's reading at its age (peaks in the middle, back to normal at the end). */
function incidentValues(
  type: DemoSensorType,
  base: Record<string, number>,
  age: number,
  length: number,
): Record<string, number> {
  const k = Math.sin((Math.min(age, length) / length) * Math.PI); // 0 → 1 → 0
  switch (type) {
    case 'water-level':
      return { level: Math.round((base.level! + k * 2.0) * 100) / 100 };
    case 'air-quality':
      return { ...base, pm25: Math.round(base.pm25! + k * 180) };
    case 'manhole-tilt':
      return { ...base, tilt: age < length - 1 ? 28 : base.tilt! };
    case 'streetlight-fault':
      return { fault: age < length - 1 ? 1 : 0, current: 0 };
    case 'noise':
      return { db: Math.round((base.db! + k * 30) * 10) / 10 };
    case 'hydrant-pressure':
      return { pressure: Math.round(Math.max(0.02, base.pressure! - k * 0.28) * 1000) / 1000 };
  }
}

export class SensorSimulator {
  readonly devices: DemoSensor[];
  private readonly rng: Rng;
  private readonly phases = new Map<string, number>();
  private incidents = new Map<string, Incident>();
  private silent = new Map<string, number>();

  readonly prefix: string;

  constructor(opts: { seed?: string; devices?: DemoSensor[]; prefix?: string } = {}) {
    this.prefix = opts.prefix ?? 'yiwang/sensors';
    this.devices = opts.devices ?? demoSensors();
    this.rng = createRng(opts.seed ?? 'yiwang-simulate-sensors');
    for (const d of this.devices) this.phases.set(d.id, this.rng.next());
  }

  /** Start an incident on a device (a random one when none is named); answers its id. */
  startIncident(sensorId?: string, length = 8): string {
    const free = this.devices.filter((d) => !this.incidents.has(d.id));
    const id = sensorId ?? this.rng.pick(free).id;
    this.incidents.set(id, { sensorId: id, age: 0, length });
    return id;
  }

  /** Keep a device silent for some ticks (its silence rule raises if it lasts). */
  silence(sensorId: string, ticks: number): void {
    this.silent.set(sensorId, ticks);
  }

  get activeIncidents(): string[] {
    return [...this.incidents.keys()];
  }

  /** One reading per device (except silent ones) at `now`. */
  tick(now: Date): SimulatedReading[] {
    const hour = now.getUTCHours() + 8 + now.getUTCMinutes() / 60; // Beijing time
    const out: SimulatedReading[] = [];
    for (const d of this.devices) {
      const quiet = this.silent.get(d.id);
      if (quiet !== undefined) {
        if (quiet <= 1) this.silent.delete(d.id);
        else this.silent.set(d.id, quiet - 1);
        continue;
      }
      let values = normal(d.type, this.rng, hour % 24, this.phases.get(d.id)!);
      const incident = this.incidents.get(d.id);
      if (incident) {
        values = incidentValues(d.type, values, incident.age, incident.length);
        if (++incident.age > incident.length) this.incidents.delete(d.id);
      }
      out.push({
        topic: `${this.prefix}/${d.id}/readings`,
        payload: JSON.stringify({ ts: now.toISOString(), values }),
      });
    }
    return out;
  }
}

export interface SimulationOptions {
  url: string;
  prefix: string;
  /** Seconds between rounds (one reading per device each round). */
  interval: number;
  /** Rounds to run (0: until interrupted). */
  rounds: number;
  /** Chance per round that a new incident begins. */
  incidentChance: number;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** Publish rounds of readings until done or aborted. */
export async function simulateSensors(opts: SimulationOptions): Promise<{ published: number; incidents: number }> {
  const sim = new SensorSimulator({ prefix: opts.prefix });
  const client = await mqtt.connectAsync(opts.url, { clientId: `yiwang-simulator-${process.pid}`, clean: true });
  const rng = createRng(`simulate-${Date.now()}`);
  let published = 0;
  let incidents = 0;
  try {
    for (let round = 0; opts.rounds === 0 || round < opts.rounds; round++) {
      if (opts.signal?.aborted) break;
      if (round === 0 || rng.chance(opts.incidentChance)) {
        const id = sim.startIncident(undefined, rng.int(4, 12));
        incidents++;
        opts.log(`incident on ${id}`);
      }
      if (rng.chance(opts.incidentChance / 4)) sim.silence(rng.pick(sim.devices).id, rng.int(5, 40));
      const readings = sim.tick(new Date());
      await Promise.all(readings.map((r) => client.publishAsync(r.topic, r.payload, { qos: 1 })));
      published += readings.length;
      opts.log(`round ${round + 1}: ${readings.length} readings (${sim.activeIncidents.length} incidents under way)`);
      if (opts.rounds !== 0 && round + 1 >= opts.rounds) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, opts.interval * 1000);
        opts.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  } finally {
    await client.endAsync();
  }
  return { published, incidents };
}

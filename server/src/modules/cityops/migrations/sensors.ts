import type { Migration } from '../../../platform/migrations.ts';

/**
 * Sensors over MQTT (一网统管 物联感知): the registry, rules as data, live states, incidents
 * (one open event per sensor and rule) and hourly aggregates of readings. Frozen.
 */
export const sensorsMigrations: Migration[] = [
  {
    id: '202612021820_cityops_sensors',
    up: [
      `create schema if not exists cityops`,
      // 感知设备台账: one row per device; the id is the device's MQTT id (the topic carries it).
      `create table cityops.sensors (
        id text primary key,
        type text not null check (type in ('water-level', 'air-quality', 'manhole-tilt', 'streetlight-fault', 'noise', 'hydrant-pressure')),
        name text not null,
        name_en text not null,
        region_code text not null,
        community_code text,
        lat double precision not null,
        lng double precision not null,
        active boolean not null default true,
        installed_at timestamptz not null
      )`,
      `create index sensors_region_type on cityops.sensors (region_code, type)`,
      // Rules as data: threshold, rate-of-change and silence, each with a raise and a clear
      // level (hysteresis). Editable by city operators; every change audited.
      `create table cityops.sensor_rules (
        id text primary key,
        sensor_type text not null,
        kind text not null check (kind in ('threshold', 'rate', 'silence')),
        metric text,
        direction text check (direction in ('above', 'below')),
        raise_at double precision,
        clear_at double precision,
        window_seconds integer,
        silence_seconds integer,
        category_code text not null,
        name text not null,
        name_en text not null,
        active boolean not null default true,
        updated_at timestamptz not null,
        version integer not null default 1,
        check (kind <> 'silence' or silence_seconds > 0),
        check (kind = 'silence' or (metric is not null and direction is not null and raise_at is not null and clear_at is not null)),
        check (kind <> 'rate' or window_seconds > 0)
      )`,
      // The live state of each device (for the city screen): written in batches by the ingester.
      `create table cityops.sensor_states (
        sensor_id text primary key references cityops.sensors (id),
        status text not null check (status in ('normal', 'alert', 'silent')),
        last_at timestamptz,
        last_values jsonb not null default '{}',
        changed_at timestamptz not null
      )`,
      // Incidents: a rule raised on a device. At most one open incident per device and rule
      // (its city event still open); a clear and a new raise within it reuse the same event.
      `create table cityops.sensor_incidents (
        id uuid primary key,
        sensor_id text not null references cityops.sensors (id),
        rule_id text not null references cityops.sensor_rules (id),
        region_code text not null,
        state text not null check (state in ('raised', 'cleared')),
        raised_at timestamptz not null,
        last_raised_at timestamptz not null,
        cleared_at timestamptz,
        raises integer not null default 1,
        value double precision,
        peak double precision,
        event_id uuid,
        event_number text,
        closed_at timestamptz
      )`,
      `create unique index sensor_incidents_open on cityops.sensor_incidents (sensor_id, rule_id) where closed_at is null`,
      `create index sensor_incidents_event on cityops.sensor_incidents (event_id)`,
      `create index sensor_incidents_sensor on cityops.sensor_incidents (sensor_id, raised_at desc)`,
      // Hourly aggregates of readings per device and metric (open data later); raw readings are not kept.
      `create table cityops.sensor_hourly (
        hour timestamptz not null,
        sensor_id text not null,
        metric text not null,
        region_code text not null,
        n integer not null,
        total double precision not null,
        min double precision not null,
        max double precision not null,
        primary key (sensor_id, hour, metric)
      )`,
      `create index sensor_hourly_region_hour on cityops.sensor_hourly (region_code, hour)`,
      // The default rules (a city adjusts them; GB 3096 noise limits, GB 3095 PM2.5, hydrant pressure ≥ 0.10 MPa).
      `insert into cityops.sensor_rules
        (id, sensor_type, kind, metric, direction, raise_at, clear_at, window_seconds, silence_seconds, category_code, name, name_en, updated_at)
      values
        ('water-level-high', 'water-level', 'threshold', 'level', 'above', 3.0, 2.7, null, null, 'water-level', '水位超警戒', 'Water above the warning level', now()),
        ('water-level-rise', 'water-level', 'rate', 'level', 'above', 0.5, 0.2, 900, null, 'water-level', '水位快速上涨', 'Water rising fast', now()),
        ('water-level-silent', 'water-level', 'silence', null, null, null, null, null, 1800, 'water-level', '水位计离线', 'Water gauge silent', now()),
        ('air-quality-pm25', 'air-quality', 'threshold', 'pm25', 'above', 150, 115, null, null, 'air-quality', 'PM2.5 重度污染', 'PM2.5 heavily polluted', now()),
        ('air-quality-silent', 'air-quality', 'silence', null, null, null, null, null, 3600, 'air-quality', '空气监测站离线', 'Air station silent', now()),
        ('manhole-tilt', 'manhole-tilt', 'threshold', 'tilt', 'above', 15, 5, null, null, 'manhole-tilt', '井盖倾斜或移位', 'Manhole cover tilted or moved', now()),
        ('manhole-silent', 'manhole-tilt', 'silence', null, null, null, null, null, 7200, 'manhole-tilt', '井盖传感器离线', 'Manhole sensor silent', now()),
        ('streetlight-fault', 'streetlight-fault', 'threshold', 'fault', 'above', 1, 0, null, null, 'streetlight-fault', '路灯故障', 'Streetlight fault', now()),
        ('noise-high', 'noise', 'threshold', 'db', 'above', 75, 68, null, null, 'noise', '噪声超标', 'Noise above the limit', now()),
        ('hydrant-low', 'hydrant-pressure', 'threshold', 'pressure', 'below', 0.10, 0.14, null, null, 'hydrant-pressure', '消防栓水压不足', 'Hydrant pressure low', now()),
        ('hydrant-drop', 'hydrant-pressure', 'rate', 'pressure', 'below', -0.15, -0.05, 600, null, 'hydrant-pressure', '消防栓水压骤降', 'Hydrant pressure dropping', now()),
        ('hydrant-silent', 'hydrant-pressure', 'silence', null, null, null, null, null, 3600, 'hydrant-pressure', '消防栓监测离线', 'Hydrant monitor silent', now())`,
    ],
  },
];

/** The sensors part's tables (migration 202612021820_cityops_sensors). */
import type { ColumnType } from 'kysely';
import type { PlatformTables } from '../../platform/tables.ts';

export const SENSOR_TYPES = [
  'water-level',
  'air-quality',
  'manhole-tilt',
  'streetlight-fault',
  'noise',
  'hydrant-pressure',
] as const;
export type SensorType = (typeof SENSOR_TYPES)[number];
export type SensorStatus = 'normal' | 'alert' | 'silent';
export type RuleKind = 'threshold' | 'rate' | 'silence';

export interface SensorsTables extends PlatformTables {
  'cityops.sensors': {
    id: string;
    type: SensorType;
    name: string;
    name_en: string;
    region_code: string;
    community_code: string | null;
    lat: number;
    lng: number;
    active: boolean;
    installed_at: Date;
  };
  'cityops.sensor_rules': {
    id: string;
    sensor_type: SensorType;
    kind: RuleKind;
    metric: string | null;
    direction: 'above' | 'below' | null;
    raise_at: number | null;
    clear_at: number | null;
    window_seconds: number | null;
    silence_seconds: number | null;
    category_code: string;
    name: string;
    name_en: string;
    active: boolean;
    updated_at: Date;
    version: number;
  };
  'cityops.sensor_states': {
    sensor_id: string;
    status: SensorStatus;
    last_at: Date | null;
    last_values: ColumnType<Record<string, number>, string, string>;
    changed_at: Date;
  };
  'cityops.sensor_incidents': {
    id: string;
    sensor_id: string;
    rule_id: string;
    region_code: string;
    state: 'raised' | 'cleared';
    raised_at: Date;
    last_raised_at: Date;
    cleared_at: Date | null;
    raises: number;
    value: number | null;
    peak: number | null;
    event_id: string | null;
    event_number: string | null;
    closed_at: Date | null;
  };
  'cityops.sensor_hourly': {
    hour: Date;
    sensor_id: string;
    metric: string;
    region_code: string;
    n: number;
    total: number;
    min: number;
    max: number;
  };
}

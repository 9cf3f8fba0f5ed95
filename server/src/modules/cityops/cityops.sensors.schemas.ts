/** The sensors part's API shapes. */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';
import { SENSOR_TYPES } from './cityops.sensors.tables.ts';

export const SensorTypeName = Enum('SensorType', [...SENSOR_TYPES]);
export const SensorStatusName = Enum('SensorStatus', ['normal', 'alert', 'silent']);
const Values = Type.Record(Type.String(), Type.Number());

export const SensorState = Obj(
  {
    id: Type.String(),
    type: SensorTypeName,
    name: Type.String(),
    nameEn: Type.String(),
    communityCode: Nullable(Type.String()),
    lat: Type.Number(),
    lng: Type.Number(),
    status: SensorStatusName,
    lastAt: Nullable(DateTime()),
    values: Values,
    /** The rules raised now. */
    raised: Type.Array(Type.String()),
  },
  { title: 'SensorState' },
);
export type SensorState = Static<typeof SensorState>;

export const SensorQuery = Obj({
  type: Type.Optional(SensorTypeName),
  status: Type.Optional(SensorStatusName),
  communityCode: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
});

export const SensorIncident = Obj(
  {
    id: Uuid(),
    ruleId: Type.String(),
    state: Enum('SensorIncidentState', ['raised', 'cleared']),
    raisedAt: DateTime(),
    lastRaisedAt: DateTime(),
    clearedAt: Nullable(DateTime()),
    closedAt: Nullable(DateTime()),
    raises: Type.Integer(),
    value: Nullable(Type.Number()),
    peak: Nullable(Type.Number()),
    eventId: Nullable(Type.String()),
    eventNumber: Nullable(Type.String()),
  },
  { title: 'SensorIncident' },
);

export const HourlyAggregate = Obj(
  {
    hour: DateTime(),
    metric: Type.String(),
    count: Type.Integer(),
    mean: Type.Number(),
    min: Type.Number(),
    max: Type.Number(),
  },
  { title: 'SensorHourlyAggregate' },
);

export const SensorDetail = Obj(
  {
    sensor: SensorState,
    incidents: Type.Array(SensorIncident),
    hourly: Type.Array(HourlyAggregate),
  },
  { title: 'SensorDetail' },
);

export const SensorIdParams = Obj({ id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }) });

export const SensorRuleView = Obj(
  {
    id: Type.String(),
    sensorType: SensorTypeName,
    kind: Enum('SensorRuleKind', ['threshold', 'rate', 'silence']),
    metric: Nullable(Type.String()),
    direction: Type.Union([Enum('SensorRuleDirection', ['above', 'below']), Type.Null()]),
    raiseAt: Nullable(Type.Number()),
    clearAt: Nullable(Type.Number()),
    windowSeconds: Nullable(Type.Integer()),
    silenceSeconds: Nullable(Type.Integer()),
    categoryCode: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    active: Type.Boolean(),
    version: Type.Integer(),
  },
  { title: 'SensorRule' },
);
export type SensorRuleView = Static<typeof SensorRuleView>;

export const SensorRulePatch = Obj(
  {
    version: Type.Integer({ minimum: 1, description: 'The version read: a rule changed since is refused (409)' }),
    raiseAt: Type.Optional(Type.Number()),
    clearAt: Type.Optional(Type.Number()),
    windowSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
    silenceSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 86_400 })),
    active: Type.Optional(Type.Boolean()),
  },
  { title: 'SensorRulePatch' },
);
export type SensorRulePatch = Static<typeof SensorRulePatch>;

export const SensorRuleIdParams = Obj({ id: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) });

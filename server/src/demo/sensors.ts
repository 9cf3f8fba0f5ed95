/**
 * The demo city's sensor network (物联感知): about 500 devices of six types placed around the
 * 92 communities' centres, deterministic (the same ids and places on every machine). Ids are
 * the devices' MQTT ids: `WL-0001` water level, `AQ-` air quality, `MH-` manhole cover tilt,
 * `SL-` streetlight, `NS-` noise, `HP-` fire-hydrant pressure.
 */
import { createRng } from '../platform/prng.ts';
import { DEMO_CITY_CODE, DEMO_COMMUNITIES } from './city.ts';

export type DemoSensorType =
  'water-level' | 'air-quality' | 'manhole-tilt' | 'streetlight-fault' | 'noise' | 'hydrant-pressure';

export interface DemoSensor {
  id: string;
  type: DemoSensorType;
  name: string;
  nameEn: string;
  regionCode: string;
  communityCode: string;
  lat: number;
  lng: number;
}

/** Per type: the id prefix, how many, and the device's name. */
export const DEMO_SENSOR_KINDS: readonly {
  type: DemoSensorType;
  prefix: string;
  count: number;
  name: string;
  nameEn: string;
}[] = [
  { type: 'water-level', prefix: 'WL', count: 60, name: '水位计', nameEn: 'water gauge' },
  { type: 'air-quality', prefix: 'AQ', count: 60, name: '空气质量监测站', nameEn: 'air station' },
  { type: 'manhole-tilt', prefix: 'MH', count: 140, name: '智能井盖', nameEn: 'manhole cover' },
  { type: 'streetlight-fault', prefix: 'SL', count: 130, name: '智慧路灯', nameEn: 'streetlight' },
  { type: 'noise', prefix: 'NS', count: 50, name: '噪声监测仪', nameEn: 'noise meter' },
  { type: 'hydrant-pressure', prefix: 'HP', count: 60, name: '消防栓压力计', nameEn: 'hydrant gauge' },
];

export function demoSensors(): DemoSensor[] {
  const rng = createRng('yiwang-demo-sensors');
  const out: DemoSensor[] = [];
  for (const kind of DEMO_SENSOR_KINDS) {
    for (let i = 0; i < kind.count; i++) {
      // Spread round-robin over the communities, then jittered within ~400 m of the centre.
      const community = DEMO_COMMUNITIES[(i * 7 + kind.prefix.charCodeAt(0)) % DEMO_COMMUNITIES.length]!;
      const n = String(i + 1).padStart(4, '0');
      out.push({
        id: `${kind.prefix}-${n}`,
        type: kind.type,
        name: `${community.name}${kind.name}${n}`,
        nameEn: `${community.nameEn} ${kind.nameEn} ${n}`,
        regionCode: DEMO_CITY_CODE,
        communityCode: community.code,
        lat: Math.round((community.centre.lat + (rng.next() - 0.5) * 0.007) * 1e6) / 1e6,
        lng: Math.round((community.centre.lng + (rng.next() - 0.5) * 0.008) * 1e6) / 1e6,
      });
    }
  }
  return out;
}

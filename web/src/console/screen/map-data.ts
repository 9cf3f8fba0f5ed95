// What the city screen's map draws besides the figures: the communities' polygons (shipped as
// GeoJSON by the server, cached by the browser), the optional tile setting and the sensors' states.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getConfig } from '../../shared/api/config';
import { call, client } from '../../shared/client';
import type { MapSensorDot, TileSetting } from './screen-map';

/** The communities' polygons: the same for the server's life (the browser caches them too). */
export const communitiesQuery = queryOptions({
  queryKey: ['cityops', 'map', 'communities'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cityops/map/communities', { signal })),
  staleTime: Infinity,
});

/** The sensors with their states. */
export const sensorsQuery = queryOptions({
  queryKey: ['cityops', 'sensors'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cityops/sensors', { params: { query: {} }, signal })),
});

export function useScreenMapData(): {
  geojson: GeoJSON.GeoJsonObject | null;
  tiles: TileSetting | null;
  sensors: MapSensorDot[];
} {
  const config = useQuery({ queryKey: ['config'], queryFn: getConfig, staleTime: Infinity });
  const map = useQuery(communitiesQuery);
  const sensors = useQuery({
    ...sensorsQuery,
    select: (d): MapSensorDot[] =>
      d.items.map((x) => ({ id: x.id, lat: x.lat, lng: x.lng, state: x.status, label: `${x.name} (${x.id})` })),
  });
  return { geojson: map.data ?? null, tiles: config.data?.mapTiles ?? null, sensors: sensors.data ?? [] };
}

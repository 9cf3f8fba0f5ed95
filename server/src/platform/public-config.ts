/**
 * `GET /api/config`: what the web apps need to know before anyone signs in — the city's region
 * and time zone (dates and times are shown in it), and the map tiles if any.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import { Nullable, Obj } from './http.ts';

export function publicConfigRoute(app: FastifyInstance, config: Config): void {
  app.get(
    '/api/config',
    {
      schema: {
        tags: ['platform'],
        security: [],
        summary:
          "Public settings: the city's region code and time zone (dates and times are shown in it), and the map tiles if set",
        response: {
          200: Obj(
            {
              regionCode: Type.String(),
              timeZone: Type.String({ description: 'IANA time zone, e.g. Asia/Shanghai' }),
              mapTiles: Nullable(
                Obj(
                  {
                    url: Type.String({ description: 'Leaflet URL template ({s}, {z}, {x}, {y})' }),
                    subdomains: Nullable(Type.String()),
                    attribution: Nullable(Type.String()),
                  },
                  { title: 'MapTiles', description: 'Tiles under the maps; null: the shipped polygons alone' },
                ),
              ),
            },
            { title: 'PublicConfig' },
          ),
        },
      },
    },
    async () => ({
      regionCode: config.regionCode,
      timeZone: config.timeZone,
      mapTiles: config.mapTiles
        ? {
            url: config.mapTiles.url,
            subdomains: config.mapTiles.subdomains ?? null,
            attribution: config.mapTiles.attribution ?? null,
          }
        : null,
    }),
  );
}

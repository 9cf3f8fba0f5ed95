/** HTTP routes of the sensor network: live states (the city screen), a device, the rules. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Items, errorAnswers } from '../../platform/http.ts';
import * as S from './cityops.sensors.schemas.ts';
import type { Sensors } from './cityops.sensors.service.ts';

export function sensorsRoutes(sensors: Sensors) {
  const tags = ['cityops'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/cityops/sensors',
      {
        schema: {
          tags,
          summary:
            'Live states of the sensor network of your region (物联感知: water level, air quality, manhole covers, streetlights, noise, hydrants)',
          querystring: S.SensorQuery,
          response: { 200: Items(S.SensorState) },
        },
      },
      async (request) => ({ items: await sensors.list(request.principal, request.query) }),
    );
    app.get(
      '/cityops/sensors/:id',
      {
        schema: {
          tags,
          summary: "A device: its live state, latest incidents and the last 24 hours' hourly aggregates",
          params: S.SensorIdParams,
          response: { 200: S.SensorDetail },
        },
      },
      async (request) => sensors.get(request.principal, request.params.id),
    );
    app.get(
      '/cityops/sensor-rules',
      {
        schema: {
          tags,
          summary: 'The rules that turn readings into events (threshold, rate of change, silence), with hysteresis',
          response: { 200: Items(S.SensorRuleView) },
        },
      },
      async (request) => ({ items: await sensors.rules(request.principal) }),
    );
    app.patch(
      '/cityops/sensor-rules/:id',
      {
        schema: {
          tags,
          summary: "Tune a rule's levels, window or silence time, or switch it off (city operators; audited)",
          params: S.SensorRuleIdParams,
          body: S.SensorRulePatch,
          response: { 200: S.SensorRuleView, ...errorAnswers(409, 422) },
        },
      },
      async (request) =>
        sensors.updateRule(request.principal, request.params.id, request.body, {
          requestId: String(request.id),
          ip: request.ip,
        }),
    );
  };
}

/** HTTP route of the efficiency statistics (统计分析): the dashboard of a department head or the supervisor. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../platform/http.ts';
import * as S from './supervision.statistics.schemas.ts';
import type { SupervisionService } from './supervision.service.ts';

export function statisticsRoutes(service: SupervisionService) {
  const tags = ['supervision'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/supervision/statistics',
      {
        schema: {
          tags,
          summary:
            'Efficiency statistics by ISO week, department and item: volumes and backlog, handling time (mean, 90th percentile) against the promised limit, zero-visit and fully-online shares, ratings. Supervisors: their region; department heads: their department only',
          querystring: S.StatisticsQuery,
          response: { 200: S.Statistics, ...errorAnswers(403, 422) },
        },
      },
      async (request) => service.statistics(request.principal, request.query),
    );
  };
}

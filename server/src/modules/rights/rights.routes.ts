/** HTTP routes of data-subject rights: the personal data export and the correction targets. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Items } from '../../platform/http.ts';
import * as S from './rights.schemas.ts';
import type { RightsService } from './rights.service.ts';

const origin = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });

export function rightsRoutes(service: RightsService) {
  const tags = ['rights'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/me/export',
      {
        schema: {
          tags,
          summary: '下载我的数据: everything the platform holds about me, as one JSON archive with a summary',
          response: { 200: S.PersonalDataExport },
        },
      },
      async (request, reply) => {
        const archive = await service.export(request.principal, origin(request));
        const day = archive.generatedAt.slice(0, 10).replaceAll('-', '');
        return reply
          .header('content-disposition', `attachment; filename="yiwang-my-data-${day}.json"`)
          .header('cache-control', 'private, no-store')
          .send(archive);
      },
    );

    app.get(
      '/me/corrections',
      {
        schema: {
          tags,
          summary:
            '申请更正: the registry records about me, by registry, with the correction item of the department keeping each',
          response: { 200: Items(S.CorrectionTarget) },
        },
      },
      async (request) => ({ items: await service.correctionTargets(request.principal) }),
    );
  };
}

/** HTTP routes of the preview before applying (数据共享 预览) and agreeing to it. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { PUBLIC, errorAnswers } from '../../platform/http.ts';
import { PrefillSourceList, prefillSources } from './exchange.prefill.ts';
import type { SharedDataPreviews } from './exchange.preview.ts';
import * as S from './exchange.preview-schemas.ts';
import { origin } from './exchange.routes.ts';

export function previewRoutes(previews: SharedDataPreviews) {
  const tags = ['exchange'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/exchange/prefill-sources',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            "The registry fields a form field may be prefilled from (its `prefill`: registry:<registry>.<field>); the applicant's own data are the PrefillSource values",
          response: { 200: PrefillSourceList },
        },
      },
      async () => prefillSources(),
    );

    app.post(
      '/exchange/preview',
      {
        schema: {
          tags,
          summary:
            "Before applying: each value the platform would use from the registries (the signed-in person's own, or their enterprise's), its source and why, and the documents shared instead of uploaded",
          body: S.PreviewTarget,
          response: { 200: S.SharedDataPreview, ...errorAnswers(400, 403, 404) },
        },
      },
      async (request) => previews.preview(request.principal, request.body),
    );

    app.post(
      '/exchange/preview/consent',
      {
        schema: {
          tags,
          summary:
            '同意并使用: give the consents the preview asks for (per item; versioned and revocable); an enterprise agent gives them for the enterprise',
          body: S.PreviewTarget,
          response: { 200: S.PreviewAgreed, ...errorAnswers(400, 403, 404) },
        },
      },
      async (request) => previews.agree(request.principal, request.body, origin(request)),
    );
  };
}

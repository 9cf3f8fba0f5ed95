/** HTTP routes of the exchange: the registry catalogue, sharing grants, consents. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePrincipal, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';
import { IdParams, PUBLIC, errorAnswers } from '../../platform/http.ts';
import * as S from './exchange.schemas.ts';
import type { ExchangeService } from './exchange.service.ts';

export const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

/** Registry reads from the console are staff work (the read path checks the post). */
function requireStaff(p: Principal | null): Principal {
  const principal = requirePrincipal(p);
  if (principal.kind !== 'staff') throw forbidden('Staff read registries for their department');
  return principal;
}

export function exchangeRoutes(service: ExchangeService) {
  const tags = ['exchange'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/exchange/registries',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'The base registries (基础库): owner, whose records, fields and their sensitivity',
          response: { 200: S.RegistryList },
        },
      },
      async () => service.registries(),
    );

    app.post(
      '/exchange/read',
      {
        schema: {
          tags,
          summary:
            'Read a registry for a department you hold a post in, for a case and purpose, under a grant (and consent); logged, refusals too',
          body: S.StaffReadBody,
          response: { 200: S.RegistryReadAnswer, ...errorAnswers(403, 404) },
        },
      },
      async (request) => {
        const principal = requireStaff(request.principal);
        const { department, ...req } = request.body;
        return service.read(
          { kind: 'staff', principal, departmentCode: department },
          { ...req, requestId: String(request.id) },
        );
      },
    );

    app.get(
      '/exchange/grants',
      {
        schema: {
          tags,
          summary: "Sharing grants of the caller's departments' registries, and the grants they received",
          querystring: S.GrantsQuery,
          response: { 200: S.GrantList, ...errorAnswers(403) },
        },
      },
      async (request) => service.listGrants(request.principal, request.query),
    );
    app.post(
      '/exchange/grants',
      {
        schema: {
          tags,
          summary:
            'Grant a department, a service item or a system read access to named fields (owning department admins)',
          body: S.NewGrantBody,
          response: { 201: S.Grant, ...errorAnswers(400, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        reply.code(201);
        return service.createGrant(request.principal, request.body, origin(request));
      },
    );
    app.post(
      '/exchange/grants/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Revoke a sharing grant: reads under it are refused from now on',
          params: IdParams,
          response: { 200: S.Grant, ...errorAnswers(403, 404, 409) },
        },
      },
      async (request) => service.revokeGrant(request.principal, request.params.id, origin(request)),
    );

    app.get(
      '/exchange/consents',
      {
        schema: {
          tags,
          summary: "The signed-in person's consents (the enterprise's when acting for one), newest first",
          response: { 200: S.ConsentList, ...errorAnswers(403) },
        },
      },
      async (request) => service.consentsOf(request.principal),
    );
    app.post(
      '/exchange/consents',
      {
        schema: {
          tags,
          summary: 'Agree that registry fields be used for a service item and purpose (a new version of the consent)',
          body: S.NewConsentBody,
          response: { 201: S.Consent, ...errorAnswers(400, 403) },
        },
      },
      async (request, reply) => {
        reply.code(201);
        return service.giveConsent(request.principal, request.body, origin(request));
      },
    );
    app.post(
      '/exchange/consents/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'Withdraw a consent: reads that needed it are refused from now on',
          params: IdParams,
          response: { 200: S.Consent, ...errorAnswers(403, 404, 409) },
        },
      },
      async (request) => service.withdrawConsent(request.principal, request.params.id, origin(request)),
    );
  };
}

/** HTTP routes of the bridge: the host page's view of an app, and mini-app payments. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../../platform/auth.ts';
import { errorAnswers, PUBLIC } from '../../platform/http.ts';
import type { BridgePayments } from './superapp.bridge.payments.ts';
import type { HostView } from './superapp.bridge.schemas.ts';
import * as S from './superapp.bridge.schemas.ts';

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });

export function bridgeRoutes(s: { host: HostView; payments: BridgePayments }) {
  const tags = ['superapp-bridge'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/superapp/apps/:slug/host',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            "What the super app's host page needs to open an app: its entry URL and origin (null when suspended or taken down)",
          params: S.SlugParams,
          response: { 200: S.HostApp, ...errorAnswers(404) },
        },
      },
      async (r) => s.host(r.params.slug),
    );
    app.post(
      '/superapp/apps/:slug/payments',
      {
        schema: {
          tags,
          summary:
            "Pay one of the app's orders through the platform's payment sheet (the signed-in resident); the same order again answers the same trade",
          params: S.SlugParams,
          body: S.PaymentBody,
          response: { 201: S.OpenedPayment, ...errorAnswers(403, 404, 409, 422) },
        },
      },
      async (r, reply) => reply.status(201).send(await s.payments.open(r.principal, r.params.slug, r.body, origin(r))),
    );
    app.get(
      '/superapp/payments/:tradeNo',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            "A mini-app payment's outcome by its trade number (the app's backend checks order and amount; no personal data)",
          params: S.TradeParams,
          response: { 200: S.BridgePayment, ...errorAnswers(404) },
        },
      },
      async (r) => s.payments.get(r.params.tradeNo),
    );
    app.post(
      '/superapp/payments/callbacks/:provider',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "The payment provider's signed callback for a mini-app payment",
          params: S.ProviderParams,
          response: { 200: S.CallbackAnswer, ...errorAnswers(400, 404) },
        },
      },
      async (r) => s.payments.callback(r.params.provider, r.headers, r.body),
    );
  };
}

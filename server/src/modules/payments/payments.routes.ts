/** HTTP routes of payments: orders and paying them, receipts, the provider's callback, finance work. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IdParams, PUBLIC, errorAnswers } from '../../platform/http.ts';
import * as S from './payments.schemas.ts';
import type { PaymentsService } from './payments.service.ts';

const meta = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });
const PdfBytes = {
  description: 'The receipt as a PDF',
  content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
};

/** A PDF as bytes with its own media type (not serialised as JSON). */
const sendPdf = (reply: FastifyReply, r: { fileName: string; pdf: Buffer }) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${r.fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(r.pdf);

export function paymentsRoutes(service: PaymentsService) {
  const tags = ['payments'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/payments/cases/:caseId/orders',
      {
        schema: {
          tags,
          summary: "A case's payment orders (the payer's own; all of them for staff of its region)",
          params: S.CaseParams,
          response: { 200: S.PaymentOrderList },
        },
      },
      async (request) => ({ items: await service.ofCase(request.principal, request.params.caseId) }),
    );

    app.get(
      '/payments/orders/:id',
      { schema: { tags, summary: 'One payment order', params: IdParams, response: { 200: S.PaymentOrder } } },
      async (request) => service.get(request.principal, request.params.id),
    );

    app.post(
      '/payments/orders/:id/pay',
      {
        schema: {
          tags,
          summary: "Pay an order: opens a trade with the provider and answers its hosted page's address",
          params: IdParams,
          body: S.PayBody,
          response: { 200: S.PayStart, ...errorAnswers(422) },
        },
      },
      async (request) => service.pay(request.principal, request.params.id, request.body.returnPath, meta(request)),
    );

    app.get(
      '/payments/orders/:id/receipt',
      {
        schema: {
          tags,
          summary: 'The electronic receipt (电子票据) of a paid order, as a PDF',
          params: IdParams,
          response: { 200: PdfBytes, ...errorAnswers(422) },
        },
      },
      async (request, reply) => sendPdf(reply, await service.pdf(request.principal, request.params.id)),
    );

    app.get(
      '/payments/receipts/verify',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Check a receipt by its number and verification code (what its QR code opens)',
          querystring: S.ReceiptQuery,
          response: { 200: S.ReceiptCheck },
        },
      },
      async (request) => service.verify(request.query.number, request.query.code),
    );

    app.post(
      '/payments/callbacks/:provider',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "A provider's signed payment callback (HMAC-SHA256 over the canonical body, in x-pay-signature)",
          params: S.ProviderParams,
          body: S.CallbackBody,
          response: { 200: S.CallbackAnswer },
        },
      },
      async (request) => ({
        result: await service.callback(request.params.provider, request.headers, request.body, meta(request)),
      }),
    );

    // Finance staff ---------------------------------------------------------------------------

    app.get(
      '/payments/orders',
      {
        schema: {
          tags,
          summary: 'Finance: the payment orders of my regions, newest first',
          querystring: S.OrderQuery,
          response: { 200: S.PaymentOrderPage },
        },
      },
      async (request) => service.list(request.principal, request.query),
    );

    app.post(
      '/payments/reconciliations',
      {
        schema: {
          tags,
          summary: "Finance: reconcile a day now (the provider's statement against the orders)",
          body: S.ReconcileBody,
          response: { 200: S.ReconcileResult },
        },
      },
      async (request) => {
        const r = await service.run(request.principal, request.body.day, meta(request));
        return {
          day: r.day,
          provider: r.provider,
          statementCount: r.statementCount,
          orderCount: r.orderCount,
          mismatchCount: r.mismatchCount,
        };
      },
    );

    app.get(
      '/payments/mismatches',
      {
        schema: {
          tags,
          summary: 'Finance: reconciliation mismatches (open ones by default)',
          querystring: S.MismatchQuery,
          response: { 200: S.MismatchPage },
        },
      },
      async (request) => service.mismatches(request.principal, request.query),
    );

    app.post(
      '/payments/mismatches/:id/resolve',
      {
        schema: {
          tags,
          summary: 'Finance: resolve a mismatch with a note (audited)',
          params: IdParams,
          body: S.ResolveBody,
          response: { 200: S.Mismatch },
        },
      },
      async (request) => service.resolve(request.principal, request.params.id, request.body.note, meta(request)),
    );
  };
}

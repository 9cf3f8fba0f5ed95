/**
 * HTTP routes of credentials: the public ones (JWKS, DID documents, status lists, verification)
 * and the holder's and the department's (wallet, rendering, shares, status changes, keys).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IdParams, NoContent, PUBLIC, errorAnswers } from '../../platform/http.ts';
import { STATUS_TTL_MS } from './credentials.status.ts';
import * as S from './credentials.schemas.ts';
import type { CredentialsService } from './credentials.service.ts';

const meta = (r: FastifyRequest) => ({ requestId: String(r.id), ip: r.ip });
const tags = ['credentials'];
const PUBLIC_CACHE = 'public, max-age=300';

/** A PDF as bytes with its own media type (not serialised as JSON). */
const sendPdf = (reply: FastifyReply, r: { fileName: string; pdf: Buffer }) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${r.fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(r.pdf);

export function credentialsRoutes(service: CredentialsService) {
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/credentials/issuers/:dept/jwks.json',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "An issuing department's public keys (JWKS), the retired ones too (they verify what they signed)",
          params: S.DeptParams,
          response: { 200: S.Jwks, ...errorAnswers(404) },
        },
      },
      async (request, reply) => {
        const keys = await service.published(request.params.dept);
        void reply.header('cache-control', PUBLIC_CACHE);
        return { keys: keys.map((k) => k.jwk) };
      },
    );

    app.post(
      '/credentials/issuers/:dept/rotate',
      {
        schema: {
          tags,
          summary: "Rotate the department's issuer key (its admin): older certificates stay verifiable",
          params: S.DeptParams,
          response: { 200: S.RotateAnswer, ...errorAnswers(403) },
        },
      },
      async (request) => service.rotate(request.principal, request.params.dept, meta(request)),
    );

    app.get(
      '/credentials/status/:dept/:purpose',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            'The Bitstring Status List credential of an issuer for a purpose (revocation or suspension), as a vc+jwt',
          params: S.StatusParams,
          response: {
            200: {
              description: 'The status list credential (JWT)',
              content: { 'application/vc+jwt': { schema: Type.String() } },
            },
            304: { description: 'Not modified', content: { 'application/vc+jwt': { schema: Type.String() } } },
            ...errorAnswers(404),
          },
        },
      },
      async (request, reply) => {
        const list = await service.list(request.params.dept, request.params.purpose);
        void reply
          .header('cache-control', `public, max-age=${STATUS_TTL_MS / 1000}`)
          .header('etag', list.etag)
          .header('content-type', 'application/vc+jwt');
        if (request.headers['if-none-match'] === list.etag) return reply.status(304).send('');
        return reply.send(list.jwt);
      },
    );

    app.post(
      '/credentials/verify',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary:
            'Verify a certificate: its JWT, a share link or its QR code; answers valid, revoked, suspended, expired, forged or unknown_issuer, naming the issuer',
          body: S.VerifyBody,
          response: { 200: S.VerifyAnswer, ...errorAnswers(400) },
        },
      },
      async (request) => service.verify(request.body.input, meta(request)),
    );

    app.get(
      '/credentials/verify',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'The same check as POST, for a link or a short QR payload in the query',
          querystring: S.VerifyQuery,
          response: { 200: S.VerifyAnswer, ...errorAnswers(400) },
        },
      },
      async (request) => service.verify(request.query.input, meta(request)),
    );

    app.get(
      '/credentials/mine',
      {
        schema: {
          tags,
          summary: "The card wallet (卡包): one's certificates, or the enterprise's while acting for it",
          response: { 200: S.CertificateList },
        },
      },
      async (request) => ({ items: await service.mine(request.principal) }),
    );

    app.get(
      '/credentials/cases/:caseId',
      {
        schema: {
          tags,
          summary: "A case's certificates (its result), for whoever may see them",
          params: S.CaseParams,
          response: { 200: S.CertificateList },
        },
      },
      async (request) => ({ items: await service.ofCase(request.principal, request.params.caseId) }),
    );

    app.get(
      '/credentials/certificates/:id',
      {
        schema: {
          tags,
          summary: 'One certificate with its credential (JWT): the holder, or the issuing department',
          params: IdParams,
          response: { 200: S.CertificateDetail, ...errorAnswers(404) },
        },
      },
      async (request) => service.get(request.principal, request.params.id),
    );

    app.get(
      '/credentials/certificates/:id/pdf',
      {
        schema: {
          tags,
          summary: 'The certificate as a PDF with its QR code',
          params: IdParams,
          response: {
            200: {
              description: 'The PDF',
              content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
            },
            ...errorAnswers(404),
          },
        },
      },
      async (request, reply) => sendPdf(reply, await service.pdf(request.principal, request.params.id)),
    );

    app.get(
      '/credentials/certificates/:id/html',
      {
        schema: {
          tags,
          summary: 'The certificate as an HTML page with its QR code',
          params: IdParams,
          response: {
            200: { description: 'The page', content: { 'text/html': { schema: Type.String() } } },
            ...errorAnswers(404),
          },
        },
      },
      async (request, reply) =>
        reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .send(await service.html(request.principal, request.params.id)),
    );

    app.get(
      '/credentials/certificates/:id/status',
      {
        schema: {
          tags,
          summary: "A certificate's revocations, suspensions and reinstatements",
          params: IdParams,
          response: { 200: S.StatusHistory, ...errorAnswers(404) },
        },
      },
      async (request) => ({ items: await service.history(request.principal, request.params.id) }),
    );

    app.post(
      '/credentials/certificates/:id/status',
      {
        schema: {
          tags,
          summary:
            'Revoke, suspend or reinstate a certificate (staff of the issuing department), with a reason and a legal basis',
          params: IdParams,
          body: S.StatusChangeBody,
          response: { 200: S.StatusChanged, ...errorAnswers(404, 409, 422) },
        },
      },
      async (request) => service.change(request.principal, request.params.id, request.body, meta(request)),
    );

    app.get(
      '/credentials/certificates/:id/shares',
      {
        schema: {
          tags,
          summary: "A certificate's share links (the holder)",
          params: IdParams,
          response: { 200: S.ShareList },
        },
      },
      async (request) => ({ items: await service.shares(request.principal, request.params.id) }),
    );

    app.post(
      '/credentials/certificates/:id/shares',
      {
        schema: {
          tags,
          summary: 'Share a certificate by a time-limited link (the holder); the link is shown once',
          params: IdParams,
          body: S.ShareBody,
          response: { 200: S.ShareCreated, ...errorAnswers(404) },
        },
      },
      async (request) => service.share(request.principal, request.params.id, request.body.minutes, meta(request)),
    );

    app.delete(
      '/credentials/shares/:id',
      {
        schema: {
          tags,
          summary: 'Withdraw a share link (the holder)',
          params: IdParams,
          response: { 204: NoContent, ...errorAnswers(404) },
        },
      },
      async (request, reply) => {
        await service.unshare(request.principal, request.params.id, meta(request));
        return reply.status(204).send(null);
      },
    );
  };
}

/** did:web documents, at the paths the did:web method resolves to (outside /api). */
export function didRoutes(service: CredentialsService) {
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/issuers/:dept/did.json',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "An issuing department's DID document (did:web:<host>:issuers:<dept>)",
          params: S.DeptParams,
          response: { 200: S.DidDocument, ...errorAnswers(404) },
        },
      },
      async (request, reply) => {
        void reply.header('cache-control', PUBLIC_CACHE);
        return service.didDocument(request.params.dept);
      },
    );
  };
}

/** HTTP routes of identity: parse, call the service, answer (DESIGN.md §3.5). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { randomToken } from '../../platform/ids.ts';
import { IdParams, Items, NoContent, Obj, Paged, Uuid, PUBLIC, errorAnswers } from '../../platform/http.ts';
import * as S from './identity.schemas.ts';
import type { IdentityService, RequestMeta } from './identity.service.ts';

export const SESSION_COOKIE = 'yw_session';
export const CSRF_COOKIE = 'yw_csrf';

export interface CookiePolicy {
  /** Secure cookies: always when the public URL is https, else when the request came over TLS. */
  secure: (request: FastifyRequest) => boolean;
}

export const meta = (request: FastifyRequest): RequestMeta => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
  requestId: String(request.id),
});

export function identityRoutes(service: IdentityService, cookies: CookiePolicy) {
  const setSession = (
    request: FastifyRequest,
    reply: FastifyReply,
    s: { token: string; csrfToken: string; expiresAt: Date },
  ) => {
    const secure = cookies.secure(request);
    void reply.setCookie(SESSION_COOKIE, s.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      expires: s.expiresAt,
    });
    void reply.setCookie(CSRF_COOKIE, s.csrfToken, {
      path: '/',
      httpOnly: false,
      sameSite: 'lax',
      secure,
      expires: s.expiresAt,
    });
  };
  const clearSession = (reply: FastifyReply) => {
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  };
  const token = (request: FastifyRequest) => request.cookies[SESSION_COOKIE] ?? '';
  const tags = ['identity'];

  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/auth/csrf',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'Get (and set as cookie) the CSRF token to send as x-csrf-token on writes',
          response: { 200: Obj({ csrfToken: Type.String() }, { title: 'CsrfToken' }) },
        },
      },
      async (request, reply) => {
        const csrfToken = request.principal?.csrfToken ?? request.cookies[CSRF_COOKIE] ?? randomToken(24);
        void reply.setCookie(CSRF_COOKIE, csrfToken, {
          path: '/',
          httpOnly: false,
          sameSite: 'lax',
          secure: cookies.secure(request),
        });
        return { csrfToken };
      },
    );

    app.post(
      '/auth/login',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'Sign in with a password; staff continue with /auth/totp',
          body: S.LoginBody,
          response: { 200: S.LoginReply, ...errorAnswers(401, 429) },
        },
      },
      async (request, reply) => {
        const r = await service.login(request.body, meta(request));
        if (r.status === 'totp_required') return r;
        setSession(request, reply, r);
        return { status: 'ok' as const, me: r.me };
      },
    );

    app.post(
      '/auth/totp',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary:
            'Second factor for staff: the 6-digit TOTP code (after a reset by the security admin, a new password follows)',
          body: S.TotpBody,
          response: { 200: S.TotpReply, ...errorAnswers(401, 429) },
        },
      },
      async (request, reply) => {
        const r = await service.verifySecondFactor(request.body, meta(request));
        if (r.status === 'password_change_required') return r;
        setSession(request, reply, r);
        return { status: 'ok' as const, me: r.me };
      },
    );

    app.post(
      '/auth/new-password',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Set a new password after a reset by the security admin; the session opens',
          body: S.NewPasswordBody,
          response: { 200: S.OkMe, ...errorAnswers(401, 429) },
        },
      },
      async (request, reply) => {
        const r = await service.completeNewPassword(request.body, meta(request));
        setSession(request, reply, r);
        return { status: 'ok' as const, me: r.me };
      },
    );

    app.post(
      '/auth/phone-codes',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary:
            'Send a one-time code to a phone, to register or to recover a password (the same answer for any phone)',
          body: S.PhoneCodeBody,
          response: { 202: S.PhoneCodeReply, ...errorAnswers(429) },
        },
      },
      async (request, reply) => reply.status(202).send(await service.requestCode(request.body, meta(request))),
    );

    app.post(
      '/auth/password-reset',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'Set a new password with the code sent to the phone; every session ends',
          body: S.PasswordResetBody,
          response: { 204: NoContent, ...errorAnswers(422, 429) },
        },
      },
      async (request, reply) => {
        await service.resetPassword(request.body, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/register',
      {
        schema: {
          ...PUBLIC,
          tags,
          summary: 'Register a citizen account (real-name level: registered)',
          body: S.RegisterBody,
          response: { 201: S.OkMe, ...errorAnswers(422, 429) },
        },
      },
      async (request, reply) => {
        const r = await service.register(request.body, meta(request));
        setSession(request, reply, r);
        return reply.status(201).send({ status: 'ok' as const, me: r.me });
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: { ...PUBLIC, tags, summary: 'End this session', response: { 204: NoContent } },
      },
      async (request, reply) => {
        await service.logout(request.principal, String(request.id), request.ip);
        clearSession(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: { tags, summary: 'Who am I', response: { 200: S.MeSchema } },
      },
      async (request) => service.me(request.principal),
    );

    app.get(
      '/session',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: 'Signed in or not (200 either way): who is signed in, or signedIn false',
          response: { 200: S.SessionState },
        },
      },
      async (request) => service.sessionState(request.principal),
    );

    app.get(
      '/me/prefill',
      {
        schema: {
          tags,
          summary: 'What the account holds about the signed-in person (and the enterprise acted for), to prefill forms',
          response: { 200: S.OwnData },
        },
      },
      async (request) => service.prefill(request.principal),
    );

    app.post(
      '/me/password',
      {
        schema: {
          tags,
          summary: 'Change the password; every other session ends',
          body: S.PasswordBody,
          response: { 204: NoContent, ...errorAnswers(404, 429) },
        },
      },
      async (request, reply) => {
        const s = await service.changePassword(request.principal, request.body, meta(request));
        setSession(request, reply, s);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/sessions',
      {
        schema: { tags, summary: 'My active sessions', response: { 200: Items(S.SessionItem) } },
      },
      async (request) => ({ items: await service.listSessions(request.principal) }),
    );

    app.delete(
      '/me/sessions/:id',
      {
        schema: {
          tags,
          summary: 'End one of my sessions',
          params: IdParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.endSession(request.principal, request.params.id, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/data-access',
      {
        schema: {
          tags,
          summary: 'Who read my personal data, when and for what',
          response: { 200: Items(S.DataAccessItem) },
        },
      },
      async (request) => ({ items: await service.myDataAccess(request.principal) }),
    );

    app.get(
      '/me/enterprises',
      {
        schema: {
          tags,
          summary: 'Enterprises I may act for',
          response: { 200: Items(S.EnterpriseItem) },
        },
      },
      async (request) => ({ items: await service.myEnterprises(request.principal) }),
    );

    app.post(
      '/me/acting-as',
      {
        schema: {
          tags,
          summary: 'Act for an enterprise (null: as myself)',
          body: S.ActingAsBody,
          response: { 200: S.MeSchema, ...errorAnswers(404) },
        },
      },
      async (request) => service.actAs(request.principal, request.body.enterpriseId, meta(request), token(request)),
    );

    app.get(
      '/enterprises/:id/agents',
      {
        schema: {
          tags,
          summary: 'Agents of an enterprise (legal representative only)',
          params: IdParams,
          response: { 200: Items(S.AgentItem) },
        },
      },
      async (request) => ({ items: await service.listAgents(request.principal, request.params.id) }),
    );

    app.post(
      '/enterprises/:id/agents',
      {
        schema: {
          tags,
          summary: 'Authorise a verified person as agent',
          params: IdParams,
          body: S.GrantAgentBody,
          response: {
            201: Obj({ accountId: Uuid(), displayName: Type.String() }, { title: 'GrantedAgent' }),
            ...errorAnswers(422),
          },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.grantAgent(request.principal, request.params.id, request.body, meta(request))),
    );

    app.delete(
      '/enterprises/:id/agents/:accountId',
      {
        schema: {
          tags,
          summary: 'Withdraw an agent',
          params: Obj({ id: Uuid(), accountId: Uuid() }),
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.revokeAgentOf(request.principal, request.params.id, request.params.accountId, meta(request));
        return reply.status(204).send(null);
      },
    );

    const admin = ['identity admin'];
    app.post(
      '/admin/staff',
      {
        schema: {
          tags: admin,
          summary: 'Create a staff account (system admin)',
          body: S.CreateStaffBody,
          response: { 201: S.CreateStaffReply },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createStaff(request.principal, request.body, meta(request))),
    );

    app.get(
      '/admin/accounts',
      {
        schema: {
          tags: admin,
          summary: 'Accounts (system or security admin)',
          querystring: S.AccountQuery,
          response: { 200: Paged(S.AccountItem) },
        },
      },
      async (request) => service.listAccounts(request.principal, request.query),
    );

    app.post(
      '/admin/accounts/:id/status',
      {
        schema: {
          tags: admin,
          summary: 'Disable or enable an account (security admin)',
          params: IdParams,
          body: S.StatusBody,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.setStatus(request.principal, request.params.id, request.body, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/admin/accounts/:id/roles/:role',
      {
        schema: {
          tags: admin,
          summary: 'Grant an account-level role (security admin; 三员分立 enforced)',
          params: S.RoleParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.grantRole(request.principal, request.params.id, request.params.role, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/admin/accounts/:id/roles/:role',
      {
        schema: {
          tags: admin,
          summary: 'Revoke an account-level role (security admin)',
          params: S.RoleParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.revokeRole(request.principal, request.params.id, request.params.role, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/admin/accounts/:id/totp-reset',
      {
        schema: {
          tags: admin,
          summary: "Reset a staff member's second factor (security admin)",
          params: IdParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.resetTotp(request.principal, request.params.id, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/admin/accounts/:id/recovery',
      {
        schema: {
          tags: admin,
          summary:
            "Reset a staff member's password and second factor (security admin): a temporary password; a new one and a new second factor at the next sign-in",
          params: IdParams,
          response: { 200: S.RecoveryReply, ...errorAnswers(409) },
        },
      },
      async (request) => service.recoverStaff(request.principal, request.params.id, meta(request)),
    );

    app.post(
      '/admin/accounts/:id/verify-in-person',
      {
        schema: {
          tags: admin,
          summary: 'Record an in-person identity check at a window (clerk)',
          params: IdParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.verifyInPerson(request.principal, request.params.id, meta(request));
        return reply.status(204).send(null);
      },
    );
  };
}

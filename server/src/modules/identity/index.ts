/**
 * identity — accounts (citizen, staff), enterprises and their agents, real-name assurance,
 * credentials, sessions, the staff second factor, account-level roles.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { IdentitySettings } from '../../config.ts';
import { AppError } from '../../platform/errors.ts';
import { defineModule } from '../../platform/module.ts';
import { identityErrors } from './identity.errors.ts';
import { PII } from '../../platform/pii.ts';
import { identityMigrations } from './migrations/index.ts';
import { CODE_JOB } from './identity.codes.ts';
import { identityPermissions } from './identity.policy.ts';
import { CSRF_COOKIE, SESSION_COOKIE, identityRoutes, type CookiePolicy } from './identity.routes.ts';
import { identityService, type IdentityService, type SessionView } from './identity.service.ts';
import { identityEvents, type IdentityEvents } from './identity.events.ts';

export {
  FIELD,
  FIXED_PREFILLS,
  type IdentityService,
  type Me,
  type Messenger,
  type PostSource,
  type SeedAccount,
  type SeedEnterprise,
} from './identity.service.ts';
export { SESSION_COOKIE, CSRF_COOKIE } from './identity.routes.ts';
export { PREFILL_SOURCES } from './identity.schemas.ts';

export { identityEvents, type IdentityEvents } from './identity.events.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface IdentityApi {
  service: IdentityService;
  /** Root onRequest hook: resolves the session cookie into request.principal and refuses cross-site writes. */
  authenticateRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  /**
   * Exempt writes under an API path prefix from the CSRF check: only routes that authenticate
   * each request themselves (a payment provider's signed callback, its hosted page's token).
   */
  exemptFromCsrf(prefix: string): void;
}

export const identityModule = defineModule<
  IdentityApi,
  { settings: IdentitySettings; cookies: CookiePolicy },
  IdentityEvents
>({
  name: 'identity',
  migrations: identityMigrations,
  permissions: identityPermissions,
  events: identityEvents,
  errors: identityErrors,
  sealed: [
    {
      table: 'identity.accounts',
      key: ['id'],
      column: 'id_number_enc',
      context: PII.citizenId,
      blindIndex: 'id_number_index',
    },
    { table: 'identity.accounts', key: ['id'], column: 'phone_enc', context: PII.phone, blindIndex: 'phone_index' },
    { table: 'identity.accounts', key: ['id'], column: 'totp_secret_enc', context: PII.totpSecret },
    { table: 'identity.enterprises', key: ['id'], column: 'address_enc', context: PII.address },
    // the registry's legal representative, as the index of a citizen ID number held by the roster or an account
    { table: 'identity.enterprises', key: ['id'], copiedBlindIndex: 'legal_rep_id_index', context: PII.citizenId },
  ],
  create(platform, deps) {
    const service = identityService(platform, deps.settings);
    // One-time codes go out after commit, through a durable job (identity.codes.ts).
    platform.jobs.register<Parameters<typeof service.deliver>[0]['payload']>(CODE_JOB, (job) => service.deliver(job));
    const csrfExempt: string[] = [];
    return {
      plugin: identityRoutes(service, deps.cookies),
      api: {
        service,
        exemptFromCsrf(prefix: string) {
          if (!prefix.startsWith('/api/') || !prefix.endsWith('/'))
            throw new Error(`not an API path prefix: ${prefix}`);
          csrfExempt.push(prefix);
        },
        authenticateRequest(request, _reply, done) {
          const token = request.cookies[SESSION_COOKIE];
          const finish = (view: SessionView | null) => {
            request.principal = view?.principal ?? null;
            if (SAFE.has(request.method) || !request.url.startsWith('/api/')) return done();
            // Routes with an authentication of their own (a provider's signed callback, its hosted page's token).
            for (const prefix of csrfExempt) if (request.url.startsWith(prefix)) return done();
            // CSRF: a write must echo the token a same-origin script can read (double submit,
            // bound to the session when there is one). Cross-site pages cannot read it.
            const header = request.headers['x-csrf-token'];
            const expected = view ? view.principal.csrfToken : request.cookies[CSRF_COOKIE];
            if (typeof header !== 'string' || !expected || header !== expected) {
              return done(
                new AppError(
                  403,
                  'CSRF_REJECTED',
                  'Missing or wrong x-csrf-token header; read it from GET /api/auth/csrf',
                ),
              );
            }
            done();
          };
          if (!token) return finish(null);
          // Most requests are answered from the session cache without a promise.
          const cached = service.authenticateCached(token);
          if (cached !== undefined) return finish(cached);
          service.authenticate(token).then(finish, (err: unknown) => done(err as Error));
        },
      },
    };
  },
});

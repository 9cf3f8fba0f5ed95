/**
 * credentials — electronic certificates (电子证照) as W3C Verifiable Credentials 2.0 secured as
 * JWTs: issued when a case completes for an item whose result is a certificate, signed with
 * the issuing department's key (published as a JWKS and a did:web document), revocable and
 * suspendable through Bitstring Status Lists, verifiable by anyone (online and offline),
 * registered as shared evidence in the exchange, kept in the holder's card wallet (卡包).
 */
import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/module.ts';
import { PII } from '../../platform/pii.ts';
import { applicationsEvents, CASE_CHANGED } from '../applications/index.ts';
import { ISSUER_KEY_CONTEXT, type CredentialsDeps } from './credentials.context.ts';
import { credentialsErrors } from './credentials.errors.ts';
import { credentialsEvents, type CredentialsEvents } from './credentials.events.ts';
import { credentialsPermissions } from './credentials.policy.ts';
import { credentialsRoutes, didRoutes } from './credentials.routes.ts';
import { credentialsService, type CredentialsService } from './credentials.service.ts';
import { credentialsMigrations } from './migrations/index.ts';

export type { CredentialsService } from './credentials.service.ts';
export type { CredentialsDeps } from './credentials.context.ts';
export {
  credentialsEvents,
  CERTIFICATE_ISSUED,
  CERTIFICATE_STATUS_CHANGED,
  type CredentialsEvents,
} from './credentials.events.ts';
export { SUITES, type Signer, type SignatureSuite } from './signer.ts';

export interface CredentialsApi {
  service: CredentialsService;
  /** The did:web documents, mounted at the root (not under /api). */
  rootPlugin: (fastify: FastifyInstance) => Promise<void>;
}

export const credentialsModule = defineModule<CredentialsApi, CredentialsDeps, CredentialsEvents>({
  name: 'credentials',
  migrations: credentialsMigrations,
  permissions: credentialsPermissions,
  events: credentialsEvents,
  errors: credentialsErrors,
  sealed: [
    { table: 'credentials.issuer_keys', key: ['kid'], column: 'private_sealed', context: ISSUER_KEY_CONTEXT },
    {
      table: 'credentials.certificates',
      key: ['id'],
      column: 'holder_enc',
      context: PII.citizenId,
      blindIndex: 'holder_index',
    },
    {
      table: 'credentials.certificate_holders',
      key: ['certificate_id', 'role'],
      column: 'holder_enc',
      context: PII.citizenId,
      blindIndex: 'holder_index',
    },
  ],
  create(platform, deps) {
    const service = credentialsService(platform, deps);
    platform.outbox.subscribe(applicationsEvents, CASE_CHANGED, 'credentials.issue', (e) => service.onCaseChanged(e));
    return {
      plugin: credentialsRoutes(service),
      api: { service, rootPlugin: didRoutes(service) },
    };
  },
});

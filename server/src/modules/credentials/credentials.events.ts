/** The events the credentials module emits: a certificate issued, and its status changed (the transparency log records both). */
import { Type, type Static } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';

export const CERTIFICATE_ISSUED = 'credentials.certificate.issued';
export const CERTIFICATE_STATUS_CHANGED = 'credentials.certificate.status-changed';

const CertificateEvent = Type.Object({
  certificateId: Type.String({ minLength: 1 }),
  number: Type.String({ minLength: 1 }),
  departmentCode: Type.String({ minLength: 1 }),
  caseId: Type.String({ minLength: 1 }),
  /** SHA-256 (hex) of the credential's JWT: what the log commits to. */
  digest: Type.String({ minLength: 64, maxLength: 64 }),
  action: Type.Enum(['issue', 'revoke', 'suspend', 'reinstate']),
});
export type CertificateEventPayload = Static<typeof CertificateEvent>;

export const credentialsEvents = defineEvents({
  [CERTIFICATE_ISSUED]: CertificateEvent,
  [CERTIFICATE_STATUS_CHANGED]: CertificateEvent,
});
export type CredentialsEvents = typeof credentialsEvents;

/** What every use case of the credentials module works with. */
import type { Kysely, Transaction } from 'kysely';
import type { Platform, Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { DocumentRef, NewRecord, RecordStatus } from '../exchange/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import type { CredentialsEvents } from './credentials.events.ts';
import type { CredentialsTables } from './credentials.tables.ts';

export type CredDb = Kysely<CredentialsTables>;

export interface CredentialsDeps {
  catalog: Pick<CatalogService, 'resolveItem'>;
  org: Pick<OrgService, 'departmentFacts'>;
  identity: Pick<IdentityService, 'principalOf' | 'valuesOf'>;
  /** Register an issued certificate in the exchange's `documents` registry, in our transaction. */
  registerDocument(tx: Transaction<object>, record: NewRecord, now: Date): Promise<void>;
  /** Tell the `documents` registry a certificate was revoked, suspended or reinstated, in our transaction. */
  setDocumentStatus(tx: Transaction<object>, ref: DocumentRef, status: RecordStatus, now: Date): Promise<number>;
  /** A completed case's form values (the newborn a 出生医学证明 names), or null when there is no such case. */
  caseForm(caseId: string): Promise<Record<string, unknown> | null>;
  /** The platform's public URL (the DIDs and the QR codes' links), or null (then http://localhost). */
  publicUrl: string | null;
  /** The signature suite new issuer keys use (JWS alg): EdDSA (Ed25519) by default, or ES256. */
  keyAlg?: string;
}

export interface Context {
  readonly p: Platform<CredentialsEvents>;
  readonly db: CredDb;
  readonly deps: CredentialsDeps;
  /** The public base URL, without a trailing slash. */
  readonly base: string;
}

export const contextOf = (platform: Platform<CredentialsEvents>, deps: CredentialsDeps): Context => ({
  p: platform,
  db: scoped<CredentialsTables>(platform.db),
  deps,
  base: (deps.publicUrl ?? 'http://localhost').replace(/\/+$/, ''),
});

export const inTx = (w: Work<CredentialsEvents>): CredDb => scoped<CredentialsTables>(w.tx);

/** The context issuer private keys are sealed under. */
export const ISSUER_KEY_CONTEXT = 'credentials.issuer-key';

export type StatusPurpose = 'revocation' | 'suspension';
export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

/**
 * did:web of a department (W3C did:web: the host, `%3A` for a port, the path's segments as
 * `:`): https://gov.example/issuers/AMR/did.json ⇄ did:web:gov.example:issuers:AMR.
 */
export function didOf(base: string, departmentCode: string): string {
  const url = new URL(base);
  const path = url.pathname.split('/').filter(Boolean);
  return ['did:web', encodeURIComponent(url.host), ...path, 'issuers', departmentCode].join(':');
}

/** The department a did:web of ours names, or null (another host, or not an issuer DID). */
export function departmentOfDid(base: string, did: string): string | null {
  const prefix = didOf(base, '');
  if (!did.startsWith(prefix)) return null;
  const code = did.slice(prefix.length);
  return /^[A-Z]{2,8}$/.test(code) ? code : null;
}

export const statusListUrl = (base: string, departmentCode: string, purpose: StatusPurpose) =>
  `${base}/api/credentials/status/${departmentCode}/${purpose}`;

/**
 * Status (证照状态): revocation (注销/吊销) and suspension (暂停) through a W3C Bitstring Status
 * List credential per issuer and purpose, at a stable URL. Revoking, suspending and
 * reinstating are actions of the issuing department's staff, with a reason and a legal
 * basis, audited and announced, and told to the exchange's registry of issued documents (in the
 * same transaction). Revocation is final; a suspension may be lifted.
 */
import { createHash } from 'node:crypto';
import { principalActor, requirePrincipal, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { PII } from '../../platform/pii.ts';
import { didOf, inTx, statusListUrl, type Context, type StatusPurpose } from './credentials.context.ts';
import { CERTIFICATE_STATUS_CHANGED } from './credentials.events.ts';
import { certificateFor } from './credentials.holders.ts';
import { isoSeconds, VC_CONTEXT } from './credentials.issuance.ts';
import type { IssuerKeys } from './credentials.keys.ts';
import { policy } from './credentials.policy.ts';
import * as repo from './credentials.repository.ts';
import type { StatusAction } from './credentials.tables.ts';
import { compactJws } from './signer.ts';
import { encodeList } from './status-list.ts';
import type { StatusBits } from './credentials.caches.ts';

/** How long verifiers may cache a status list (ms): the `ttl` of the list and its Cache-Control. */
export const STATUS_TTL_MS = 60_000;

export interface StatusChangeInput {
  action: StatusAction;
  reason: string;
  legalBasis: string;
}

export class Status {
  private readonly c: Context;
  private readonly keys: IssuerKeys;
  private readonly lists = new Map<string, { encoded: string; jwt: string; etag: string }>();
  private readonly bits: StatusBits;

  constructor(context: Context, keys: IssuerKeys, bits: StatusBits) {
    this.c = context;
    this.keys = keys;
    this.bits = bits;
  }

  /** The department's status list credential for a purpose, as a vc+jwt (re-signed only when the list changed). */
  async list(departmentCode: string, purpose: StatusPurpose): Promise<{ jwt: string; etag: string }> {
    if (!(await repo.currentKey(this.c.db, departmentCode)))
      throw notFound('STATUS_LIST_NOT_FOUND', 'No such status list');
    const encoded = encodeList(await repo.setPositions(this.c.db, departmentCode, purpose));
    const key = `${departmentCode}/${purpose}`;
    const kept = this.lists.get(key);
    if (kept && kept.encoded === encoded) return kept;
    const url = statusListUrl(this.c.base, departmentCode, purpose);
    const signer = await this.keys.signerOf(departmentCode);
    const now = this.c.p.clock.now();
    const jwt = compactJws(
      signer,
      { typ: 'vc+jwt' },
      {
        '@context': [VC_CONTEXT],
        id: url,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: didOf(this.c.base, departmentCode),
        validFrom: isoSeconds(now),
        credentialSubject: {
          id: `${url}#list`,
          type: 'BitstringStatusList',
          statusPurpose: purpose,
          encodedList: encoded,
          ttl: STATUS_TTL_MS,
        },
      },
    );
    const made = { encoded, jwt, etag: `"${createHash('sha256').update(encoded).digest('base64url').slice(0, 27)}"` };
    this.lists.set(key, made);
    return made;
  }

  /** Revoke, suspend or reinstate a certificate: staff of the issuing department; audited. */
  async change(p: Principal | null, id: string, input: StatusChangeInput, meta: { requestId: string; ip: string }) {
    const principal = requirePrincipal(p);
    const known = policy.manage(principal, await repo.certificateById(this.c.db, id));
    // The verify endpoint's bits of the department are dropped once the change is committed (or failed).
    const done = command(this.c.p, principalActor(principal, meta), async (w) => {
      const db = inTx(w);
      const cert = policy.manage(principal, await repo.certificateByIdForUpdate(db, id));
      if (cert.revoked_at) throw new AppError(422, 'CERTIFICATE_REVOKED', 'The certificate is revoked for good');
      const unchanged =
        (input.action === 'suspend' && cert.suspended_at) || (input.action === 'reinstate' && !cert.suspended_at);
      if (unchanged) throw conflict('CERTIFICATE_STATUS_UNCHANGED', 'The certificate is already in that state');
      const set =
        input.action === 'revoke'
          ? { revoked_at: w.now }
          : input.action === 'suspend'
            ? { suspended_at: w.now }
            : { suspended_at: null };
      await repo.updateCertificate(db, id, set);
      // The exchange's registry of issued documents (电子证照库) says so too: a later filing does
      // not take a revoked or suspended certificate as evidence.
      const pr = this.c.p.protector;
      const applicant = pr.open(cert.holder_enc, PII.citizenId);
      const others = (await repo.holdersOf(db, id)).map((h) => ({ idNumber: pr.open(h.holder_enc, PII.citizenId) }));
      await this.c.deps.setDocumentStatus(
        w.tx,
        {
          subjects: [cert.holder_kind === 'enterprise' ? { uscc: applicant } : { idNumber: applicant }, ...others],
          recordType: cert.record_type,
          number: cert.number,
        },
        input.action === 'revoke' ? 'revoked' : input.action === 'suspend' ? 'suspended' : 'valid',
        w.now,
      );
      await repo.insertStatusChange(db, {
        id: uuidv7(w.now.getTime()),
        certificate_id: id,
        action: input.action,
        reason: input.reason,
        legal_basis: input.legalBasis,
        actor_id: principal.accountId,
        at: w.now,
      });
      const digest = createHash('sha256').update(cert.jwt).digest('hex');
      await w.audit({
        action: `credentials.certificate.${input.action === 'revoke' ? 'revoked' : input.action === 'suspend' ? 'suspended' : 'reinstated'}`,
        resourceType: 'certificate',
        resourceId: id,
        regionCode: cert.region_code,
        change: { reason: input.reason, legalBasis: input.legalBasis },
        detail: { number: cert.number, departmentCode: cert.department_code, legalBasis: input.legalBasis },
      });
      await w.emit(
        CERTIFICATE_STATUS_CHANGED,
        {
          certificateId: id,
          number: cert.number,
          departmentCode: cert.department_code,
          caseId: cert.case_id,
          digest,
          action: input.action,
        },
        cert.region_code,
      );
      return { id, status: statusOf({ ...cert, ...set }), at: w.now.toISOString() };
    });
    return done.finally(() => this.bits.invalidate(known.department_code));
  }

  /** A certificate's status history (issuing department's staff, or its holder). */
  async history(p: Principal | null, id: string) {
    const principal = requirePrincipal(p);
    policy.view(principal, await certificateFor(this.c, principal, id));
    return (await repo.statusChangesOf(this.c.db, id)).map((r) => ({
      action: r.action,
      reason: r.reason,
      legalBasis: r.legal_basis,
      at: r.at.toISOString(),
    }));
  }
}

export type CertificateStatus = 'active' | 'suspended' | 'revoked' | 'expired';

export function statusOf(
  c: { revoked_at: Date | null; suspended_at: Date | null; valid_until: Date | null },
  now = new Date(),
): CertificateStatus {
  if (c.revoked_at) return 'revoked';
  if (c.suspended_at) return 'suspended';
  if (c.valid_until && c.valid_until.getTime() < now.getTime()) return 'expired';
  return 'active';
}

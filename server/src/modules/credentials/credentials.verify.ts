/**
 * Verification (核验), public: the JWT itself, a share link (`…/verify?share=TOKEN`, its visit
 * logged in the holder's data tracker) or a QR code's content (`…/verify?id=UUID`, or the
 * JWT). The answer is one of valid, revoked, suspended, expired, forged (a bad signature, a
 * changed claim, a key that is not the issuer's) or unknown_issuer, naming the issuer. The
 * same checks run offline with `jose` alone over the JWKS and the cached status lists
 * (docs/credentials.md, docs/verify-credential.ts).
 */
import { createHash } from 'node:crypto';
import { badRequest } from '../../platform/errors.ts';
import { AccessLog } from '../../platform/access-log.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { departmentOfDid, type Context, type StatusPurpose } from './credentials.context.ts';
import type { IssuerKeys } from './credentials.keys.ts';
import { VerifiedJwts, type StatusBits } from './credentials.caches.ts';
import * as repo from './credentials.repository.ts';
import { parseJws } from './signer.ts';

export type Outcome = 'valid' | 'revoked' | 'suspended' | 'expired' | 'not_yet_valid' | 'forged' | 'unknown_issuer';

export interface Verdict {
  outcome: Outcome;
  /** The issuer the credential names (its DID, department and name), when it names one. */
  issuer: { did: string; departmentCode: string | null; name: string | null } | null;
  /** What the credential says (only when its signature holds). */
  credential: {
    id: string | null;
    name: string | null;
    number: string | null;
    holder: Record<string, string>;
    validFrom: string | null;
    validUntil: string | null;
  } | null;
  checkedAt: string;
}

export interface VerifyAnswer extends Verdict {
  /** The JWT checked (for a share link or a QR code's id: the holder's credential, to keep or check offline). */
  jwt: string | null;
}

const ALGS = new Set(['EdDSA', 'ES256']);
/** How many certificates' JWTs are kept by id (a QR code's content), the oldest dropped first. */
const JWTS_KEPT = 4_096;
const UUID = new RegExp(UUID_PATTERN.replace(/^\^|\$$/g, ''));

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** A credential whose form, issuer, key and signature held: what it says, as kept by VerifiedJwts. */
interface Signed {
  dept: string;
  issuer: { did: string; departmentCode: string; name: string | null };
  credential: NonNullable<Verdict['credential']>;
  status: { purpose: StatusPurpose; index: number }[];
}

export class Verification {
  private readonly c: Context;
  private readonly keys: IssuerKeys;
  private readonly status: StatusBits;
  private readonly verified = new VerifiedJwts<Signed>();
  private readonly visits: AccessLog;
  private readonly jwts = new Map<string, string>();

  constructor(context: Context, keys: IssuerKeys, status: StatusBits) {
    this.c = context;
    this.keys = keys;
    this.status = status;
    this.visits = new AccessLog(context.p.db);
  }

  /** Verify what a verifier holds: a JWT, a share link, or a QR code's content. */
  async verify(input: string, meta: { requestId: string | null }): Promise<VerifyAnswer> {
    const text = input.trim();
    // The caller has the JWT it gave: the answer does not echo it back (about 1.2 kB less per answer).
    if (text.startsWith('eyJ')) return { ...(await this.check(text)), jwt: null };
    const share = /[?&#]share=([A-Za-z0-9_-]{20,})/.exec(text)?.[1];
    if (share) return this.viaShare(share, meta);
    const id = /(?:[?&#]id=)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(text)?.[1];
    if (id && UUID.test(id)) {
      const jwt = await this.jwtOf(id);
      if (jwt) return { ...(await this.check(jwt)), jwt };
    }
    throw badRequest('CREDENTIAL_MALFORMED', 'Not a credential: give the JWT, the share link or the QR code’s content');
  }

  /**
   * For the transparency log's public look-up: a certificate's id from its id or its number
   * (电子证照标识), or null. The id and the number are printed on the certificate and its QR
   * code; the answer says nothing about the holder.
   */
  async certificateIdOf(idOrNumber: string): Promise<string | null> {
    const text = idOrNumber.trim();
    const row = new RegExp(UUID_PATTERN, 'i').test(text)
      ? await repo.certificateById(this.c.db, text.toLowerCase())
      : await repo.certificateByNumber(this.c.db, text.toUpperCase());
    return row?.id ?? null;
  }

  /** An issued certificate's JWT by its id (a JWT never changes once issued: kept; an unknown id is read every time). */
  private async jwtOf(id: string): Promise<string | null> {
    const kept = this.jwts.get(id);
    if (kept) return kept;
    const cert = await repo.certificateById(this.c.db, id);
    if (!cert) return null;
    if (this.jwts.size >= JWTS_KEPT) this.jwts.delete(this.jwts.keys().next().value!);
    this.jwts.set(id, cert.jwt);
    return cert.jwt;
  }

  /** A share link's visit: the holder's data tracker records it; the credential is checked like every other. */
  async viaShare(token: string, meta: { requestId: string | null }): Promise<VerifyAnswer> {
    const hash = createHash('sha256').update(token).digest('hex');
    const share = await repo.shareByHash(this.c.db, hash);
    const now = this.c.p.clock.now();
    const cert = share && (await repo.certificateById(this.c.db, share.certificate_id));
    if (!share || !cert || share.revoked_at || share.expires_at.getTime() <= now.getTime())
      throw badRequest('CREDENTIAL_MALFORMED', 'This share link does not exist, has expired or was withdrawn');
    // The visit is committed before the answer (visits arriving together share one INSERT),
    // while the credential is checked.
    const logged = this.visits.write(
      [
        {
          subjectIndex: cert.holder_index,
          subjectKind: cert.holder_kind,
          accessorId: null,
          accessorName: '证照分享链接访问者 Visitor of a share link',
          organisation: null,
          purpose: `查看分享的证照 ${cert.name_zh} / viewed a shared certificate`,
          fields: ['certificate'],
          resourceType: 'certificate_share',
          resourceId: share.id,
          requestId: meta.requestId,
        },
      ],
      now,
    );
    const [verdict] = await Promise.all([this.check(cert.jwt), logged]);
    return { ...verdict, jwt: cert.jwt };
  }

  /**
   * The checks, in order: form, issuer, key, signature, status, validity period. A credential
   * whose signature held is kept (VerifiedJwts): its status and period are checked every time.
   */
  async check(jwt: string): Promise<Verdict> {
    const now = this.c.p.clock.now();
    const checkedAt = now.toISOString();
    let signed = this.verified.get(jwt);
    if (!signed) {
      const checked = await this.signed(jwt, checkedAt);
      if ('outcome' in checked) return checked;
      this.verified.set(jwt, (signed = checked));
    }
    const { dept, credential } = signed;
    const facts = await this.c.deps.org.departmentFacts(dept);
    const named = { ...signed.issuer, name: facts?.zh ?? signed.issuer.name };
    const answer = (outcome: Outcome): Verdict => ({ outcome, issuer: named, credential, checkedAt });
    const status = { revocation: false, suspension: false };
    for (const e of signed.status) if (await this.status.isSet(dept, e.purpose, e.index)) status[e.purpose] = true;
    if (status.revocation) return answer('revoked');
    if (status.suspension) return answer('suspended');
    if (credential.validUntil && Date.parse(credential.validUntil) < now.getTime()) return answer('expired');
    if (credential.validFrom && Date.parse(credential.validFrom) > now.getTime()) return answer('not_yet_valid');
    return answer('valid');
  }

  /** Form, issuer, key and signature: what the credential says when they hold, else the verdict. */
  private async signed(jwt: string, checkedAt: string): Promise<Signed | Verdict> {
    const jws = parseJws(jwt);
    if (!jws) throw badRequest('CREDENTIAL_MALFORMED', 'Not a compact JWS');
    const { header, payload } = jws;
    const issuerDid = str(payload.issuer) ?? str(obj(payload.issuer).id);
    const issuerName = str(obj(payload.issuer).name);
    const dept = issuerDid ? departmentOfDid(this.c.base, issuerDid) : null;
    const issuer = issuerDid ? { did: issuerDid, departmentCode: dept, name: issuerName } : null;
    const forged = (): Verdict => ({ outcome: 'forged', issuer, credential: null, checkedAt });
    if (header.typ !== 'vc+jwt' || !ALGS.has(String(header.alg)) || 'vc' in payload) return forged();
    const kid = str(header.kid);
    if (!issuerDid || !dept || !kid) return { outcome: 'unknown_issuer', issuer, credential: null, checkedAt };
    const key = await this.keys.verifierOf(kid);
    if (!key) return { outcome: 'unknown_issuer', issuer, credential: null, checkedAt };
    if (key.departmentCode !== dept || !kid.startsWith(`${issuerDid}#`)) return forged();
    if (!key.verify(jws.input, jws.signature)) return forged();
    const subject = obj(payload.credentialSubject);
    const cert = obj(subject.certificate);
    const holder: Record<string, string> = {};
    for (const [k, v] of Object.entries(subject)) if (typeof v === 'string') holder[k] = v;
    const credential = Object.freeze({
      id: str(payload.id),
      name: str(payload.name),
      number: str(cert.number),
      holder: Object.freeze(holder),
      validFrom: str(payload.validFrom),
      validUntil: str(payload.validUntil),
    });
    return {
      dept,
      issuer: { did: issuerDid, departmentCode: dept, name: issuerName },
      credential,
      status: entriesOf(payload.credentialStatus),
    };
  }
}

/** The credential's status entries: purpose and list position (the list is the issuer's own, by department). */
function entriesOf(entries: unknown): { purpose: StatusPurpose; index: number }[] {
  const out: { purpose: StatusPurpose; index: number }[] = [];
  for (const e of Array.isArray(entries) ? entries : [entries]) {
    const entry = obj(e);
    const purpose = str(entry.statusPurpose);
    const index = Number(str(entry.statusListIndex));
    if ((purpose === 'revocation' || purpose === 'suspension') && Number.isInteger(index)) out.push({ purpose, index });
  }
  return out;
}

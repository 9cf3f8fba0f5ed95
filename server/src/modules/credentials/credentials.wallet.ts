/**
 * The card wallet (卡包): a person's certificates, or those of the enterprise they act for;
 * one certificate's view and its status history; the credential to present at a window (its
 * QR code); share links, time-limited and revocable (only the token's hash is kept).
 */
import { createHash } from 'node:crypto';
import { principalActor, requirePrincipal, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { randomToken, uuidv7 } from '../../platform/ids.ts';
import { inTx, type Context } from './credentials.context.ts';
import { certificateFor, personIndexes } from './credentials.holders.ts';
import { policy } from './credentials.policy.ts';
import * as repo from './credentials.repository.ts';
import { statusOf } from './credentials.status.ts';

export const MAX_SHARE_MINUTES = 7 * 24 * 60;

/** A QR code of `text` as an SVG data URL (qrcode loaded on first use). */
export async function qrDataUrl(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(text, { type: 'svg', margin: 1, width: 240 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export function viewOf(c: repo.CertificateRow, base: string, now: Date) {
  return {
    id: c.id,
    number: c.number,
    name: { zh: c.name_zh, en: c.name_en },
    departmentCode: c.department_code,
    typeCode: c.type_code,
    caseId: c.case_id,
    caseNumber: c.case_number,
    holderKind: c.holder_kind,
    holder: c.holder_masked,
    issuedAt: c.issued_at.toISOString(),
    validUntil: c.valid_until?.toISOString() ?? null,
    status: statusOf(c, now),
    verifyUrl: `${base}/verify?id=${c.id}`,
  };
}

export class Wallet {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** The caller's certificates: the enterprise's while acting for one, else their own. */
  async mine(p: Principal | null) {
    const principal = requirePrincipal(p);
    const holder = principal.actingAs
      ? { enterpriseId: principal.actingAs.enterpriseId }
      : principal.kind === 'citizen'
        ? { accountId: principal.accountId, indexes: await personIndexes(this.c, principal) }
        : null;
    if (!holder) return [];
    const now = this.c.p.clock.now();
    return (await repo.certificatesOf(this.c.db, holder)).map((c) => viewOf(c, this.c.base, now));
  }

  /** One certificate with its credential (JWT): the holder, or staff of the issuing department. */
  async get(p: Principal | null, id: string) {
    const principal = requirePrincipal(p);
    const c = policy.view(principal, await certificateFor(this.c, principal, id));
    const view = viewOf(c, this.c.base, this.c.p.clock.now());
    return { ...view, jwt: c.jwt, qr: await qrDataUrl(view.verifyUrl) };
  }

  /** A case's certificates (the result links to them): whoever may see them. */
  async ofCase(p: Principal | null, caseId: string) {
    const principal = requirePrincipal(p);
    const now = this.c.p.clock.now();
    const indexes = await personIndexes(this.c, principal);
    const rows = await repo.certificatesOfCaseId(this.c.db, caseId);
    const held = await Promise.all(
      rows.map(async (c) => ({ ...c, co_held: await repo.isCoHolder(this.c.db, c.id, indexes) })),
    );
    return held
      .filter((c) => {
        try {
          policy.view(principal, c);
          return true;
        } catch {
          return false;
        }
      })
      .map((c) => viewOf(c, this.c.base, now));
  }

  /** A share link valid for `minutes` (the token is shown once). */
  async share(p: Principal | null, id: string, minutes: number, meta: { requestId: string; ip: string }) {
    const principal = requirePrincipal(p);
    const cert = policy.hold(principal, await certificateFor(this.c, principal, id));
    const token = randomToken(24);
    const url = `${this.c.base}/verify?share=${token}`;
    const qr = await qrDataUrl(url);
    return command(this.c.p, principalActor(principal, meta), async (w) => {
      const shareId = uuidv7(w.now.getTime());
      const expiresAt = new Date(w.now.getTime() + Math.min(minutes, MAX_SHARE_MINUTES) * 60_000);
      await repo.insertShare(inTx(w), {
        id: shareId,
        certificate_id: cert.id,
        token_hash: createHash('sha256').update(token).digest('hex'),
        created_by: principal.accountId,
        created_at: w.now,
        expires_at: expiresAt,
        revoked_at: null,
      });
      await w.audit({
        action: 'credentials.share.created',
        resourceType: 'certificate',
        resourceId: cert.id,
        detail: { shareId, minutes },
      });
      return {
        id: shareId,
        url,
        path: `/verify?share=${token}`,
        qr,
        expiresAt: expiresAt.toISOString(),
      };
    });
  }

  async shares(p: Principal | null, id: string) {
    const principal = requirePrincipal(p);
    policy.hold(principal, await certificateFor(this.c, principal, id));
    const now = this.c.p.clock.now().getTime();
    return (await repo.sharesOf(this.c.db, id)).map((s) => ({
      id: s.id,
      createdAt: s.created_at.toISOString(),
      expiresAt: s.expires_at.toISOString(),
      active: !s.revoked_at && s.expires_at.getTime() > now,
    }));
  }

  /** Withdraw a share link: the holder only. */
  async unshare(p: Principal | null, shareId: string, meta: { requestId: string; ip: string }): Promise<void> {
    const principal = requirePrincipal(p);
    const share = await repo.shareById(this.c.db, shareId);
    if (!share) throw notFound('SHARE_NOT_FOUND', 'No such share link');
    try {
      policy.hold(principal, await certificateFor(this.c, principal, share.certificate_id));
    } catch {
      throw notFound('SHARE_NOT_FOUND', 'No such share link');
    }
    await command(this.c.p, principalActor(principal, meta), async (w) => {
      await repo.revokeShare(inTx(w), shareId, w.now);
      await w.audit({
        action: 'credentials.share.revoked',
        resourceType: 'certificate',
        resourceId: share.certificate_id,
        detail: { shareId },
      });
    });
  }
}

/**
 * Who may do what with certificates: the holder (the person, or whoever acts for the holder
 * enterprise; and the other holders a certificate names, e.g. a newborn's parents) sees,
 * renders and shares their own; staff with a post in the issuing department
 * see them and revoke, suspend or reinstate them; a department's admin rotates its key.
 * Anyone else is answered CERTIFICATE_NOT_FOUND, as for a certificate that does not exist.
 * Verification, the JWKS, DID documents and status lists are public.
 */
import type { Principal } from '../../platform/auth.ts';
import { notFound } from '../../platform/errors.ts';
import type { CertificateRow } from './credentials.repository.ts';

export const credentialsPermissions = [
  'credentials.certificate.read',
  'credentials.certificate.share',
  'credentials.certificate.status',
  'credentials.key.rotate',
  'credentials.verify',
] as const;

const notVisible = () => notFound('CERTIFICATE_NOT_FOUND', 'No such certificate');

/** `co_held`: the caller is another holder the certificate names (出生医学证明: a parent), see credentials.holders.ts. */
type Held = Pick<CertificateRow, 'holder_account_id' | 'enterprise_id'> & { co_held?: boolean };
type Issued = Pick<CertificateRow, 'department_code'>;

export function isHolder(p: Principal, c: Held): boolean {
  if (c.enterprise_id) return p.actingAs?.enterpriseId === c.enterprise_id;
  return p.kind === 'citizen' && !p.actingAs && (p.accountId === c.holder_account_id || c.co_held === true);
}

export const isIssuerStaff = (p: Principal, c: Issued): boolean =>
  p.kind === 'staff' && p.posts.some((post) => post.departmentCode === c.department_code && post.roles.length > 0);

const STATUS_ROLES = ['clerk', 'approver', 'department_admin'] as const;

export const policy = {
  /** The holder, or staff of the issuing department. */
  view<C extends Held & Issued>(p: Principal, c: C | undefined): C {
    if (!c || !(isHolder(p, c) || isIssuerStaff(p, c))) throw notVisible();
    return c;
  },
  /** The holder only (share, present). */
  hold<C extends Held>(p: Principal, c: C | undefined): C {
    if (!c || !isHolder(p, c)) throw notVisible();
    return c;
  },
  /** Staff of the issuing department at the window or deciding (clerk, approver, department admin). */
  manage<C extends Issued>(p: Principal, c: C | undefined): C {
    const ok =
      c &&
      p.kind === 'staff' &&
      p.posts.some(
        (post) =>
          post.departmentCode === c.department_code &&
          post.roles.some((r) => (STATUS_ROLES as readonly string[]).includes(r)),
      );
    if (!c || !ok) throw notVisible();
    return c;
  },
};

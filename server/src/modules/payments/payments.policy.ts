/**
 * Who may do what with payments: the payer (the case's applicant, or whoever acts for the
 * applicant enterprise) sees and pays their own orders; staff with a post in the order's
 * region see an order's state (the case page); finance staff (财务, a post role) list orders,
 * run reconciliation and resolve its mismatches in their regions. Anyone else gets
 * ORDER_NOT_FOUND, as for an order that does not exist.
 */
import { requirePrincipal, requireRole, type Principal } from '../../platform/auth.ts';
import { notFound } from '../../platform/errors.ts';
import type { OrderRow } from './payments.repository.ts';

export const paymentsPermissions = [
  'payments.order.read',
  'payments.order.pay',
  'payments.receipt.read',
  'payments.finance.orders',
  'payments.finance.reconcile',
  'payments.finance.resolve',
] as const;

const notVisible = () => notFound('ORDER_NOT_FOUND', 'No such payment order');

/** The payer: the applicant as themself, or anyone acting for the applicant enterprise. */
export function isPayer(p: Principal, o: Pick<OrderRow, 'applicant_account_id' | 'enterprise_id'>): boolean {
  if (o.enterprise_id) return p.actingAs?.enterpriseId === o.enterprise_id;
  return p.kind === 'citizen' && p.accountId === o.applicant_account_id && !p.actingAs;
}

const staffSees = (p: Principal, o: Pick<OrderRow, 'region_code'>): boolean =>
  p.kind === 'staff' && p.posts.some((post) => post.regionCode === o.region_code);

export const policy = {
  signedIn: (p: Principal | null): Principal => requirePrincipal(p),
  /** Whether a signed-in person may read an order: its payer, or staff of its region. */
  canRead: (p: Principal, o: OrderRow): boolean => isPayer(p, o) || staffSees(p, o),
  /** Read an order: its payer, or staff of its region. */
  read(p: Principal | null, o: OrderRow | undefined): OrderRow {
    const principal = requirePrincipal(p);
    if (!o || !policy.canRead(principal, o)) throw notVisible();
    return o;
  },
  /** Pay an order: its payer only. */
  pay(p: Principal | null, o: OrderRow | undefined): { principal: Principal; order: OrderRow } {
    const principal = requirePrincipal(p);
    if (!o || !isPayer(principal, o)) throw notVisible();
    return { principal, order: o };
  },
  /** Finance work: the regions where the caller holds a finance post. */
  finance(p: Principal | null): { principal: Principal; regions: string[] } {
    const principal = requireRole(p, 'finance');
    const regions = [...new Set(principal.posts.filter((x) => x.roles.includes('finance')).map((x) => x.regionCode))];
    return { principal, regions };
  },
};

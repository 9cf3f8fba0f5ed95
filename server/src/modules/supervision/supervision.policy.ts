/**
 * Who may do what in supervision:
 * - the rater: the applicant the case's invitation names rates it, and rates the fix (回访);
 * - window staff (clerk, reviewer, approver) record a window visit and let the applicant rate it
 *   on the 评价器; they see no supervision pages (ratings, tickets, figures for staff);
 * - a department head (department_admin) sees the ratings and tickets of their department and
 *   rectifies or appeals them;
 * - a supervisor sees every department of their region and decides appeals.
 * Nobody who handles a case sees who rated it: the unit's answers carry no rater field at all.
 */
import { requirePrincipal, requireRole, type Post, type Principal } from '../../platform/auth.ts';
import { forbidden, notFound } from '../../platform/errors.ts';

export const supervisionPermissions = [
  'supervision.rating.create',
  'supervision.window.record',
  'supervision.rating.read',
  'supervision.ticket.rectify',
  'supervision.ticket.appeal',
  'supervision.ticket.decide',
  'supervision.deadline.read',
  'supervision.anomaly.read',
  'supervision.anomaly.review',
  'supervision.anomaly.rules',
] as const;

/** What a caller of the staff pages sees: whole regions (supervisors) or single departments (heads). */
export interface Scope {
  regions: string[];
  departments: { regionCode: string; departmentCode: string }[];
}

interface Placed {
  region_code: string;
  department_code: string;
}

const WINDOW_ROLES = ['clerk', 'reviewer', 'approver', 'department_admin'] as const;

export const sees = (s: Scope, row: Placed): boolean =>
  s.regions.includes(row.region_code) ||
  s.departments.some((d) => d.regionCode === row.region_code && d.departmentCode === row.department_code);

const headOf = (p: Principal, row: Placed): boolean =>
  p.posts.some(
    (x) =>
      x.roles.includes('department_admin') &&
      x.regionCode === row.region_code &&
      x.departmentCode === row.department_code,
  );

const supervises = (p: Principal, regionCode: string): boolean =>
  p.posts.some((x) => x.roles.includes('supervisor') && x.regionCode === regionCode);

export const policy = {
  signedIn: (p: Principal | null): Principal => requirePrincipal(p),
  /** The staff pages of supervision: supervisors (their regions) and department heads (their departments). */
  scope(p: Principal | null): { principal: Principal; scope: Scope } {
    const principal = requireRole(p, 'supervisor', 'department_admin');
    const regions = [
      ...new Set(principal.posts.filter((x) => x.roles.includes('supervisor')).map((x) => x.regionCode)),
    ];
    const departments = principal.posts
      .filter((x) => x.roles.includes('department_admin') && x.departmentCode)
      .map((x) => ({ regionCode: x.regionCode, departmentCode: x.departmentCode! }));
    if (regions.length === 0 && departments.length === 0) throw forbidden();
    return { principal, scope: { regions, departments } };
  },
  /** A ticket (or rating) the caller may read; anything else answers as if it did not exist. */
  read<T extends Placed>(
    scope: Scope,
    row: T | undefined,
    code: 'RECTIFICATION_NOT_FOUND' = 'RECTIFICATION_NOT_FOUND',
  ): T {
    if (!row || !sees(scope, row)) throw notFound(code, 'No such rectification ticket');
    return row;
  },
  /** Rectify or appeal: the head of the department that handled the case. */
  rectify(p: Principal, row: Placed): void {
    if (!headOf(p, row)) throw forbidden('Only the head of the unit that handled the case rectifies it');
  },
  /** Decide an appeal: a supervisor of the ticket's region. */
  decide(p: Principal, row: Placed): void {
    if (!supervises(p, row.region_code)) throw forbidden('Only a supervisor decides an appeal');
  },
  /** The window's 评价器: staff holding a handling post in a department. */
  window(p: Principal | null): { principal: Principal; post: Post } {
    const principal = requirePrincipal(p);
    const post = principal.posts.find(
      (x) => x.departmentCode && x.roles.some((r) => (WINDOW_ROLES as readonly string[]).includes(r)),
    );
    if (principal.kind !== 'staff' || !post) throw forbidden();
    return { principal, post };
  },
  /** Rate: the applicant the invitation (or ticket) names, as themself. */
  isRater: (p: Principal, raterAccountId: string | null): boolean =>
    raterAccountId !== null && p.accountId === raterAccountId,
};

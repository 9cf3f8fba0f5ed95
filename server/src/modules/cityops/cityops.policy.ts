/**
 * Who may see and do what with city events (一网统管). Every service method starts here.
 *
 * - city_operator: every event of their post's region; dispatch actions (reassign, return,
 *   escalate, co-assign, merge) and close.
 * - grid_worker: the events of their post's grid; accept, note, return, close; patrol reports.
 * - department staff (clerk, reviewer, approver, department_admin): events assigned or
 *   co-assigned to their department; accept, note, return, close.
 * - supervisor: read-only, every event of their post's region.
 * - a citizen: their own reports and the events they follow; rate and reopen.
 * Other parts add their permissions in one block each below.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';
import { sensorsPermissions } from './cityops.sensors.policy.ts';

export const cityopsPermissions = [
  // core
  'cityops.event.report',
  'cityops.event.read',
  'cityops.event.dispatch',
  'cityops.event.handle',
  'cityops.event.close',
  'cityops.event.merge',
  'cityops.event.rate',
  'cityops.event.reopen',
  'cityops.patrol.report',
  ...sensorsPermissions, // sensors
  // screen
  'cityops.screen.view',
] as const;

const DEPARTMENT_ROLES = ['clerk', 'reviewer', 'approver', 'department_admin'] as const;

/** What a principal may see: the union of its posts' scopes, or its own reports. */
export interface Scope {
  accountId: string;
  /** Regions whose events are all visible (operators and supervisors). */
  regions: string[];
  /** Regions whose events the principal may dispatch (operators). */
  operatorRegions: string[];
  grids: string[];
  departments: string[];
  /** A citizen's own reports and followed events (always true; staff have no reports of their own here). */
  own: boolean;
}

/** The event facts access turns on. */
export interface Reach {
  region_code: string;
  grid_id: string | null;
  department_id: string | null;
  co_department_ids: string[];
  reporter_account_id: string | null;
}

export function scopeOf(p: Principal): Scope {
  const regions = new Set<string>();
  const operatorRegions = new Set<string>();
  const grids = new Set<string>();
  const departments = new Set<string>();
  for (const post of p.posts) {
    if (post.roles.includes('city_operator')) {
      regions.add(post.regionCode);
      operatorRegions.add(post.regionCode);
    }
    if (post.roles.includes('supervisor')) regions.add(post.regionCode);
    if (post.roles.includes('grid_worker') && post.gridId) grids.add(post.gridId);
    if (post.departmentId && post.roles.some((r) => (DEPARTMENT_ROLES as readonly string[]).includes(r)))
      departments.add(post.departmentId);
  }
  return {
    accountId: p.accountId,
    regions: [...regions],
    operatorRegions: [...operatorRegions],
    grids: [...grids],
    departments: [...departments],
    own: true,
  };
}

/** How a principal relates to an event: what it may see and do. */
export interface Standing {
  operator: boolean;
  supervisor: boolean;
  gridWorker: boolean;
  department: boolean;
  coDepartment: boolean;
  /** The reporter, or a follower (their views never show the handlers' internal notes). */
  follower: boolean;
  /** Sees the event as staff (handler views: the reporter hidden when anonymous). */
  staff: boolean;
}

export function standingOf(s: Scope, e: Reach, following: boolean): Standing {
  const operator = s.operatorRegions.includes(e.region_code);
  const supervisor = !operator && s.regions.includes(e.region_code);
  const gridWorker = e.grid_id !== null && s.grids.includes(e.grid_id);
  const department = e.department_id !== null && s.departments.includes(e.department_id);
  const coDepartment = e.co_department_ids.some((d) => s.departments.includes(d));
  const follower = following || e.reporter_account_id === s.accountId;
  return {
    operator,
    supervisor,
    gridWorker,
    department,
    coDepartment,
    follower,
    staff: operator || supervisor || gridWorker || department || coDepartment,
  };
}

export const mayRead = (st: Standing) => st.staff || st.follower;

export const policy = {
  /** Anyone signed in may report (随手拍); an anonymous report still needs a signed-in citizen app session. */
  report(p: Principal | null): Principal {
    return requirePrincipal(p);
  },
  /** Lists and views are scoped by `scopeOf`; any signed-in principal may ask. */
  read(p: Principal | null): Principal {
    return requirePrincipal(p);
  },
  /** Operators dispatch: reassign, return, escalate, co-assign, merge. */
  dispatch(st: Standing): void {
    if (!st.operator) throw forbidden('Only a city operator of the region may dispatch this event');
  },
  /** The assigned grid worker or department (and co-assigned departments) handle: accept, note. */
  handle(st: Standing): void {
    if (!(st.operator || st.gridWorker || st.department || st.coDepartment))
      throw forbidden('Only the assigned grid worker or department may handle this event');
  },
  /** The handler returns a wrongly routed event to the operators (退回): grid worker, department, operator. */
  giveBack(st: Standing): void {
    if (!(st.operator || st.gridWorker || st.department)) throw forbidden('Only the assigned handler may return it');
  },
  /** The handler closes (办结): the grid worker, the responsible department, or an operator. */
  close(st: Standing): void {
    if (!(st.operator || st.gridWorker || st.department))
      throw forbidden('Only the assigned grid worker, department or an operator may close this event');
  },
  /** The reporter and followers rate and reopen. */
  reporter(st: Standing): void {
    if (!st.follower) throw forbidden('Only the reporter may do this');
  },
  /** A grid worker reports what they find on patrol (巡查上报). */
  patrol(p: Principal | null): { principal: Principal; gridId: string } {
    const principal = requirePrincipal(p);
    const post = principal.posts.find((x) => x.roles.includes('grid_worker') && x.gridId);
    if (!post?.gridId) throw forbidden('Only a grid worker may file a patrol report');
    return { principal, gridId: post.gridId };
  },
};

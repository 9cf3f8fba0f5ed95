/**
 * Who may do what with open data (公共数据开放). Every service method starts here.
 *
 * - the public (anyone, signed in or not): reads the catalogue of active datasets, downloads.
 * - a department's data officer (数据专员, post role `data_officer`): manages the department's
 *   datasets, reviews its pipelines and publishes its releases; sees its drafts.
 * - the department's admin: the same as its data officer for the catalogue entries.
 * - a pipeline run (system, after its data officer's review): publishes releases of its dataset.
 * - a citizen: holds API keys for the live endpoints; asks for data not yet published.
 * Other parts add their permissions in one block each below.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

export const opendataPermissions = [
  // catalogue
  'opendata.dataset.read',
  'opendata.dataset.manage',
  'opendata.release.publish',
  'opendata.apikey.manage',
  'opendata.request.submit',
  // portal
  'opendata.request.answer',
  'opendata.dataset.withdraw',
  // pipelines (one line from that part)
] as const;

/** Who publishes a release: a department's data officer, or a pipeline run its data officer approved. */
/** Whose keys and requests: a person's own, or the enterprise's they act for (all its agents share them). */
export interface Owner {
  accountId: string;
  enterpriseId: string | null;
  enterpriseName: string | null;
}

export type Publisher =
  { kind: 'officer'; principal: Principal | null } | { kind: 'pipeline'; pipelineId: string; departmentCode: string };

/** The departments whose data the principal looks after (data officer or department admin posts). */
export const officerDepartments = (p: Principal): string[] =>
  p.posts
    .filter((x) => x.departmentCode && x.roles.some((r) => r === 'data_officer' || r === 'department_admin'))
    .map((x) => x.departmentCode!);

export const policy = {
  /** Anyone reads the public catalogue (active datasets). */
  read(p: Principal | null): Principal | null {
    return p;
  },
  /** The department's data officer (or admin) manages its datasets. */
  manage(p: Principal | null, departmentCode: string): Principal {
    const principal = requirePrincipal(p);
    if (!officerDepartments(principal).includes(departmentCode))
      throw forbidden("Only the department's data officer may manage its datasets");
    return principal;
  },
  /** Whether the principal may see a dataset that is not (or no longer) public. */
  seesDrafts(p: Principal | null, departmentCode: string): boolean {
    return p !== null && officerDepartments(p).includes(departmentCode);
  },
  /** A release: by the department's data officer, or by a pipeline of the same department. */
  publish(by: Publisher, departmentCode: string): { accountId: string | null } {
    if (by.kind === 'pipeline') {
      if (by.departmentCode !== departmentCode) throw forbidden("A pipeline publishes only its department's datasets");
      return { accountId: null };
    }
    return { accountId: policy.manage(by.principal, departmentCode).accountId };
  },
  /**
   * A signed-in citizen holds API keys and asks for data (theirs alone; an enterprise's agent
   * acting for it, the enterprise's). Staff accounts do neither.
   */
  apiKeys(p: Principal | null): { principal: Principal; owner: Owner } {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('API keys and data requests are for citizens and enterprises');
    return {
      principal,
      owner: {
        accountId: principal.accountId,
        enterpriseId: principal.actingAs?.enterpriseId ?? null,
        enterpriseName: principal.actingAs?.name ?? null,
      },
    };
  },
  /** A request for data: the same people as keys. */
  requestData(p: Principal | null): { principal: Principal; owner: Owner } {
    return policy.apiKeys(p);
  },
  /** The departments whose datasets and data requests the principal looks after (data officer or department admin). */
  officer(p: Principal | null): { principal: Principal; departments: string[] } {
    const principal = requirePrincipal(p);
    const departments = officerDepartments(principal);
    if (departments.length === 0)
      throw forbidden("Only a department's data officer or admin looks after its open data");
    return { principal, departments };
  },
};

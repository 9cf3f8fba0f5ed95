/**
 * Who may do what with publishing pipelines. The review is the department's data officer's
 * (数据专员, post role `data_officer`) alone; the department's admin may see and run its
 * pipelines but not approve them. Scheduled runs act as the system, for the approved schema only.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

export const pipelinesPermissions = [
  'opendata.pipeline.read',
  'opendata.pipeline.run',
  'opendata.pipeline.review',
  'opendata.pipeline.define',
] as const;

const departmentsWith = (p: Principal, roles: readonly string[]): string[] =>
  p.posts.filter((x) => x.departmentCode && x.roles.some((r) => roles.includes(r))).map((x) => x.departmentCode!);

export const pipelinesPolicy = {
  /** The departments whose pipelines the principal sees: data officer or department admin posts. */
  departments(p: Principal | null): { principal: Principal; departments: string[] } {
    const principal = requirePrincipal(p);
    const departments = departmentsWith(principal, ['data_officer', 'department_admin']);
    if (departments.length === 0) throw forbidden("Only a department's data officer or admin sees its pipelines");
    return { principal, departments };
  },
  /** Whether the principal sees a pipeline of `department` (one it may not see answers as not found). */
  sees(p: Principal, department: string): boolean {
    return departmentsWith(p, ['data_officer', 'department_admin']).includes(department);
  },
  /** Define, run or preview: the department's data officer or admin. */
  operate(p: Principal | null, department: string): Principal {
    const principal = requirePrincipal(p);
    if (!departmentsWith(principal, ['data_officer', 'department_admin']).includes(department))
      throw forbidden("Only the department's data officer or admin may run its pipelines");
    return principal;
  },
  /** Approve or reject an output schema: the department's data officer. */
  review(p: Principal | null, department: string): Principal {
    const principal = requirePrincipal(p);
    if (!departmentsWith(principal, ['data_officer']).includes(department))
      throw forbidden("Only the department's data officer may review its pipelines");
    return principal;
  },
};

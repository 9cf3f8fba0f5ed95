/**
 * The page a staff member works from, where the console opens after signing in: the inbox
 * (待办) for those who handle cases, the catalogue for a department admin, the organisation
 * for the admins who manage accounts, city events (一网统管) for operators and grid workers.
 */
interface Staff {
  roles: readonly string[];
}

const HOMES: readonly [role: string, path: string][] = [
  ['clerk', '/inbox'],
  ['reviewer', '/inbox'],
  ['approver', '/inbox'],
  ['supervisor', '/inbox'],
  ['department_admin', '/catalog'],
  ['finance', '/finance'],
  ['system_admin', '/org/staff'],
  ['security_admin', '/org/staff'],
  ['grid_worker', '/cityops/grid'],
  ['city_operator', '/cityops/events'],
  ['app_reviewer', '/superapp/review'],
];

export function homeOf(me: Staff): string {
  return HOMES.find(([role]) => me.roles.includes(role))?.[1] ?? '/account';
}

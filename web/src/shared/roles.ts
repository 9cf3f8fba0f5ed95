import type { Role } from './contract';

/** Tag colours for roles in the console (antd preset colour names). */
export const ROLE_COLORS: Record<Role, string> = {
  citizen: 'default',
  enterprise_agent: 'cyan',
  clerk: 'blue',
  reviewer: 'geekblue',
  approver: 'purple',
  department_admin: 'magenta',
  city_operator: 'orange',
  grid_worker: 'green',
  finance: 'volcano',
  supervisor: 'gold',
  data_officer: 'geekblue',
  committee: 'cyan',
  moderator: 'purple',
  app_reviewer: 'magenta',
  system_admin: 'red',
  security_admin: 'volcano',
  auditor: 'lime',
};

export function roleColor(role: string): string {
  return (ROLE_COLORS as Record<string, string>)[role] ?? 'default';
}

import type { Role } from './types';

/** Chinese labels of the roles (for places outside React/i18n, e.g. exports). */
export const ROLE_LABELS_ZH: Record<Role, string> = {
  citizen: '市民',
  enterprise_agent: '企业经办人',
  clerk: '窗口受理',
  reviewer: '审核',
  approver: '审批',
  department_admin: '部门管理员',
  city_operator: '城市运行',
  grid_worker: '网格员',
  supervisor: '监察',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  auditor: '安全审计员',
};

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
  supervisor: 'gold',
  system_admin: 'red',
  security_admin: 'volcano',
  auditor: 'lime',
};

export function roleColor(role: string): string {
  return (ROLE_COLORS as Record<string, string>)[role] ?? 'default';
}

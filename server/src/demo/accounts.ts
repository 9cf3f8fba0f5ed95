/**
 * Demo accounts of the seeded city. Synthetic people; the password and the TOTP secret
 * are public on purpose (the README prints them) and exist only in demo seeds.
 */
import type { PostRole } from '../platform/auth.ts';

export const DEMO_PASSWORD = 'Yiwang@2026';
/** Every demo staff account's second factor. Add it to an authenticator app, or use `npm run yiwang -- totp`. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPYIWANGDEMO234567';

export const DEMO_CITIZEN = {
  name: '陈晓明',
  idNumberBirth: '1988-06-15',
  idSequence: 371, // odd: male
  phone: '13800138000',
  communityCode: '330383000001',
  gridCode: '33038300000101',
  address: '龙港市龙跃路88号3幢502室',
} as const;

export interface DemoStaff {
  username: string;
  displayName: string;
  /** Department code (DEMO_DEPARTMENTS) or null for a community post. */
  department: string | null;
  community: string | null;
  grid: string | null;
  title: string;
  postRoles: PostRole[];
  accountRole?: 'system_admin' | 'security_admin' | 'auditor';
}

/** The accounts the README lists: one for each role. */
export const DEMO_STAFF: readonly DemoStaff[] = [
  {
    username: 'clerk01',
    displayName: '王丽',
    department: 'ASB',
    community: null,
    grid: null,
    title: '综合窗口受理员',
    postRoles: ['clerk'],
  },
  {
    username: 'reviewer01',
    displayName: '李强',
    department: 'ASB',
    community: null,
    grid: null,
    title: '审核员',
    postRoles: ['reviewer'],
  },
  {
    username: 'approver01',
    displayName: '张敏',
    department: 'ASB',
    community: null,
    grid: null,
    title: '审批科长',
    postRoles: ['approver'],
  },
  {
    username: 'deptadmin01',
    displayName: '刘洋',
    department: 'ASB',
    community: null,
    grid: null,
    title: '部门管理员',
    postRoles: ['department_admin'],
  },
  {
    username: 'operator01',
    displayName: '陈静',
    department: 'CLE',
    community: null,
    grid: null,
    title: '城市运行中心值班员',
    postRoles: ['city_operator'],
  },
  {
    username: 'grid01',
    displayName: '杨帆',
    department: null,
    community: '330383000001',
    grid: '33038300000101',
    title: '专职网格员',
    postRoles: ['grid_worker'],
  },
  // 一网共治: the demo citizen's community committee (居委会), another community's, and the city's moderator.
  {
    username: 'committee01',
    displayName: '郑红梅',
    department: null,
    community: '330383000001',
    grid: null,
    title: '社区居委会委员',
    postRoles: ['committee'],
  },
  {
    username: 'committee02',
    displayName: '何建国',
    department: null,
    community: '330383000002',
    grid: null,
    title: '社区居委会委员',
    postRoles: ['committee'],
  },
  {
    username: 'moderator01',
    displayName: '林静',
    department: 'ASB',
    community: null,
    grid: null,
    title: '共治内容审核员',
    postRoles: ['moderator'],
  },
  {
    username: 'supervisor01',
    displayName: '赵刚',
    department: 'ASB',
    community: null,
    grid: null,
    title: '效能监察员',
    postRoles: ['supervisor'],
  },
  {
    username: 'finance01',
    displayName: '孙悦',
    department: 'ASB',
    community: null,
    grid: null,
    title: '财务对账员',
    postRoles: ['finance'],
  },
  {
    // 超级App: reviews the mini-apps organisations register, decides complaints about them.
    username: 'appreviewer01',
    displayName: '周敏',
    department: 'ASB',
    community: null,
    grid: null,
    title: '应用审核员',
    postRoles: ['app_reviewer'],
  },
  {
    username: 'dataofficer01',
    displayName: '吴昊',
    department: 'CLE',
    community: null,
    grid: null,
    title: '数据专员',
    postRoles: ['data_officer'],
  },
  {
    username: 'sysadmin',
    displayName: '黄伟',
    department: null,
    community: null,
    grid: null,
    title: '',
    postRoles: [],
    accountRole: 'system_admin',
  },
  {
    username: 'secadmin',
    displayName: '周芳',
    department: null,
    community: null,
    grid: null,
    title: '',
    postRoles: [],
    accountRole: 'security_admin',
  },
  {
    username: 'auditor',
    displayName: '吴磊',
    department: null,
    community: null,
    grid: null,
    title: '',
    postRoles: [],
    accountRole: 'auditor',
  },
];

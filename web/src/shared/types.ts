// Types of the server's JSON API (hand-written against the contract until the client
// is generated from the server's OpenAPI document).

export type AccountKind = 'citizen' | 'staff';
export type AssuranceLevel = 'registered' | 'id_verified' | 'in_person';

export const ROLES = [
  'citizen',
  'enterprise_agent',
  'clerk',
  'reviewer',
  'approver',
  'department_admin',
  'city_operator',
  'grid_worker',
  'supervisor',
  'system_admin',
  'security_admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export interface Post {
  id: string;
  departmentId: string | null;
  departmentName: string | null;
  regionCode: string;
  communityName: string | null;
  title: string;
  roles: string[];
}

export interface ActingAs {
  enterpriseId: string;
  name: string;
  uscc: string;
}

export interface Me {
  id: string;
  kind: AccountKind;
  displayName: string;
  username: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  assuranceLevel: AssuranceLevel;
  roles: string[];
  posts: Post[];
  actingAs: ActingAs | null;
  totpEnabled: boolean;
}

export type LoginResult =
  | { status: 'ok'; me: Me }
  | { status: 'totp_required'; challenge: string; enrol?: { secret: string; otpauthUri: string } };

export interface OkMe {
  status: 'ok';
  me: Me;
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export interface EnterpriseLink {
  enterpriseId: string;
  name: string;
  uscc: string;
  relation: 'legal_rep' | 'agent';
}

export interface Region {
  code: string;
  name: string;
  nameEn: string;
  level: string | number;
  parentCode: string | null;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  regionCode: string;
  staffCount: number;
}

export interface CommunitySummary {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  regionCode: string;
  gridCount: number;
  residentCount: number;
}

export interface Grid {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  residentCount: number;
}

export interface CommunityDetail {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  regionCode: string;
  residentCount: number;
  grids: Grid[];
}

export interface StaffMember {
  accountId: string;
  displayName: string;
  username: string;
  phoneMasked: string | null;
  posts: Post[];
}

export interface Items<T> {
  items: T[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
}

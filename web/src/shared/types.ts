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
  departmentCode: string | null;
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

/** The answer to the second factor: signed in, or (after a reset by the security admin) a new password first. */
export type TotpResult = OkMe | { status: 'password_change_required'; challenge: string };

/** An account as the system and security admins list it. */
export interface AccountSummary {
  id: string;
  kind: AccountKind;
  username: string | null;
  displayName: string;
  status: 'active' | 'disabled' | 'frozen';
  assuranceLevel: AssuranceLevel;
  phoneMasked: string | null;
  totpEnabled: boolean;
  createdAt: string;
}

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

// ---- service catalogue (server/src/modules/catalog) ----

/** Text in both languages, as the catalogue stores it. */
export interface LocalText {
  zh: string;
  en: string;
}

export type ItemType =
  | 'licensing'
  | 'benefit'
  | 'confirmation'
  | 'adjudication'
  | 'reward'
  | 'levy'
  | 'penalty'
  | 'other_power'
  | 'public_service';
export type Channel = 'online' | 'mobile' | 'window' | 'post' | 'booking' | 'kiosk' | 'online_payment';
export type TargetUser = 'person' | 'enterprise';
export type ServiceScope = 'city' | 'province' | 'nationwide';

export interface TimeLimit {
  value: number;
  unit: 'working_days' | 'natural_days' | 'hours';
}

export interface Material {
  code: string;
  name: LocalText;
  required: boolean;
  form: 'electronic' | 'paper';
  /** supplied by the applicant, or shared by the government (the applicant brings nothing) */
  source: 'applicant' | 'shared';
  sharedFrom?: string;
  copies?: number;
  basis?: string;
  blankForm?: string;
  sample?: string;
}

export interface FormField {
  key: string;
  schema: Record<string, unknown>;
  label: LocalText;
  widget?: string;
  placeholder?: LocalText;
  help?: LocalText;
  prefill?: string;
  /** Every field must be answered unless it is optional. */
  optional?: boolean;
}

export interface FormDefinition {
  sections: { title: LocalText; fields: FormField[] }[];
}

export interface ServiceItemData {
  basicCode: string;
  implementationCode: string;
  handlingItemCode: string;
  level: 'main' | 'sub' | 'handling';
  handlingKind?: 'new' | 'change' | 'renew' | 'cancel';
  parentCode?: string;
  type: ItemType;
  name: LocalText;
  keywords: string[];
  departmentCode: string;
  implementingBody: LocalText;
  legalBasis: string[];
  targetUsers: TargetUser[];
  themes: string[];
  lifeEvents: string[];
  conditions: LocalText[];
  statutoryLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
  visits: number;
  visitsReason?: string;
  onlineDepth: 1 | 2 | 3 | 4;
  channels: Channel[];
  scope: ServiceScope;
  coDepartments: string[];
  fees: { name: LocalText; amountYuan: number; basis?: string }[];
  result: { name: LocalText; type: 'certificate' | 'approval' | 'other'; electronic: boolean };
  materials: Material[];
  faq: { q: LocalText; a: LocalText }[];
  contacts: { phone: string; address?: LocalText };
  form: FormDefinition;
  processCode: string;
}

/** A search result: the current version of an item, in brief. */
export interface ItemSummary {
  code: string;
  version: number;
  name: LocalText;
  departmentCode: string;
  type: string;
  targetUsers: string[];
  themes: string[];
  lifeEvents: string[];
  visits: number;
  promisedLimit: TimeLimit;
  scope: string;
  uses: number;
}

/** A service guide (办事指南): one version of an item. */
export interface ItemDetail {
  id: string;
  code: string;
  version: number;
  status: 'published' | 'retired';
  current: boolean;
  effectiveFrom: string;
  effectiveTo: string | null;
  uses: number;
  item: ServiceItemData;
}

export interface ItemVersion {
  version: number;
  status: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  createdBy: string | null;
}

export interface BundleSummary {
  code: string;
  name: LocalText;
  description: LocalText;
  itemCodes: string[];
}

export interface BundleMaterial {
  code: string;
  name: LocalText;
  required: boolean;
  source: string;
  itemCodes: string[];
}

/** A life-event bundle (一件事): one merged form and one set of materials. */
export interface BundleDetail {
  code: string;
  name: LocalText;
  description: LocalText;
  items: ItemSummary[];
  form: FormDefinition;
  materials: BundleMaterial[];
  departments: string[];
}

export interface CatalogSearch {
  q?: string;
  targetUser?: TargetUser;
  department?: string;
  theme?: string;
  lifeEvent?: string;
  page?: number;
  pageSize?: number;
}

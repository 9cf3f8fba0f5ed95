/**
 * The web's names for the API's shapes, all derived from the generated contract
 * (contract/openapi.ts, `npm run contract`): nothing here is written by hand a second time.
 * Shapes are taken from the paths that answer them, not from component names, so renaming a
 * schema on the server changes nothing here, while changing a field breaks the web's build
 * where the field is used.
 *
 * Enums the web lists (roles, statuses, widgets, ...) are derived from the contract's types
 * with an exhaustive record checked by `satisfies`: a value the server adds (or drops) fails
 * compilation here until the web knows it.
 */
import type { paths } from '../../../contract/openapi.ts';

export type { paths };
export type { ErrorCode } from '../../../contract/errors.ts';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<P extends keyof paths, M extends Method> = Operation<P, M> extends { responses: infer R } ? R : never;

/** The JSON body of an operation's successful answer (200 or 201). */
export type Answer<P extends keyof paths, M extends Method> =
  Responses<P, M> extends { 200: infer R } ? Json<R> : Responses<P, M> extends { 201: infer R } ? Json<R> : never;

/** The JSON request body of an operation. */
export type Body<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The query parameters of an operation. */
export type Query<P extends keyof paths, M extends Method> = NonNullable<
  Operation<P, M> extends { parameters: { query?: infer Q } } ? Q : never
>;

type Success = 200 | 201 | 202 | 204 | '2XX';
/** The JSON body of an operation's error answers (every answer it declares that is not a success). */
export type ErrorAnswer<P extends keyof paths, M extends Method> = Json<
  Responses<P, M>[Exclude<keyof Responses<P, M>, Success>]
>;

type Item<T> = T extends { items: (infer I)[] } ? I : never;
type Element<T> = T extends readonly (infer E)[] ? E : never;

/** The values of a union of string literals, from an exhaustive record of them. */
const valuesOf = <T extends string>(record: Record<T, true>): T[] => Object.keys(record) as T[];
/** The values of a union of number literals, from an exhaustive record of them. */
const numbersOf = <T extends number>(record: Record<T, true>): T[] => Object.keys(record).map(Number) as T[];

// ---- errors

export type ErrorBody = ErrorAnswer<'/api/me', 'get'>['error'];
export type ErrorDetail = NonNullable<ErrorBody['details']>[number];

// ---- identity

export type Me = Answer<'/api/me', 'get'>;
export type Post = Me['posts'][number];
export type ActingAs = NonNullable<Me['actingAs']>;
export type AccountKind = Me['kind'];
export type AssuranceLevel = Me['assuranceLevel'];
export type Role = Me['roles'][number];
export type LoginResult = Answer<'/api/auth/login', 'post'>;
/** The answer to the second factor: signed in, or (after a reset by the security admin) a new password first. */
export type TotpResult = Answer<'/api/auth/totp', 'post'>;
/** Whom a one-time code to a phone is for: registration or password recovery. */
export type PhoneCodePurpose = Body<'/api/auth/phone-codes', 'post'>['purpose'];
export type PasswordReset = Body<'/api/auth/password-reset', 'post'>;
export type RegisterInput = Body<'/api/auth/register', 'post'>;
export type Session = Item<Answer<'/api/me/sessions', 'get'>>;
export type EnterpriseLink = Item<Answer<'/api/me/enterprises', 'get'>>;
/** An account as the system and security admins list it. */
export type AccountSummary = Item<Answer<'/api/admin/accounts', 'get'>>;
export type AccountStatus = AccountSummary['status'];
export type AccountsQuery = Query<'/api/admin/accounts', 'get'>;
/** Who is signed in (`me: null` when no one is). */
export type SessionState = Answer<'/api/session', 'get'>;
/** What the account holds about the applicant: values by prefill source, and which are fixed. */
export type OwnData = Answer<'/api/me/prefill', 'get'>;

// ---- platform

/** The public configuration every page may read (the city's time zone). */
export type PublicConfig = Answer<'/api/config', 'get'>;

export const ROLES = valuesOf({
  citizen: true,
  enterprise_agent: true,
  clerk: true,
  reviewer: true,
  approver: true,
  department_admin: true,
  city_operator: true,
  grid_worker: true,
  supervisor: true,
  finance: true,
  data_officer: true,
  committee: true,
  moderator: true,
  app_reviewer: true,
  system_admin: true,
  security_admin: true,
  auditor: true,
} satisfies Record<Role, true>);

// ---- org

export type Region = Item<Answer<'/api/org/regions', 'get'>>;
export type Department = Item<Answer<'/api/org/departments', 'get'>>;
export type CommunitySummary = Item<Answer<'/api/org/communities', 'get'>>;
export type CommunityDetail = Answer<'/api/org/communities/{id}', 'get'>;
export type Grid = CommunityDetail['grids'][number];
export type StaffMember = Item<Answer<'/api/org/staff', 'get'>>;

// ---- catalog

/** A service item's data as an admin publishes it (the body of PUT /api/catalog/items/{code}). */
export type ServiceItemData = Body<'/api/catalog/items/{code}', 'put'>;
/** A service guide (办事指南): one version of an item. */
export type ItemDetail = Answer<'/api/catalog/items/{code}', 'get'>;
/** A search result: the current version of an item, in brief. */
export type ItemSummary = Item<Answer<'/api/catalog/items', 'get'>>;
export type CatalogSearch = Query<'/api/catalog/items', 'get'>;
/** A life-event bundle a search is about, shown above the items it found. */
export type SearchBundle = Answer<'/api/catalog/items', 'get'>['bundles'][number];
export type ItemVersion = Item<Answer<'/api/catalog/items/{code}/versions', 'get'>>;
export type BundleSummary = Item<Answer<'/api/catalog/bundles', 'get'>>;
/** A life-event bundle (一件事): one merged form and one set of materials. */
export type BundleDetail = Answer<'/api/catalog/bundles/{code}', 'get'>;
export type BundleMaterial = BundleDetail['materials'][number];

/** Text in both languages, as the catalogue stores it. */
export type LocalText = ServiceItemData['name'];
export type TimeLimit = ServiceItemData['promisedLimit'];
export type LimitUnit = TimeLimit['unit'];
export type Material = ServiceItemData['materials'][number];
export type FormDefinition = ServiceItemData['form'];
export type FormField = FormDefinition['sections'][number]['fields'][number];
export type Widget = NonNullable<FormField['widget']>;
export type ItemType = ServiceItemData['type'];
export type ItemLevel = ServiceItemData['level'];
export type HandlingKind = NonNullable<ServiceItemData['handlingKind']>;
export type Channel = Element<ServiceItemData['channels']>;
export type TargetUser = Element<ServiceItemData['targetUsers']>;
export type ServiceScope = ServiceItemData['scope'];
export type ResultType = ServiceItemData['result']['type'];
export type OnlineDepth = ServiceItemData['onlineDepth'];

export const ITEM_TYPES = valuesOf({
  licensing: true,
  benefit: true,
  confirmation: true,
  adjudication: true,
  reward: true,
  levy: true,
  penalty: true,
  other_power: true,
  public_service: true,
} satisfies Record<ItemType, true>);
export const LEVELS = valuesOf({ main: true, sub: true, handling: true } satisfies Record<ItemLevel, true>);
export const HANDLING_KINDS = valuesOf({
  new: true,
  change: true,
  renew: true,
  cancel: true,
} satisfies Record<HandlingKind, true>);
export const TARGET_USERS = valuesOf({ person: true, enterprise: true } satisfies Record<TargetUser, true>);
export const CHANNELS = valuesOf({
  online: true,
  mobile: true,
  window: true,
  post: true,
  booking: true,
  kiosk: true,
  online_payment: true,
} satisfies Record<Channel, true>);
export const SCOPES = valuesOf({ city: true, province: true, nationwide: true } satisfies Record<ServiceScope, true>);
export const RESULT_TYPES = valuesOf({
  certificate: true,
  approval: true,
  other: true,
} satisfies Record<ResultType, true>);
export const LIMIT_UNITS = valuesOf({
  working_days: true,
  natural_days: true,
  hours: true,
} satisfies Record<LimitUnit, true>);
export const WIDGETS = valuesOf({
  text: true,
  textarea: true,
  date: true,
  select: true,
  radio: true,
  checkbox: true,
  idNumber: true,
  phone: true,
  address: true,
  uscc: true,
  number: true,
  money: true,
} satisfies Record<Widget, true>);
/**
 * 网办深度 (depth of online service, 1-4). While the contract types it as a plain number the
 * record cannot be checked for completeness; once the server declares the four values it is.
 */
export const ONLINE_DEPTHS = numbersOf({ 1: true, 2: true, 3: true, 4: true } satisfies Record<OnlineDepth, true>);

// ---- applications

export type Upload = Answer<'/api/applications/uploads', 'put'>;
export type Draft = Answer<'/api/applications/drafts/{id}', 'get'>;
export type DraftSummary = Item<Answer<'/api/applications/drafts', 'get'>>;
export type NewDraft = Body<'/api/applications/drafts', 'post'>;
export type DraftContent = Body<'/api/applications/drafts/{id}', 'put'>;
/** An application's answers: form field key → value. */
export type FormValues = Draft['form'];
export type MaterialView = Draft['materials'][number];
export type MaterialRef = Element<DraftContent['materials']>;
/** What an application is for: `{ itemCode }` or `{ bundleCode }`. */
export type Target = Pick<NewDraft, 'itemCode' | 'bundleCode'>;
export type Submission = Body<'/api/applications/cases', 'post'>;

export type CaseView = Answer<'/api/applications/cases/{id}', 'get'>;
export type CaseSummary = Item<Answer<'/api/applications/cases', 'get'>>;
export type CaseListQuery = Query<'/api/applications/cases', 'get'>;
export type CaseKind = CaseSummary['kind'];
export type CaseStatus = CaseSummary['status'];
export type CaseResult = NonNullable<CaseView['result']>;
export type HistoryEntry = CaseView['history'][number];
export type ResultFile = CaseView['resultFiles'][number];
export type Resubmission = CaseView['resubmissions'][number];
export type BranchView = CaseView['branches'][number];
export type AvailableAction = CaseView['actions'][number];
export type Requirement = AvailableAction['requires'][number];
export type Person = NonNullable<BranchView['claimedBy']>;
export type ActionInput = Body<'/api/applications/cases/{id}/actions', 'post'>;
export type CaseLookupInput = Body<'/api/applications/lookup', 'post'>;
export type CaseLookup = Answer<'/api/applications/lookup', 'post'>;

export type InboxQuery = Query<'/api/applications/inbox', 'get'>;
export type InboxPage = Answer<'/api/applications/inbox', 'get'>;
export type WorkItem = InboxPage['items'][number];

export const CASE_STATUSES = valuesOf({
  in_progress: true,
  correction: true,
  completed: true,
  rejected: true,
  withdrawn: true,
} satisfies Record<CaseStatus, true>);

// ---- notifications

export type Notification = Item<Answer<'/api/me/notifications', 'get'>>;
export type NotificationSettings = Answer<'/api/me/notification-settings', 'get'>;
export type NotificationSettingsInput = Body<'/api/me/notification-settings', 'put'>;

// ---- payments

/** A payment order (缴款单): amounts in fen. */
export type PaymentOrder = Answer<'/api/payments/orders/{id}', 'get'>;
export type PaymentOrderStatus = PaymentOrder['status'];
export type PaymentOrderQuery = Query<'/api/payments/orders', 'get'>;
/** A reconciliation mismatch (对账差异) for finance staff. */
export type ReconciliationMismatch = Item<Answer<'/api/payments/mismatches', 'get'>>;
export type ReconciliationResult = Answer<'/api/payments/reconciliations', 'post'>;

// ---- service halls, appointments, queue numbers (halls)

export type HallSummary = Item<Answer<'/api/halls', 'get'>>;
export type HallDetail = Answer<'/api/halls/{hall}', 'get'>;
export type HallWindow = HallDetail['windows'][number];
export type AppointmentSlot = Item<Answer<'/api/halls/{hall}/slots', 'get'>>;
export type Appointment = Answer<'/api/halls/appointments/{id}', 'get'>;
export type Ticket = Answer<'/api/halls/tickets/{id}', 'get'>;
export type WindowView = Answer<'/api/halls/windows/{id}', 'get'>;
export type CallingScreen = Answer<'/api/halls/{hall}/screen', 'get'>;
export type HallStats = Answer<'/api/halls/{hall}/stats', 'get'>;
export type CounterFilingInput = Body<'/api/halls/windows/{id}/filings', 'post'>;
export type CounterFiled = Answer<'/api/halls/windows/{id}/filings', 'post'>;
export type TicketStatus = Ticket['status'];

// ---- data sharing: registries, grants, consents, the data tracker (exchange); data-subject rights (rights)

export type Registry = Item<Answer<'/api/exchange/registries', 'get'>>;
export type SharingGrant = Item<Answer<'/api/exchange/grants', 'get'>>;
export type NewSharingGrant = Body<'/api/exchange/grants', 'post'>;
export type Consent = Item<Answer<'/api/exchange/consents', 'get'>>;
export type TrackerQuery = Query<'/api/exchange/tracker', 'get'>;
export type TrackerPage = Answer<'/api/exchange/tracker', 'get'>;
export type TrackerEntry = TrackerPage['items'][number];
export type PersonalDataExport = Answer<'/api/me/export', 'get'>;
export type CorrectionTarget = Item<Answer<'/api/me/corrections', 'get'>>;
export type OwnRegistryRecord = CorrectionTarget['records'][number];
/** The preview before applying (数据共享): values the platform would use, their sources, the documents shared. */
export type SharedDataPreview = Answer<'/api/exchange/preview', 'post'>;
export type PreviewValue = SharedDataPreview['values'][number];
export type PreviewEvidence = SharedDataPreview['evidence'][number];

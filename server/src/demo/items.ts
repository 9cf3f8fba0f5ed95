/**
 * Demo service items of Longgang 龙港市 (330383): the things citizens and enterprises
 * actually apply for, spread over the 15 demo departments (org/demo-city.ts), plus the
 * two life-event bundles (出生一件事, 开办企业一件事).
 *
 * Synthetic but realistic: the laws cited exist; the codes, phone numbers, addresses and
 * time limits are invented (promised limits follow typical Zhejiang 最多跑一次 practice).
 *
 * Code shape (our convention, after the national catalogue):
 * - basicCode (12 digits) = type segment (2) + department number (2, order of
 *   DEMO_DEPARTMENTS) + main-item number (2) + sub-item '001' + '000'.
 * - implementationCode = implementing department's USCC (18) + basicCode.
 * - handlingItemCode = implementationCode + 4-digit handling number.
 * Handling items of one main item (e.g. 企业设立/变更/注销登记 under 企业登记) share the
 * main item's basicCode and implementationCode, carry `parentCode` = that basicCode and
 * differ in the handling number; handlingItemCode is unique over all items.
 *
 * Form field keys are shared across items (FIELDS below): the same question has the same
 * key and schema everywhere, so a bundle's combined form asks it once.
 */
import { CITIZEN_ID_PATTERN, MOBILE_PATTERN, USCC_PATTERN } from '../platform/id-numbers.ts';
import { DEMO_DEPARTMENTS } from './city.ts';
import type {
  BundleData,
  Channel,
  FormField,
  ItemType,
  LocalText,
  Material,
  ServiceItemData,
  TimeLimit,
} from '../modules/catalog/index.ts';

const t = (zh: string, en: string): LocalText => ({ zh, en });
const wd = (value: number): TimeLimit => ({ value, unit: 'working_days' });
const nd = (value: number): TimeLimit => ({ value, unit: 'natural_days' });

/** The fixed theme vocabulary of the demo catalogue. */
export const DEMO_THEMES = [
  'household',
  'social-security',
  'medical',
  'housing',
  'business',
  'tax',
  'construction',
  'education',
  'civil-affairs',
  'transport',
  'health',
  'environment',
  'safety',
  'city',
] as const;
export type DemoTheme = (typeof DEMO_THEMES)[number];

export const DEMO_LIFE_EVENTS = ['birth', 'open-business'] as const;
export type DemoLifeEvent = (typeof DEMO_LIFE_EVENTS)[number];

/** Type segment of the basic code. */
const TYPE_SEGMENT: Record<ItemType, string> = {
  licensing: '00',
  penalty: '01',
  levy: '03',
  benefit: '04',
  confirmation: '07',
  reward: '08',
  adjudication: '09',
  other_power: '10',
  public_service: '20',
};

type DeptCode =
  | 'ASB'
  | 'PSB'
  | 'HRSS'
  | 'HSA'
  | 'HUD'
  | 'AMR'
  | 'TAX'
  | 'NRP'
  | 'EDU'
  | 'CAB'
  | 'TRB'
  | 'HCB'
  | 'EEB'
  | 'EMB'
  | 'CLE';

/** Where each department receives applicants, and its service line (synthetic). */
const CENTRE = '龙港市行政审批局政务服务中心（龙港市世纪大道 888 号）';
const CENTRE_EN = 'Government Service Centre, Longgang Administrative Approval Bureau (888 Shiji Avenue, Longgang)';
const CONTACTS: Record<DeptCode, { phone: string; window: string; windowEn: string }> = {
  ASB: { phone: '0577-68821001', window: '综合受理区 A 区', windowEn: 'general reception, zone A' },
  PSB: { phone: '0577-68821012', window: '公安户政窗口 B1-B6', windowEn: 'household registration windows B1-B6' },
  HRSS: {
    phone: '0577-68821023',
    window: '人社窗口 C1-C8',
    windowEn: 'human resources and social security windows C1-C8',
  },
  HSA: { phone: '0577-68821034', window: '医保窗口 C9-C14', windowEn: 'medical insurance windows C9-C14' },
  HUD: {
    phone: '0577-68821045',
    window: '住建及住房公积金窗口 D1-D8',
    windowEn: 'housing and housing fund windows D1-D8',
  },
  AMR: { phone: '0577-68821056', window: '商事登记窗口 A1-A12', windowEn: 'business registration windows A1-A12' },
  TAX: { phone: '0577-68821067', window: '税务窗口 E1-E10', windowEn: 'tax windows E1-E10' },
  NRP: {
    phone: '0577-68821078',
    window: '不动产登记及规划窗口 F1-F12',
    windowEn: 'real estate and planning windows F1-F12',
  },
  EDU: { phone: '0577-68821089', window: '教育窗口 G1-G2', windowEn: 'education windows G1-G2' },
  CAB: { phone: '0577-68821090', window: '民政窗口 G3-G5', windowEn: 'civil affairs windows G3-G5' },
  TRB: { phone: '0577-68821101', window: '交通运输窗口 G6-G8', windowEn: 'transport windows G6-G8' },
  HCB: { phone: '0577-68821112', window: '卫生健康窗口 G9-G10', windowEn: 'health windows G9-G10' },
  EEB: { phone: '0577-68821123', window: '生态环境窗口 H1-H2', windowEn: 'environment windows H1-H2' },
  EMB: { phone: '0577-68821134', window: '应急管理窗口 H3', windowEn: 'emergency management window H3' },
  CLE: {
    phone: '0577-68821145',
    window: '综合执法窗口 H4-H5',
    windowEn: 'comprehensive law enforcement windows H4-H5',
  },
};

// ---------------------------------------------------------------------------------------
// Shared form fields: one key, one schema, everywhere.

const field = (
  key: string,
  zh: string,
  en: string,
  schema: Record<string, unknown>,
  extra: Partial<FormField> = {},
): FormField => ({
  key,
  label: t(zh, en),
  schema,
  ...extra,
});
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const date = { type: 'string', format: 'date' };
/** A date that has happened: a birth, a death, a delivery (not after today in the city). */
const PAST = { notAfter: 'today' };
const money = { type: 'number', minimum: 0, multipleOf: 0.01 };

const F = {
  applicant_name: field(
    'applicant_name',
    '申请人姓名',
    "Applicant's name",
    { type: 'string', minLength: 2, maxLength: 30 },
    { widget: 'text', prefill: 'person.name' },
  ),
  applicant_id_number: field(
    'applicant_id_number',
    '申请人公民身份号码',
    "Applicant's citizen ID number",
    { type: 'string', pattern: CITIZEN_ID_PATTERN },
    { widget: 'idNumber', prefill: 'person.idNumber' },
  ),
  applicant_phone: field(
    'applicant_phone',
    '联系电话',
    'Mobile phone',
    { type: 'string', pattern: MOBILE_PATTERN },
    { widget: 'phone', prefill: 'person.phone' },
  ),
  applicant_address: field('applicant_address', '现居住地址', 'Current address', text(120), { widget: 'address' }),
  child_name: field(
    'child_name',
    '新生儿姓名',
    "Child's name",
    { type: 'string', minLength: 2, maxLength: 30 },
    { widget: 'text' },
  ),
  child_gender: field(
    'child_gender',
    '新生儿性别',
    "Child's sex",
    { type: 'string', enum: ['male', 'female'] },
    { widget: 'radio' },
  ),
  child_birth_date: field('child_birth_date', '出生日期', 'Date of birth', date, { widget: 'date', dates: PAST }),
  child_id_number: field(
    'child_id_number',
    '学生公民身份号码',
    "Child's citizen ID number",
    { type: 'string', pattern: CITIZEN_ID_PATTERN },
    { widget: 'idNumber' },
  ),
  birth_place: field('birth_place', '出生医院', 'Hospital of birth', text(80), { widget: 'text' }),
  mother_name: field(
    'mother_name',
    '母亲姓名',
    "Mother's name",
    { type: 'string', minLength: 2, maxLength: 30 },
    { widget: 'text' },
  ),
  mother_id_number: field(
    'mother_id_number',
    '母亲公民身份号码',
    "Mother's citizen ID number",
    { type: 'string', pattern: CITIZEN_ID_PATTERN },
    { widget: 'idNumber' },
  ),
  father_name: field(
    'father_name',
    '父亲姓名',
    "Father's name",
    { type: 'string', minLength: 2, maxLength: 30 },
    { widget: 'text' },
  ),
  father_id_number: field(
    'father_id_number',
    '父亲公民身份号码',
    "Father's citizen ID number",
    { type: 'string', pattern: CITIZEN_ID_PATTERN },
    { widget: 'idNumber' },
  ),
  household_address: field('household_address', '户籍地址', 'Registered household address', text(120), {
    widget: 'address',
  }),
  delivery_method: field(
    'delivery_method',
    '领取方式',
    'How to receive the result',
    { type: 'string', enum: ['pickup', 'post'] },
    {
      widget: 'radio',
      help: t('选择邮寄的，邮费由政府承担', 'Postage is paid by the government'),
    },
  ),
  company_name: field('company_name', '企业名称', 'Company name', text(100), {
    widget: 'text',
    prefill: 'enterprise.name',
  }),
  company_uscc: field(
    'company_uscc',
    '统一社会信用代码',
    'Unified social credit code',
    { type: 'string', pattern: USCC_PATTERN },
    { widget: 'uscc', prefill: 'enterprise.uscc' },
  ),
  company_type: field(
    'company_type',
    '企业类型',
    'Company type',
    {
      type: 'string',
      enum: ['llc', 'single_person_llc', 'joint_stock', 'partnership', 'sole_proprietorship'],
    },
    { widget: 'select' },
  ),
  registered_capital: field(
    'registered_capital',
    '注册资本（万元）',
    'Registered capital (10,000 yuan)',
    { type: 'number', exclusiveMinimum: 0 },
    { widget: 'money' },
  ),
  legal_rep_name: field(
    'legal_rep_name',
    '法定代表人姓名',
    'Legal representative',
    { type: 'string', minLength: 2, maxLength: 30 },
    { widget: 'text' },
  ),
  legal_rep_id_number: field(
    'legal_rep_id_number',
    '法定代表人公民身份号码',
    "Legal representative's citizen ID number",
    { type: 'string', pattern: CITIZEN_ID_PATTERN },
    { widget: 'idNumber' },
  ),
  business_address: field('business_address', '住所（经营场所）', 'Registered address (premises)', text(120), {
    widget: 'address',
  }),
  business_scope: field('business_scope', '经营范围', 'Business scope', text(2000), { widget: 'textarea' }),
  employee_count: field(
    'employee_count',
    '从业人数',
    'Number of employees',
    { type: 'integer', minimum: 0, maximum: 100000 },
    { widget: 'number' },
  ),
  contact_name: field(
    'contact_name',
    '经办人姓名',
    'Contact person',
    { type: 'string', minLength: 2, maxLength: 30 },
    { widget: 'text', prefill: 'person.name' },
  ),
  premises_area: field(
    'premises_area',
    '经营场所面积（平方米）',
    'Floor area of the premises (m²)',
    { type: 'number', exclusiveMinimum: 0 },
    { widget: 'number' },
  ),
  change_items: field(
    'change_items',
    '变更事项',
    'What changes',
    {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        type: 'string',
        enum: ['name', 'address', 'legal_rep', 'registered_capital', 'business_scope', 'shareholders'],
      },
    },
    { widget: 'checkbox' },
  ),
  cancel_reason: field(
    'cancel_reason',
    '注销原因',
    'Reason for deregistration',
    { type: 'string', enum: ['dissolution', 'bankruptcy', 'revoked', 'other'] },
    { widget: 'select' },
  ),
  bank_name: field('bank_name', '开户银行', 'Bank', text(60), { widget: 'text' }),
  bank_account: field(
    'bank_account',
    '银行账号',
    'Bank account number',
    { type: 'string', pattern: '^\\d{8,30}$' },
    { widget: 'text' },
  ),
  project_name: field('project_name', '项目名称', 'Project name', text(100), { widget: 'text' }),
  project_address: field('project_address', '项目地址', 'Project location', text(120), { widget: 'address' }),
  building_area: field(
    'building_area',
    '总建筑面积（平方米）',
    'Total floor area (m²)',
    { type: 'number', exclusiveMinimum: 0 },
    { widget: 'number' },
  ),
  total_investment: field(
    'total_investment',
    '总投资（万元）',
    'Total investment (10,000 yuan)',
    { type: 'number', exclusiveMinimum: 0 },
    { widget: 'money' },
  ),
  start_date: field('start_date', '开始日期', 'Start date', date, { widget: 'date' }),
  booking_date: field('booking_date', '预约登记日期', 'Day booked for the registration', date, {
    widget: 'date',
    dates: { notBefore: 'today' },
  }),
  end_date: field('end_date', '结束日期', 'End date', date, { widget: 'date' }),
  remarks: field(
    'remarks',
    '备注',
    'Remarks',
    { type: 'string', maxLength: 500 },
    { widget: 'textarea', optional: true },
  ),
  amount_yuan: field('amount_yuan', '申请金额（元）', 'Amount claimed (yuan)', money, { widget: 'money' }),
  property_address: field('property_address', '房屋坐落', 'Property address', text(120), { widget: 'address' }),
  property_certificate_number: field(
    'property_certificate_number',
    '不动产权证书号',
    'Real-estate title certificate number',
    text(40),
    { widget: 'text' },
  ),
  migration_reason: field(
    'migration_reason',
    '迁入类型',
    'Grounds for moving in',
    {
      type: 'string',
      enum: ['house_purchase', 'employment', 'join_family', 'study', 'talent'],
    },
    { widget: 'select' },
  ),
  previous_household_address: field(
    'previous_household_address',
    '迁出地户籍地址',
    'Current household registration (moving from)',
    text(120),
    { widget: 'address' },
  ),
  destination_city: field(
    'destination_city',
    '就医地（省、市）',
    'Where treatment takes place (province, city)',
    text(40),
    { widget: 'text' },
  ),
  filing_reason: field(
    'filing_reason',
    '备案类型',
    'Type of filing',
    {
      type: 'string',
      enum: ['resettled', 'long_term_resident', 'posted_worker', 'referral', 'temporary_trip'],
    },
    { widget: 'select' },
  ),
  delivery_date: field('delivery_date', '分娩（手术）日期', 'Date of delivery (or procedure)', date, {
    widget: 'date',
    dates: PAST,
  }),
  hospital_name: field('hospital_name', '就诊医疗机构', 'Hospital', text(80), { widget: 'text' }),
  withdrawal_reason: field(
    'withdrawal_reason',
    '提取原因',
    'Reason for withdrawal',
    {
      type: 'string',
      enum: ['house_purchase', 'rent', 'loan_repayment', 'retirement', 'leaving_city', 'serious_illness'],
    },
    { widget: 'select' },
  ),
  loan_amount: field(
    'loan_amount',
    '申请贷款金额（万元）',
    'Loan amount (10,000 yuan)',
    { type: 'number', exclusiveMinimum: 0, maximum: 120 },
    { widget: 'money' },
  ),
  loan_term_years: field(
    'loan_term_years',
    '贷款年限（年）',
    'Loan term (years)',
    { type: 'integer', minimum: 1, maximum: 30 },
    { widget: 'number' },
  ),
  invoice_type: field(
    'invoice_type',
    '发票种类',
    'Invoice type',
    {
      type: 'string',
      enum: ['digital_special', 'digital_ordinary'],
    },
    { widget: 'select' },
  ),
  invoice_quantity: field(
    'invoice_quantity',
    '申请领用数量（份）',
    'Number of invoices requested',
    { type: 'integer', minimum: 1, maximum: 1000 },
    { widget: 'number' },
  ),
  tax_year: field(
    'tax_year',
    '汇算年度',
    'Tax year',
    { type: 'integer', minimum: 2019, maximum: 2100 },
    { widget: 'number' },
  ),
  accounting_method: field(
    'accounting_method',
    '财务会计制度',
    'Accounting standard',
    {
      type: 'string',
      enum: ['small_enterprise', 'enterprise', 'other'],
    },
    { widget: 'select' },
  ),
  seal_types: field(
    'seal_types',
    '刻制印章种类',
    'Seals to be engraved',
    {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: ['official', 'finance', 'invoice', 'contract', 'legal_rep'] },
    },
    { widget: 'checkbox' },
  ),
  school_name: field('school_name', '意向学校', 'Preferred school', text(60), { widget: 'select' }),
  kindergarten_name: field(
    'kindergarten_name',
    '毕业幼儿园 / 小学',
    'Kindergarten or primary school attended',
    text(60),
    { widget: 'text' },
  ),
  guardian_relation: field(
    'guardian_relation',
    '申请人与子女关系',
    "Applicant's relationship to the child",
    { type: 'string', enum: ['father', 'mother', 'grandparent', 'other_guardian'] },
    { widget: 'select' },
  ),
  teaching_subject: field('teaching_subject', '任教学科', 'Teaching subject', text(30), { widget: 'text' }),
  qualification_type: field(
    'qualification_type',
    '资格种类',
    'Kind of certificate',
    {
      type: 'string',
      enum: ['kindergarten', 'primary', 'junior_secondary', 'senior_secondary', 'vocational'],
    },
    { widget: 'select' },
  ),
  family_size: field(
    'family_size',
    '共同生活家庭成员人数',
    'Household members living together',
    { type: 'integer', minimum: 1, maximum: 20 },
    { widget: 'number' },
  ),
  monthly_income: field('monthly_income', '家庭月总收入（元）', 'Monthly household income (yuan)', money, {
    widget: 'money',
  }),
  spouse_name: field(
    'spouse_name',
    '对方姓名',
    "Spouse-to-be's name",
    { type: 'string', minLength: 2, maxLength: 30 },
    { widget: 'text' },
  ),
  spouse_id_number: field(
    'spouse_id_number',
    '对方公民身份号码',
    "Spouse-to-be's citizen ID number",
    { type: 'string', pattern: CITIZEN_ID_PATTERN },
    { widget: 'idNumber' },
  ),
  deceased_name: field(
    'deceased_name',
    '逝者姓名',
    'Name of the deceased',
    { type: 'string', minLength: 2, maxLength: 30 },
    { widget: 'text' },
  ),
  deceased_id_number: field(
    'deceased_id_number',
    '逝者公民身份号码',
    "Deceased's citizen ID number",
    { type: 'string', pattern: CITIZEN_ID_PATTERN },
    { widget: 'idNumber' },
  ),
  death_date: field('death_date', '死亡日期', 'Date of death', date, { widget: 'date', dates: PAST }),
  vehicle_count: field(
    'vehicle_count',
    '车辆数（辆）',
    'Number of vehicles',
    { type: 'integer', minimum: 1, maximum: 10000 },
    { widget: 'number' },
  ),
  driving_licence_date: field(
    'driving_licence_date',
    '机动车驾驶证初次领证日期',
    'Date the driving licence was first issued',
    date,
    { widget: 'date', dates: PAST },
  ),
  practice_category: field(
    'practice_category',
    '执业类别',
    'Category of practice',
    {
      type: 'string',
      enum: ['clinical', 'traditional_chinese', 'dental', 'public_health'],
    },
    { widget: 'select' },
  ),
  practice_institution: field('practice_institution', '拟执业机构', 'Institution of practice', text(80), {
    widget: 'text',
  }),
  industry_category: field('industry_category', '行业类别', 'Industry category', text(60), { widget: 'text' }),
  chemical_names: field('chemical_names', '经营的危险化学品品种', 'Hazardous chemicals traded', text(1000), {
    widget: 'textarea',
  }),
  storage_mode: field(
    'storage_mode',
    '储存方式',
    'Storage',
    { type: 'string', enum: ['no_storage', 'own_warehouse', 'leased_warehouse'] },
    { widget: 'radio' },
  ),
  occupy_location: field('occupy_location', '占用（设置）地点', 'Location', text(120), { widget: 'address' }),
  occupy_area: field(
    'occupy_area',
    '占用（设置）面积（平方米）',
    'Area (m²)',
    { type: 'number', exclusiveMinimum: 0 },
    { widget: 'number' },
  ),
  occupy_purpose: field('occupy_purpose', '用途', 'Purpose', text(200), { widget: 'textarea' }),
  ad_content: field('ad_content', '广告（招牌）内容', 'Text of the advertisement or signboard', text(200), {
    widget: 'textarea',
  }),
  place_type: field(
    'place_type',
    '场所类型',
    'Kind of venue',
    {
      type: 'string',
      enum: ['hotel', 'bathhouse', 'beauty_salon', 'swimming_pool', 'cinema', 'other'],
    },
    { widget: 'select' },
  ),
} as const;

// ---------------------------------------------------------------------------------------
// Materials

type MatOpts = Partial<Pick<Material, 'required' | 'form' | 'copies' | 'basis' | 'blankForm' | 'sample'>>;
const mat = (code: string, zh: string, en: string, opts: MatOpts = {}): Material => ({
  code,
  name: t(zh, en),
  required: opts.required ?? true,
  form: opts.form ?? 'electronic',
  source: 'applicant',
  ...opts,
});
const shared = (code: string, zh: string, en: string, sharedFrom: string): Material => ({
  code,
  name: t(zh, en),
  required: true,
  form: 'electronic',
  source: 'shared',
  sharedFrom,
});
const ID_CARD = shared('id_card', '居民身份证', 'Resident ID card', 'population-registry');
const HOUSEHOLD_BOOK = shared('household_book', '居民户口簿', 'Household register booklet', 'population-registry');
const BUSINESS_LICENCE = shared('business_licence', '营业执照', 'Business licence', 'enterprise-registry');
const LEGAL_REP_ID = shared(
  'legal_rep_id',
  '法定代表人居民身份证',
  "Legal representative's ID card",
  'population-registry',
);
const BIRTH_CERT = shared('birth_certificate', '出生医学证明', 'Medical birth certificate', 'birth-certificates');
const PROPERTY_CERT = shared(
  'property_certificate',
  '不动产权证书',
  'Real-estate title certificate',
  'real-estate-registry',
);
const MARRIAGE_CERT = shared('marriage_certificate', '结婚证', 'Marriage certificate', 'marriage-registry');
const LAND_CERT = shared(
  'land_certificate',
  '建设用地批准文件（不动产权证书）',
  'Land-use approval or title certificate',
  'real-estate-registry',
);
const PLANNING_PERMIT = shared(
  'planning_permit',
  '建设工程规划许可证',
  'Construction project planning permit',
  'planning-permits',
);
const DRIVING_LICENCE = shared('driving_licence', '机动车驾驶证', 'Driving licence', 'driving-licences');
const APPLICATION = (code = 'application') =>
  mat(code, '申请表（系统在线填写生成）', 'Application form (generated from the online form)');

// ---------------------------------------------------------------------------------------
// Item builder

type Spec = {
  dept: DeptCode;
  /** main-item number within the department (01..99) */
  seq: number;
  /** handling number (1 by default); handling items of one main item share `seq` */
  handling?: number;
  level?: ServiceItemData['level'];
  handlingKind?: ServiceItemData['handlingKind'];
  type: ItemType;
  name: LocalText;
  keywords: string[];
  legalBasis: string[];
  targetUsers: ServiceItemData['targetUsers'];
  themes: DemoTheme[];
  lifeEvents?: DemoLifeEvent[];
  conditions: LocalText[];
  statutoryLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
  visits?: number;
  visitsReason?: string;
  onlineDepth?: ServiceItemData['onlineDepth'];
  channels?: Channel[];
  scope?: ServiceItemData['scope'];
  coDepartments?: DeptCode[];
  fees?: ServiceItemData['fees'];
  result: ServiceItemData['result'];
  materials: Material[];
  faq: ServiceItemData['faq'];
  form: ServiceItemData['form'];
  processCode?: ServiceItemData['processCode'];
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function item(s: Spec): ServiceItemData {
  const deptIndex = DEMO_DEPARTMENTS.findIndex((d) => d.code === s.dept);
  if (deptIndex < 0) throw new Error(`unknown department ${s.dept}`);
  const dept = DEMO_DEPARTMENTS[deptIndex]!;
  const basicCode = `${TYPE_SEGMENT[s.type]}${pad(deptIndex + 1, 2)}${pad(s.seq, 2)}001000`;
  const implementationCode = `${dept.uscc}${basicCode}`;
  const level = s.level ?? 'main';
  const contact = CONTACTS[s.dept];
  const data: ServiceItemData = {
    basicCode,
    implementationCode,
    handlingItemCode: `${implementationCode}${pad(s.handling ?? 1, 4)}`,
    level,
    type: s.type,
    name: s.name,
    keywords: s.keywords,
    departmentCode: s.dept,
    implementingBody: t(dept.name, dept.nameEn),
    legalBasis: s.legalBasis,
    targetUsers: s.targetUsers,
    themes: s.themes,
    lifeEvents: s.lifeEvents ?? [],
    conditions: s.conditions,
    statutoryLimit: s.statutoryLimit,
    promisedLimit: s.promisedLimit,
    visits: s.visits ?? 0,
    onlineDepth: s.onlineDepth ?? 4,
    channels: s.channels ?? ['online', 'mobile', 'window'],
    scope: s.scope ?? 'city',
    coDepartments: s.coDepartments ?? [],
    fees: s.fees ?? [],
    result: s.result,
    materials: s.materials,
    faq: s.faq,
    contacts: { phone: contact.phone, address: t(`${CENTRE}${contact.window}`, `${CENTRE_EN}, ${contact.windowEn}`) },
    form: s.form,
    processCode: s.processCode ?? 'simple_licence',
  };
  if (s.visitsReason) data.visitsReason = s.visitsReason;
  if (level === 'handling') {
    data.handlingKind = s.handlingKind ?? 'new';
    data.parentCode = basicCode;
  } else if (s.handlingKind) {
    data.handlingKind = s.handlingKind;
  }
  return data;
}

const section = (zh: string, en: string, fields: FormField[]) => ({ title: t(zh, en), fields });
const applicantSection = (...extra: FormField[]) =>
  section('申请人信息', 'Applicant', [F.applicant_name, F.applicant_id_number, F.applicant_phone, ...extra]);
const enterpriseSection = (...extra: FormField[]) =>
  section('企业信息', 'Enterprise', [F.company_name, F.company_uscc, F.contact_name, F.applicant_phone, ...extra]);
const faq = (qzh: string, qen: string, azh: string, aen: string) => ({ q: t(qzh, qen), a: t(azh, aen) });

// ---------------------------------------------------------------------------------------
// Correction of a registry record (数据更正): one item per department that owns a registry
// (exchange.registries), handled in that department's inbox on the one-stop workflow. The
// citizen app's 申请更正 files it through the ordinary submission, naming the registry, the
// record and the field.

/** Registries (exchange module) by owning department, for the correction items' registry choice. */
export const REGISTRIES_BY_OWNER = {
  PSB: ['population-registry', 'driving-licences'],
  AMR: ['enterprise-registry'],
  CAB: ['marriage-registry'],
  HRSS: ['social-insurance'],
  HUD: ['housing-fund'],
  NRP: ['real-estate-registry'],
  EDU: ['education-records'],
  HCB: ['birth-certificates'],
  ASB: ['documents'],
} as const satisfies Partial<Record<DeptCode, readonly string[]>>;

/** The correction request's own questions (the registry, record and field it is about). */
const correctionFields = (registries: readonly string[]) => [
  field(
    'registry_code',
    '需更正的数据资源',
    'Registry holding the record',
    { type: 'string', enum: [...registries] },
    { widget: 'select' },
  ),
  field('record_id', '记录编号', 'Record number', text(64), { widget: 'text', optional: true }),
  field('record_field', '需更正的项目', 'Item to correct', text(60), { widget: 'text' }),
  field('current_value', '现登记内容', 'What the record says', text(500), { widget: 'text', optional: true }),
  field('correct_value', '应更正为', 'What it should say', text(500), { widget: 'text' }),
  field('correction_reason', '更正理由', 'Why it is wrong', text(1000), { widget: 'textarea' }),
];

function correctionItem(dept: keyof typeof REGISTRIES_BY_OWNER): ServiceItemData {
  const enterprise = dept === 'AMR';
  return item({
    dept,
    seq: 90,
    type: 'public_service',
    name: enterprise
      ? t('企业登记信息更正申请', 'Correction of enterprise registration data')
      : t('个人信息更正申请', 'Correction of personal data'),
    keywords: ['信息更正', '数据更正', '更正申请', '数据有误', '信息有误', 'correction'],
    legalBasis: ['《中华人民共和国个人信息保护法》', '《中华人民共和国数据安全法》'],
    targetUsers: [enterprise ? 'enterprise' : 'person'],
    themes: [enterprise ? 'business' : 'civil-affairs'],
    conditions: [
      t(
        '申请人认为本部门登记的本人（本企业）信息不准确或者不完整',
        'The applicant finds data this department holds about them (their enterprise) wrong or incomplete',
      ),
    ],
    statutoryLimit: null,
    promisedLimit: wd(10),
    result: {
      name: t('信息更正结果告知书', 'Notice of the correction decision'),
      type: 'other',
      electronic: true,
    },
    materials: [
      enterprise ? BUSINESS_LICENCE : ID_CARD,
      mat('correction_evidence', '证明材料（如有）', 'Supporting documents (if any)', { required: false }),
    ],
    faq: [
      faq(
        '更正后其他部门能看到新的信息吗？',
        'Will other departments see the corrected data?',
        '会。更正后的记录通过数据共享提供给有授权的部门，您可在“谁查了我的数据”中查看使用情况。',
        'Yes. The corrected record is what departments with a sharing grant read; see who read it under 谁查了我的数据.',
      ),
    ],
    form: {
      sections: [
        enterprise ? enterpriseSection() : applicantSection(),
        section('更正内容', 'Correction', correctionFields(REGISTRIES_BY_OWNER[dept])),
      ],
    },
  });
}

/** The correction items, one per registry owner. */
const CORRECTION_ITEMS = (Object.keys(REGISTRIES_BY_OWNER) as (keyof typeof REGISTRIES_BY_OWNER)[]).map(correctionItem);

// ---------------------------------------------------------------------------------------
// The items

export const DEMO_ITEMS: readonly ServiceItemData[] = [
  // ----- ASB 行政审批局 (relatively centralised licensing) -----
  item({
    dept: 'ASB',
    seq: 1,
    type: 'licensing',
    name: t('建筑工程施工许可证核发', 'Construction work permit'),
    keywords: ['施工许可', '施工许可证', '开工许可', 'building permit'],
    legalBasis: ['《中华人民共和国建筑法》', '《建筑工程施工许可管理办法》'],
    targetUsers: ['enterprise'],
    themes: ['construction'],
    conditions: [
      t(
        '已依法办理建设用地批准手续和建设工程规划许可证',
        'Land-use approval and the construction project planning permit have been obtained',
      ),
      t(
        '已确定施工企业，施工图设计文件已按规定审查合格',
        'The contractor has been chosen and the construction drawings have passed review',
      ),
      t('有保证工程质量和安全的具体措施', 'Concrete quality and safety measures are in place'),
    ],
    statutoryLimit: wd(7),
    promisedLimit: wd(3),
    coDepartments: ['HUD', 'NRP'],
    result: { name: t('建筑工程施工许可证', 'Construction work permit'), type: 'certificate', electronic: true },
    materials: [
      APPLICATION(),
      BUSINESS_LICENCE,
      PLANNING_PERMIT,
      mat('contract', '施工合同（中标通知书）', 'Construction contract or notice of award'),
      mat('safety_plan', '质量安全监督手续及安全施工措施', 'Quality and safety supervision filing and safety measures'),
    ],
    faq: [
      faq(
        '工程投资额较小是否需要办理？',
        'Do small projects need a permit?',
        '工程投资额在 30 万元以下或者建筑面积在 300 平方米以下的建筑工程，可以不申请办理施工许可证。',
        'Works under 300,000 yuan of investment or under 300 m² of floor area need no permit.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('工程信息', 'Project', [
          F.project_name,
          F.project_address,
          F.building_area,
          F.total_investment,
          F.start_date,
        ]),
      ],
    },
    processCode: 'joint_review',
  }),
  item({
    dept: 'ASB',
    seq: 2,
    type: 'licensing',
    name: t('公共场所卫生许可', 'Public venue hygiene licence'),
    keywords: ['卫生许可证', '宾馆卫生许可', '美容美发卫生许可', 'hygiene licence'],
    legalBasis: ['《公共场所卫生管理条例》', '《公共场所卫生管理条例实施细则》'],
    targetUsers: ['enterprise'],
    themes: ['health', 'business'],
    conditions: [
      t(
        '场所布局、卫生设施符合公共场所卫生标准',
        'Layout and sanitary facilities meet the public venue hygiene standards',
      ),
      t('从业人员经健康检查合格', 'Staff have passed health checks'),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(5),
    coDepartments: ['HCB'],
    result: { name: t('公共场所卫生许可证', 'Public venue hygiene licence'), type: 'certificate', electronic: true },
    materials: [
      APPLICATION(),
      BUSINESS_LICENCE,
      mat('floor_plan', '经营场所平面布局图及卫生设施说明', 'Floor plan and description of sanitary facilities'),
      mat('health_check', '从业人员健康合格证明', 'Health certificates of the staff'),
    ],
    faq: [
      faq(
        '许可证有效期多久？',
        'How long is the licence valid?',
        '有效期 4 年，期满前 30 日申请延续。',
        'Four years; apply for renewal 30 days before expiry.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('场所信息', 'Venue', [F.place_type, F.business_address, F.premises_area, F.employee_count]),
      ],
    },
  }),
  item({
    dept: 'ASB',
    seq: 3,
    type: 'licensing',
    name: t('经营性人力资源服务许可', 'Licence for commercial human resources services'),
    keywords: ['人力资源服务许可证', '职业中介', '劳务派遣', 'job agency licence'],
    legalBasis: ['《人力资源市场暂行条例》', '《中华人民共和国就业促进法》'],
    targetUsers: ['enterprise'],
    themes: ['business'],
    conditions: [
      t('有明确的章程和管理制度', 'Has articles and management rules'),
      t('有开展业务必备的固定场所、办公设施和开办资金', 'Has fixed premises, office equipment and start-up funds'),
      t('有与开展业务相适应的专业人员', 'Has professional staff suited to the business'),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(5),
    coDepartments: ['HRSS'],
    result: {
      name: t('人力资源服务许可证', 'Human resources services licence'),
      type: 'certificate',
      electronic: true,
    },
    materials: [
      APPLICATION(),
      BUSINESS_LICENCE,
      mat('rules', '机构章程和管理制度', 'Articles and management rules'),
      mat('staff_list', '专职工作人员名单及资格证明', 'List of full-time staff and their qualifications'),
    ],
    faq: [
      faq(
        '是否需要实地核查？',
        'Is there an on-site inspection?',
        '一般采用告知承诺方式办理，领证后 2 个月内进行核查。',
        'Usually granted on a written commitment, with an inspection within two months.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('经营信息', 'Business', [F.business_address, F.premises_area, F.employee_count, F.business_scope]),
      ],
    },
  }),

  // ----- PSB 公安局 -----
  item({
    dept: 'PSB',
    seq: 1,
    type: 'confirmation',
    name: t('出生登记（户口申报）', 'Birth registration in the household register'),
    keywords: ['报户口', '新生儿落户', '上户口', '出生落户', 'hukou'],
    legalBasis: ['《中华人民共和国户口登记条例》'],
    targetUsers: ['person'],
    themes: ['household'],
    lifeEvents: ['birth'],
    conditions: [
      t('新生儿父亲或母亲一方户籍在龙港市', 'The father or mother is registered in Longgang'),
      t('已取得出生医学证明', 'The medical birth certificate has been issued'),
    ],
    statutoryLimit: null,
    promisedLimit: wd(1),
    coDepartments: ['HCB'],
    result: {
      name: t('居民户口簿（新生儿户口页）', 'Household booklet page of the child'),
      type: 'certificate',
      electronic: true,
    },
    materials: [
      BIRTH_CERT,
      HOUSEHOLD_BOOK,
      shared('parents_id', '父母双方居民身份证', "Parents' ID cards", 'population-registry'),
      MARRIAGE_CERT,
    ],
    faq: [
      faq(
        '出生多久内要申报户口？',
        'How soon must the birth be registered?',
        '婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向户口登记机关申报出生登记。',
        'Within one month of birth (Hukou Registration Regulations).',
      ),
      faq(
        '随父还是随母落户？',
        'Father’s or mother’s household?',
        '可自愿选择随父或随母申报常住户口。',
        'Either parent’s household, as the family chooses.',
      ),
    ],
    form: {
      sections: [
        section('新生儿信息', 'Child', [F.child_name, F.child_gender, F.child_birth_date, F.birth_place]),
        section('父母信息', 'Parents', [
          F.mother_name,
          F.mother_id_number,
          F.father_name,
          F.father_id_number,
          F.household_address,
          F.applicant_phone,
        ]),
      ],
    },
  }),
  item({
    dept: 'PSB',
    seq: 2,
    type: 'confirmation',
    name: t('户口迁入（市外迁入）', 'Moving household registration into Longgang'),
    keywords: ['户口迁移', '落户', '迁户口', '购房落户', '人才落户', '跨省迁移'],
    legalBasis: ['《中华人民共和国户口登记条例》', '《国务院关于进一步推进户籍制度改革的意见》'],
    targetUsers: ['person'],
    themes: ['household'],
    conditions: [
      t(
        '在龙港市有合法稳定住所（含租赁）或合法稳定就业',
        'Has lawful stable housing (including rented) or lawful stable employment in Longgang',
      ),
      t('符合龙港市户口迁移政策规定的其他情形', 'Or meets another ground of the city’s hukou policy'),
    ],
    statutoryLimit: null,
    promisedLimit: wd(5),
    scope: 'nationwide',
    result: {
      name: t('准予迁入证明及户口簿', 'Approval of the move and updated household booklet'),
      type: 'approval',
      electronic: true,
    },
    materials: [
      ID_CARD,
      HOUSEHOLD_BOOK,
      mat('housing_proof', '合法稳定住所证明（不动产权证书或租赁合同）', 'Proof of housing (title or lease)'),
      mat('employment_proof', '劳动合同或就业证明', 'Employment contract', { required: false }),
    ],
    faq: [
      faq(
        '是否还要回原籍开迁移证？',
        'Must I go back to get a moving certificate?',
        '不用。已实行跨省户口迁移“一站式”办理，在迁入地申请即可。',
        'No. Moves are handled in one stop at the destination.',
      ),
    ],
    form: {
      sections: [
        applicantSection(F.applicant_address),
        section('迁移信息', 'Move', [F.migration_reason, F.previous_household_address, F.property_address]),
      ],
    },
  }),
  item({
    dept: 'PSB',
    seq: 3,
    handling: 1,
    level: 'handling',
    handlingKind: 'renew',
    type: 'confirmation',
    name: t('居民身份证换领', 'Renewal of the resident ID card'),
    keywords: ['身份证', '身份证到期', '换身份证', '身份证换证', 'ID card'],
    legalBasis: ['《中华人民共和国居民身份证法》'],
    targetUsers: ['person'],
    themes: ['household'],
    conditions: [
      t(
        '居民身份证有效期满、登记项目变更或者证件严重损坏不能辨认',
        'The card has expired, its details changed, or it is badly damaged',
      ),
    ],
    statutoryLimit: nd(60),
    promisedLimit: wd(15),
    visits: 1,
    visitsReason: '现场采集人像和指纹信息（已有合格人像可网上预约后免采集）',
    onlineDepth: 3,
    channels: ['online', 'mobile', 'window', 'booking', 'post'],
    scope: 'nationwide',
    fees: [
      {
        name: t('居民身份证工本费', 'ID card production fee'),
        amountYuan: 20,
        basis: '《中华人民共和国居民身份证法》',
        timing: 'before_acceptance',
      },
    ],
    result: { name: t('居民身份证', 'Resident ID card'), type: 'certificate', electronic: true },
    materials: [
      ID_CARD,
      HOUSEHOLD_BOOK,
      mat('photo', '数码相片回执（可现场采集）', 'Digital photo receipt (or taken on site)', { required: false }),
    ],
    faq: [
      faq(
        '可以在外地换领吗？',
        'Can I renew it elsewhere?',
        '可以，居民身份证换领已实现全国通办。',
        'Yes; ID card renewal can be done anywhere in China.',
      ),
      faq(
        '办理期间需要用身份证怎么办？',
        'What if I need ID meanwhile?',
        '可申领临时居民身份证，或使用电子身份证。',
        'Apply for a temporary ID card or use the electronic ID.',
      ),
    ],
    form: {
      sections: [
        applicantSection(F.household_address),
        section('领取', 'Collection', [F.delivery_method, F.applicant_address]),
      ],
    },
  }),
  item({
    dept: 'PSB',
    seq: 3,
    handling: 2,
    level: 'handling',
    handlingKind: 'renew',
    type: 'confirmation',
    name: t('居民身份证挂失补领', 'Replacement of a lost resident ID card'),
    keywords: ['身份证丢了', '身份证挂失', '补办身份证', 'lost ID card'],
    legalBasis: ['《中华人民共和国居民身份证法》'],
    targetUsers: ['person'],
    themes: ['household'],
    conditions: [t('居民身份证丢失或被盗', 'The ID card was lost or stolen')],
    statutoryLimit: nd(60),
    promisedLimit: wd(15),
    visits: 1,
    visitsReason: '现场采集人像和指纹信息',
    onlineDepth: 3,
    channels: ['online', 'mobile', 'window', 'booking', 'post'],
    scope: 'nationwide',
    fees: [
      {
        name: t('居民身份证工本费', 'ID card production fee'),
        amountYuan: 20,
        basis: '《中华人民共和国居民身份证法》',
        timing: 'before_acceptance',
      },
    ],
    result: { name: t('居民身份证', 'Resident ID card'), type: 'certificate', electronic: true },
    materials: [
      HOUSEHOLD_BOOK,
      mat('loss_statement', '丢失情况说明（在线签署）', 'Statement on the loss (signed online)'),
    ],
    faq: [
      faq(
        '挂失后原证还能用吗？',
        'Is the old card still valid after reporting?',
        '挂失后原证作废，找回也不能再使用。',
        'No, a reported card is void even if found again.',
      ),
    ],
    form: {
      sections: [
        applicantSection(F.household_address),
        section('领取', 'Collection', [F.delivery_method, F.applicant_address, F.remarks]),
      ],
    },
  }),
  item({
    dept: 'PSB',
    seq: 4,
    type: 'other_power',
    name: t('公章刻制备案', 'Filing for engraving company seals'),
    keywords: ['刻章', '公章', '印章备案', '财务章', '发票专用章', 'company seal'],
    legalBasis: ['《国务院关于国家行政机关和企业事业单位社会团体印章管理的规定》'],
    targetUsers: ['enterprise'],
    themes: ['business'],
    lifeEvents: ['open-business'],
    conditions: [t('已依法取得营业执照或其他登记证明', 'The business licence or other registration has been obtained')],
    statutoryLimit: null,
    promisedLimit: { value: 0, unit: 'working_days' },
    coDepartments: ['AMR'],
    result: {
      name: t('印章备案信息（电子印章同步发放）', 'Seal filing record (electronic seals issued)'),
      type: 'other',
      electronic: true,
    },
    materials: [
      BUSINESS_LICENCE,
      LEGAL_REP_ID,
      mat('seal_sample', '印模（刻章企业上传）', 'Seal impressions (uploaded by the engraver)'),
    ],
    faq: [
      faq(
        '刻章要钱吗？',
        'Do seals cost money?',
        '新开办企业首套印章由政府购买服务免费刻制。',
        'The first set of seals for a new business is free (government-purchased).',
      ),
    ],
    form: {
      sections: [enterpriseSection(F.legal_rep_name), section('印章信息', 'Seals', [F.seal_types, F.delivery_method])],
    },
  }),
  item({
    dept: 'PSB',
    seq: 5,
    type: 'confirmation',
    name: t('居住证申领', 'Residence permit application'),
    keywords: ['居住证', '暂住证', '流动人口登记', 'residence permit'],
    legalBasis: ['《居住证暂行条例》'],
    targetUsers: ['person'],
    themes: ['household'],
    conditions: [
      t('在龙港市居住半年以上', 'Has lived in Longgang for at least six months'),
      t('有合法稳定就业、合法稳定住所或连续就读', 'Has stable employment, stable housing or is studying'),
    ],
    statutoryLimit: nd(15),
    promisedLimit: wd(7),
    visits: 1,
    visitsReason: '首次申领需现场采集人像',
    onlineDepth: 3,
    result: { name: t('浙江省居住证', 'Zhejiang residence permit'), type: 'certificate', electronic: true },
    materials: [
      ID_CARD,
      mat('housing_proof', '住所证明（租赁合同或房东证明）', 'Proof of residence'),
      mat('employment_proof', '就业或就读证明', 'Proof of employment or study'),
    ],
    faq: [
      faq(
        '居住证有什么用？',
        'What does the permit give?',
        '可享受随迁子女入学、社保、公积金等基本公共服务和便利。',
        'Access to schooling for children, social insurance, housing fund and other public services.',
      ),
    ],
    form: { sections: [applicantSection(F.applicant_address, F.household_address)] },
  }),

  // ----- HRSS 人社局 -----
  item({
    dept: 'HRSS',
    seq: 1,
    type: 'public_service',
    name: t('社会保障卡申领', 'Social security card application'),
    keywords: ['社保卡', '社保卡办理', '新生儿社保卡', '电子社保卡', 'social security card'],
    legalBasis: ['《中华人民共和国社会保险法》'],
    targetUsers: ['person'],
    themes: ['social-security'],
    lifeEvents: ['birth'],
    conditions: [
      t(
        '已在龙港市参加社会保险（新生儿随出生一件事同步参保）',
        'Insured in Longgang (newborns are enrolled through the birth bundle)',
      ),
    ],
    statutoryLimit: null,
    promisedLimit: wd(5),
    channels: ['online', 'mobile', 'window', 'post'],
    scope: 'nationwide',
    result: {
      name: t('社会保障卡（含电子社保卡）', 'Social security card (with electronic card)'),
      type: 'certificate',
      electronic: true,
    },
    materials: [ID_CARD, mat('photo', '近期免冠证件照（电子）', 'Recent ID photo (digital)')],
    faq: [
      faq(
        '新生儿没有照片可以办吗？',
        'Can a baby without a photo get a card?',
        '可以，未满 16 周岁可不采集照片。',
        'Yes; no photo is needed for children under 16.',
      ),
      faq(
        '银行卡功能怎么激活？',
        'How do I activate the bank function?',
        '凭卡到合作银行网点或在手机银行激活。',
        'At a partner bank branch or in its mobile app.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('新生儿信息（为子女申领时填写）', 'Child (when applying for a child)', [
          F.child_name,
          F.child_birth_date,
          F.guardian_relation,
        ]),
        section('领取', 'Collection', [F.delivery_method, F.applicant_address]),
      ],
    },
  }),
  item({
    dept: 'HRSS',
    seq: 2,
    type: 'public_service',
    name: t('社会保险参保登记（单位）', 'Social insurance registration of an employer'),
    keywords: ['社保开户', '单位参保', '企业社保登记', '社保登记', 'social insurance'],
    legalBasis: ['《中华人民共和国社会保险法》', '《社会保险费征缴暂行条例》'],
    targetUsers: ['enterprise'],
    themes: ['social-security', 'business'],
    lifeEvents: ['open-business'],
    conditions: [t('用人单位自成立之日起 30 日内申请办理社会保险登记', 'Within 30 days of being established')],
    statutoryLimit: wd(15),
    promisedLimit: { value: 0, unit: 'working_days' },
    coDepartments: ['TAX'],
    result: { name: t('社会保险登记信息', 'Social insurance registration record'), type: 'other', electronic: true },
    materials: [BUSINESS_LICENCE, LEGAL_REP_ID, mat('employee_list', '参保职工花名册', 'List of insured employees')],
    faq: [
      faq(
        '新办企业还要单独跑社保窗口吗？',
        'Must new companies visit the social security window?',
        '不用。企业设立登记时勾选即同步办理。',
        'No; tick it when registering the company.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(F.legal_rep_name),
        section('参保信息', 'Insurance', [F.employee_count, F.bank_name, F.bank_account]),
      ],
    },
  }),
  item({
    dept: 'HRSS',
    seq: 3,
    type: 'benefit',
    name: t('职工基本养老保险待遇申领', 'Claim of the basic old-age pension for employees'),
    keywords: ['退休', '养老金', '领养老金', '退休手续', 'pension'],
    legalBasis: ['《中华人民共和国社会保险法》', '《国务院关于完善企业职工基本养老保险制度的决定》'],
    targetUsers: ['person'],
    themes: ['social-security'],
    conditions: [
      t('达到法定退休年龄', 'Has reached the statutory retirement age'),
      t('累计缴费满最低缴费年限', 'Has paid contributions for the minimum number of years'),
    ],
    statutoryLimit: null,
    promisedLimit: wd(10),
    scope: 'province',
    result: { name: t('养老保险待遇核定表', 'Pension assessment'), type: 'approval', electronic: false },
    materials: [
      ID_CARD,
      mat('bank_card', '本人社会保障卡（金融账户）', 'Own social security card (bank account)'),
      mat('work_history', '视同缴费年限证明材料', 'Proof of deemed contribution years', {
        required: false,
        form: 'paper',
      }),
    ],
    faq: [
      faq(
        '养老金什么时候开始发？',
        'When is the first payment?',
        '核定后次月起按月发放至社会保障卡。',
        'Monthly from the month after approval, paid to the social security card.',
      ),
    ],
    form: {
      sections: [applicantSection(F.applicant_address), section('待遇发放', 'Payment', [F.bank_name, F.bank_account])],
    },
  }),
  item({
    dept: 'HRSS',
    seq: 4,
    type: 'benefit',
    name: t('失业保险金申领', 'Claim of unemployment insurance benefit'),
    keywords: ['失业金', '失业保险', '领失业金', 'unemployment benefit'],
    legalBasis: ['《中华人民共和国社会保险法》', '《失业保险条例》'],
    targetUsers: ['person'],
    themes: ['social-security'],
    conditions: [
      t('失业前用人单位和本人已缴纳失业保险费满一年', 'Contributions were paid for at least one year'),
      t(
        '非因本人意愿中断就业，已进行失业登记并有求职要求',
        'Lost the job involuntarily, registered as unemployed and seeking work',
      ),
    ],
    statutoryLimit: null,
    promisedLimit: wd(3),
    scope: 'province',
    result: { name: t('失业保险金核定结果', 'Decision on unemployment benefit'), type: 'approval', electronic: false },
    materials: [
      ID_CARD,
      mat('termination_proof', '终止或解除劳动合同证明', 'Proof of termination of the labour contract'),
    ],
    faq: [
      faq(
        '失业金能领多久？',
        'How long is it paid?',
        '根据累计缴费时间确定，最长不超过 24 个月。',
        'Depends on contribution years, at most 24 months.',
      ),
    ],
    form: {
      sections: [
        applicantSection(F.applicant_address),
        section('失业信息', 'Job loss', [F.company_name, F.end_date, F.bank_account]),
      ],
    },
  }),

  // ----- HSA 医保局 -----
  item({
    dept: 'HSA',
    seq: 1,
    type: 'public_service',
    name: t('城乡居民基本医疗保险参保登记', 'Enrolment in basic medical insurance for urban and rural residents'),
    keywords: ['医保', '居民医保', '新生儿医保', '医保参保', 'medical insurance'],
    legalBasis: ['《中华人民共和国社会保险法》', '《医疗保障基金使用监督管理条例》'],
    targetUsers: ['person'],
    themes: ['medical'],
    lifeEvents: ['birth'],
    conditions: [
      t(
        '龙港市户籍或持有龙港市居住证、未参加职工医保的人员（含新生儿）',
        'Longgang residents or residence-permit holders not covered by employee insurance, including newborns',
      ),
    ],
    statutoryLimit: null,
    promisedLimit: { value: 0, unit: 'working_days' },
    channels: ['online', 'mobile', 'window', 'online_payment'],
    result: { name: t('参保登记信息', 'Enrolment record'), type: 'other', electronic: true },
    materials: [HOUSEHOLD_BOOK, BIRTH_CERT],
    faq: [
      faq(
        '新生儿出生后多久参保可享受待遇？',
        'When is a newborn covered?',
        '出生后 90 天内参保缴费的，自出生之日起享受待遇。',
        'Enrolled within 90 days of birth, the child is covered from birth.',
      ),
    ],
    form: {
      sections: [
        section('参保人信息', 'Insured person', [
          F.child_name,
          F.child_gender,
          F.child_birth_date,
          F.household_address,
        ]),
        section('监护人（经办人）', 'Guardian', [
          F.applicant_name,
          F.applicant_id_number,
          F.applicant_phone,
          F.guardian_relation,
        ]),
      ],
    },
  }),
  item({
    dept: 'HSA',
    seq: 2,
    type: 'public_service',
    name: t('异地就医备案', 'Filing for medical treatment in another region'),
    keywords: ['异地就医', '跨省就医', '医保备案', '异地结算', 'medical treatment elsewhere'],
    legalBasis: ['《中华人民共和国社会保险法》', '《医疗保障基金使用监督管理条例》'],
    targetUsers: ['person'],
    themes: ['medical'],
    conditions: [t('在龙港市参加基本医疗保险，需在参保地以外就医', 'Insured in Longgang and treated outside it')],
    statutoryLimit: null,
    promisedLimit: { value: 0, unit: 'working_days' },
    channels: ['online', 'mobile', 'window'],
    scope: 'nationwide',
    result: { name: t('异地就医备案凭证', 'Filing record for treatment elsewhere'), type: 'other', electronic: true },
    materials: [ID_CARD, mat('commitment', '个人承诺书（在线签署）', 'Personal commitment (signed online)')],
    faq: [
      faq(
        '备案后看病怎么结算？',
        'How is the bill settled?',
        '在备案地定点医疗机构直接结算，无需垫付后报销。',
        'Settled directly at designated hospitals, no advance payment.',
      ),
      faq(
        '临时外出就医怎么备案？',
        'What about a temporary trip?',
        '选择“临时外出就医人员”，承诺制即时办结。',
        'Choose "temporary trip"; filed instantly on commitment.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('备案信息', 'Filing', [F.filing_reason, F.destination_city, F.start_date, F.end_date]),
      ],
    },
  }),
  item({
    dept: 'HSA',
    seq: 3,
    type: 'benefit',
    name: t('生育医疗费用报销', 'Reimbursement of maternity medical expenses'),
    keywords: ['生育保险', '生育报销', '生育津贴', '产检报销', 'maternity insurance'],
    legalBasis: ['《中华人民共和国社会保险法》', '《女职工劳动保护特别规定》'],
    targetUsers: ['person'],
    themes: ['medical'],
    conditions: [
      t('参加职工基本医疗保险（生育保险）并按规定缴费', 'Covered by employee medical (maternity) insurance'),
      t('未能在定点医疗机构直接结算的生育医疗费用', 'Expenses that were not settled directly at the hospital'),
    ],
    statutoryLimit: null,
    promisedLimit: wd(10),
    result: { name: t('生育医疗费用报销结果', 'Reimbursement decision'), type: 'other', electronic: false },
    materials: [
      ID_CARD,
      BIRTH_CERT,
      mat('invoices', '医疗费用票据及费用清单', 'Medical invoices and itemised bills'),
      mat('discharge', '出院记录', 'Discharge summary'),
    ],
    faq: [
      faq(
        '报销款打到哪里？',
        'Where is the money paid?',
        '支付至本人社会保障卡金融账户。',
        'To the bank account of the social security card.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('费用信息', 'Expenses', [F.delivery_date, F.hospital_name, F.amount_yuan, F.bank_account]),
      ],
    },
  }),

  // ----- HUD 住建局（含住房公积金） -----
  item({
    dept: 'HUD',
    seq: 1,
    type: 'public_service',
    name: t('住房公积金单位缴存登记', 'Housing provident fund registration of an employer'),
    keywords: ['公积金开户', '单位公积金', '公积金缴存登记', 'housing fund'],
    legalBasis: ['《住房公积金管理条例》'],
    targetUsers: ['enterprise'],
    themes: ['housing', 'business'],
    lifeEvents: ['open-business'],
    conditions: [t('新设立的单位自设立之日起 30 日内办理住房公积金缴存登记', 'Within 30 days of being established')],
    statutoryLimit: null,
    promisedLimit: { value: 0, unit: 'working_days' },
    result: { name: t('住房公积金单位登记信息', 'Employer registration record'), type: 'other', electronic: true },
    materials: [
      BUSINESS_LICENCE,
      LEGAL_REP_ID,
      mat('employee_list', '缴存职工名单', 'List of contributing employees', { required: false }),
    ],
    faq: [
      faq(
        '缴存比例是多少？',
        'What is the contribution rate?',
        '单位和职工缴存比例均为 5%–12%，由单位在范围内确定。',
        'Between 5% and 12% each for employer and employee.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(F.legal_rep_name),
        section('缴存信息', 'Contributions', [F.employee_count, F.bank_name, F.bank_account]),
      ],
    },
  }),
  item({
    dept: 'HUD',
    seq: 2,
    type: 'public_service',
    name: t('住房公积金提取', 'Withdrawal of housing provident fund'),
    keywords: ['公积金', '提取公积金', '公积金租房提取', '取公积金', 'housing fund withdrawal'],
    legalBasis: ['《住房公积金管理条例》'],
    targetUsers: ['person'],
    themes: ['housing'],
    conditions: [
      t(
        '购买、建造、翻建、大修自住住房，偿还购房贷款本息，租房，离退休等情形',
        'Buying or building a home, repaying a mortgage, renting, retirement and similar',
      ),
    ],
    statutoryLimit: wd(3),
    promisedLimit: { value: 0, unit: 'working_days' },
    channels: ['online', 'mobile', 'window', 'kiosk'],
    scope: 'province',
    result: { name: t('提取到账', 'Funds transferred'), type: 'other', electronic: false },
    materials: [
      ID_CARD,
      PROPERTY_CERT,
      mat('lease', '房屋租赁合同（租房提取时）', 'Lease (when withdrawing for rent)', { required: false }),
    ],
    faq: [
      faq(
        '租房提取每年能取多少？',
        'How much can I withdraw for rent?',
        '按当地租房提取限额执行，可按月或按年提取。',
        'Up to the local rental limit, monthly or yearly.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('提取信息', 'Withdrawal', [F.withdrawal_reason, F.amount_yuan, F.property_address, F.bank_account]),
      ],
    },
  }),
  item({
    dept: 'HUD',
    seq: 3,
    type: 'public_service',
    name: t('住房公积金个人住房贷款', 'Housing provident fund mortgage loan'),
    keywords: ['公积金贷款', '买房贷款', '房贷', 'mortgage'],
    legalBasis: ['《住房公积金管理条例》'],
    targetUsers: ['person'],
    themes: ['housing'],
    conditions: [
      t('连续足额缴存住房公积金 6 个月以上', 'Has paid into the fund for at least six consecutive months'),
      t(
        '购买、建造自住住房且无未还清的公积金贷款',
        'Buys or builds a home for own use and has no outstanding fund loan',
      ),
    ],
    statutoryLimit: wd(15),
    promisedLimit: wd(5),
    visits: 1,
    visitsReason: '面签借款合同',
    onlineDepth: 3,
    coDepartments: ['NRP'],
    result: { name: t('住房公积金贷款审批结果', 'Loan decision'), type: 'approval', electronic: false },
    materials: [
      ID_CARD,
      MARRIAGE_CERT,
      mat('purchase_contract', '购房合同', 'House purchase contract'),
      mat('down_payment', '首付款凭证', 'Proof of down payment'),
    ],
    faq: [
      faq(
        '最高能贷多少？',
        'What is the maximum loan?',
        '按缴存余额、还款能力和当地最高限额综合计算。',
        'Depends on the balance, repayment capacity and the local cap.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('贷款信息', 'Loan', [F.property_address, F.loan_amount, F.loan_term_years, F.bank_account]),
      ],
    },
  }),
  item({
    dept: 'HUD',
    seq: 4,
    type: 'licensing',
    name: t('商品房预售许可', 'Licence for pre-sale of commercial housing'),
    keywords: ['预售证', '商品房预售', '楼盘预售', 'pre-sale permit'],
    legalBasis: ['《中华人民共和国城市房地产管理法》', '《城市商品房预售管理办法》'],
    targetUsers: ['enterprise'],
    themes: ['housing', 'construction'],
    conditions: [
      t('已交付全部土地使用权出让金，取得土地使用权证书', 'Land premium paid and land-use rights obtained'),
      t('持有建设工程规划许可证和施工许可证', 'Holds the planning permit and the construction work permit'),
      t('投入开发建设的资金达到工程建设总投资的 25% 以上', 'At least 25% of total investment spent on construction'),
    ],
    statutoryLimit: wd(10),
    promisedLimit: wd(5),
    visits: 1,
    visitsReason: '现场查勘工程形象进度',
    onlineDepth: 3,
    result: {
      name: t('商品房预售许可证', 'Commercial housing pre-sale licence'),
      type: 'certificate',
      electronic: true,
    },
    materials: [
      BUSINESS_LICENCE,
      LAND_CERT,
      PLANNING_PERMIT,
      mat('presale_plan', '商品房预售方案', 'Pre-sale plan'),
      mat('progress', '工程施工进度证明', 'Proof of construction progress'),
    ],
    faq: [
      faq(
        '预售资金如何监管？',
        'How are pre-sale funds supervised?',
        '预售资金须存入监管账户，按工程进度拨付。',
        'They go into a supervised account released by progress.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('项目信息', 'Project', [F.project_name, F.project_address, F.building_area]),
      ],
    },
  }),

  // ----- AMR 市场监管局 -----
  item({
    dept: 'AMR',
    seq: 1,
    handling: 1,
    level: 'handling',
    handlingKind: 'new',
    type: 'licensing',
    name: t('企业设立登记', 'Company registration'),
    keywords: ['营业执照', '开公司', '注册公司', '公司注册', '办执照', 'business licence'],
    legalBasis: ['《中华人民共和国公司法》', '《中华人民共和国市场主体登记管理条例》'],
    targetUsers: ['enterprise', 'person'],
    themes: ['business'],
    lifeEvents: ['open-business'],
    conditions: [
      t('名称符合企业名称登记管理规定', 'The name complies with the company name rules'),
      t('有符合规定的住所和公司章程', 'Has a lawful registered address and articles of association'),
    ],
    statutoryLimit: wd(3),
    promisedLimit: { value: 0, unit: 'working_days' },
    channels: ['online', 'mobile', 'window', 'kiosk'],
    scope: 'province',
    coDepartments: ['PSB', 'TAX', 'HRSS', 'HUD'],
    result: { name: t('营业执照', 'Business licence'), type: 'certificate', electronic: true },
    materials: [
      LEGAL_REP_ID,
      mat('articles', '公司章程', 'Articles of association'),
      mat('address_proof', '住所使用证明', 'Proof of the right to use the address'),
      mat('shareholders', '股东主体资格证明', 'Proof of shareholders’ identity'),
    ],
    faq: [
      faq(
        '开办企业要多久？',
        'How long does opening a business take?',
        '执照、刻章、发票、社保和公积金登记一次提交，一般 1 个工作日内全部办结。',
        'Licence, seals, invoices, social insurance and housing fund in one submission, usually within one working day.',
      ),
      faq(
        '注册资本需要实缴吗？',
        'Must capital be paid in?',
        '有限责任公司股东认缴的出资额应自公司成立之日起五年内缴足。',
        'LLC shareholders must pay in within five years of incorporation.',
      ),
    ],
    form: {
      sections: [
        section('企业基本信息', 'Company', [
          F.company_name,
          F.company_type,
          F.registered_capital,
          F.business_address,
          F.business_scope,
        ]),
        section('法定代表人与经办人', 'Representative and contact', [
          F.legal_rep_name,
          F.legal_rep_id_number,
          F.contact_name,
          F.applicant_phone,
        ]),
      ],
    },
  }),
  item({
    dept: 'AMR',
    seq: 1,
    handling: 2,
    level: 'handling',
    handlingKind: 'change',
    type: 'licensing',
    name: t('企业变更登记', 'Change of company registration'),
    keywords: ['营业执照变更', '公司变更', '法人变更', '地址变更', '经营范围变更'],
    legalBasis: ['《中华人民共和国公司法》', '《中华人民共和国市场主体登记管理条例》'],
    targetUsers: ['enterprise'],
    themes: ['business'],
    conditions: [t('登记事项发生变更之日起 30 日内申请变更登记', 'Within 30 days of the change')],
    statutoryLimit: wd(3),
    promisedLimit: { value: 0, unit: 'working_days' },
    scope: 'province',
    result: { name: t('营业执照（变更后）', 'Updated business licence'), type: 'certificate', electronic: true },
    materials: [
      BUSINESS_LICENCE,
      mat('resolution', '股东会决议或股东决定', 'Shareholders’ resolution'),
      mat('articles_amendment', '章程修正案', 'Amendment to the articles', { required: false }),
    ],
    faq: [
      faq(
        '变更后要换公章吗？',
        'Do I need new seals?',
        '名称变更需重新刻制印章，其他变更一般不需要。',
        'Only when the name changes.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('变更内容', 'Change', [F.change_items, F.business_address, F.business_scope, F.remarks]),
      ],
    },
  }),
  item({
    dept: 'AMR',
    seq: 1,
    handling: 3,
    level: 'handling',
    handlingKind: 'cancel',
    type: 'licensing',
    name: t('企业注销登记', 'Company deregistration'),
    keywords: ['公司注销', '注销营业执照', '简易注销', 'deregistration'],
    legalBasis: ['《中华人民共和国公司法》', '《中华人民共和国市场主体登记管理条例》'],
    targetUsers: ['enterprise'],
    themes: ['business'],
    conditions: [
      t(
        '已完成清算，或符合简易注销条件（未发生债权债务或已清偿完毕）',
        'Liquidation completed, or eligible for simplified deregistration',
      ),
    ],
    statutoryLimit: wd(3),
    promisedLimit: wd(1),
    coDepartments: ['TAX', 'HRSS'],
    result: { name: t('准予注销登记通知书', 'Notice of deregistration'), type: 'approval', electronic: true },
    materials: [
      BUSINESS_LICENCE,
      mat(
        'liquidation_report',
        '清算报告（简易注销提交全体投资人承诺书）',
        'Liquidation report (or investors’ commitment)',
      ),
      mat('resolution', '股东会决议', 'Shareholders’ resolution'),
    ],
    faq: [faq('简易注销公示期多久？', 'How long is the public notice?', '简易注销公示期为 20 日。', 'Twenty days.')],
    form: { sections: [enterpriseSection(), section('注销信息', 'Deregistration', [F.cancel_reason, F.remarks])] },
  }),
  item({
    dept: 'AMR',
    seq: 2,
    type: 'licensing',
    name: t('个体工商户登记', 'Registration of an individual business'),
    keywords: ['个体户', '个体执照', '开店', '营业执照', 'sole trader'],
    legalBasis: ['《促进个体工商户发展条例》', '《中华人民共和国市场主体登记管理条例》'],
    targetUsers: ['person'],
    themes: ['business'],
    conditions: [t('有经营能力的自然人，有固定经营场所', 'A natural person with capacity and fixed premises')],
    statutoryLimit: wd(3),
    promisedLimit: { value: 0, unit: 'working_days' },
    channels: ['online', 'mobile', 'window', 'kiosk'],
    result: {
      name: t('营业执照（个体工商户）', 'Business licence (individual business)'),
      type: 'certificate',
      electronic: true,
    },
    materials: [ID_CARD, mat('address_proof', '经营场所使用证明', 'Proof of the right to use the premises')],
    faq: [
      faq(
        '个体户需要注册资本吗？',
        'Is capital required?',
        '不需要，登记资金数额即可。',
        'No; only the amount of funds is recorded.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('经营信息', 'Business', [F.company_name, F.business_address, F.business_scope, F.employee_count]),
      ],
    },
  }),
  item({
    dept: 'AMR',
    seq: 3,
    type: 'licensing',
    name: t('食品经营许可', 'Food business licence'),
    keywords: ['食品经营许可证', '餐饮许可', '开饭店', '食品许可', 'food licence'],
    legalBasis: ['《中华人民共和国食品安全法》', '《食品经营许可和备案管理办法》'],
    targetUsers: ['enterprise', 'person'],
    themes: ['business', 'health'],
    conditions: [
      t('具有与经营的食品品种、数量相适应的场所和设备设施', 'Premises and equipment fit for the food and volume'),
      t('有食品安全管理人员和保证食品安全的规章制度', 'Food safety staff and rules'),
    ],
    statutoryLimit: wd(10),
    promisedLimit: wd(3),
    result: { name: t('食品经营许可证', 'Food business licence'), type: 'certificate', electronic: true },
    materials: [
      BUSINESS_LICENCE,
      mat('layout', '经营场所平面布局图和设备布局图', 'Floor plan and equipment layout'),
      mat('safety_rules', '食品安全自查、从业人员健康管理等制度', 'Food safety rules'),
    ],
    faq: [
      faq(
        '只卖预包装食品也要许可吗？',
        'Pre-packaged food only?',
        '仅销售预包装食品的，办理备案即可，无需许可。',
        'Selling only pre-packaged food needs a filing, not a licence.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('经营信息', 'Business', [F.business_address, F.premises_area, F.business_scope]),
      ],
    },
  }),

  // ----- TAX 税务局 -----
  item({
    dept: 'TAX',
    seq: 1,
    type: 'other_power',
    name: t('税务登记信息确认', 'Confirmation of tax registration details'),
    keywords: ['税务登记', '新办纳税人', '税务报到', '税务信息确认', 'tax registration'],
    legalBasis: ['《中华人民共和国税收征收管理法》', '《中华人民共和国税收征收管理法实施细则》'],
    targetUsers: ['enterprise'],
    themes: ['tax', 'business'],
    lifeEvents: ['open-business'],
    conditions: [t('已领取营业执照的新办纳税人', 'Newly registered taxpayers with a business licence')],
    statutoryLimit: null,
    promisedLimit: { value: 0, unit: 'working_days' },
    channels: ['online', 'mobile', 'window'],
    coDepartments: ['AMR'],
    result: { name: t('税务登记信息确认结果', 'Confirmed tax registration'), type: 'other', electronic: true },
    materials: [BUSINESS_LICENCE, LEGAL_REP_ID],
    faq: [
      faq(
        '还需要领税务登记证吗？',
        'Do I still get a tax certificate?',
        '不需要。“多证合一”后营业执照即可替代税务登记证。',
        'No; the business licence replaces it.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(F.legal_rep_name),
        section('财务信息', 'Accounts', [F.accounting_method, F.bank_name, F.bank_account]),
      ],
    },
  }),
  item({
    dept: 'TAX',
    seq: 2,
    type: 'other_power',
    name: t('发票领用', 'Invoice allocation'),
    keywords: ['发票申领', '领发票', '数电票', '电子发票', 'invoice'],
    legalBasis: ['《中华人民共和国发票管理办法》', '《中华人民共和国税收征收管理法》'],
    targetUsers: ['enterprise'],
    themes: ['tax', 'business'],
    lifeEvents: ['open-business'],
    conditions: [t('已完成税务登记信息确认', 'Tax registration has been confirmed')],
    statutoryLimit: wd(5),
    promisedLimit: { value: 0, unit: 'working_days' },
    result: { name: t('发票开具额度', 'Invoicing quota'), type: 'other', electronic: true },
    materials: [BUSINESS_LICENCE, mat('contact_id', '经办人身份证明', 'ID of the person handling it')],
    faq: [
      faq(
        '数电票需要领票吗？',
        'Do digital invoices need allocation?',
        '数电票无需领用，系统按信用赋予开票额度。',
        'No; a quota is granted by credit rating.',
      ),
    ],
    form: { sections: [enterpriseSection(), section('发票信息', 'Invoices', [F.invoice_type, F.invoice_quantity])] },
  }),
  item({
    dept: 'TAX',
    seq: 3,
    type: 'levy',
    name: t('个人所得税综合所得年度汇算', 'Annual reconciliation of individual income tax'),
    keywords: ['个税汇算', '个税退税', '个人所得税', '年度汇算', 'income tax'],
    legalBasis: ['《中华人民共和国个人所得税法》', '《中华人民共和国个人所得税法实施条例》'],
    targetUsers: ['person'],
    themes: ['tax'],
    conditions: [
      t(
        '取得综合所得需要补税或者申请退税的居民个人',
        'Residents with comprehensive income who owe tax or claim a refund',
      ),
    ],
    statutoryLimit: null,
    promisedLimit: wd(10),
    channels: ['online', 'mobile', 'window', 'online_payment'],
    scope: 'nationwide',
    result: { name: t('年度汇算申报回执', 'Reconciliation receipt'), type: 'other', electronic: true },
    materials: [ID_CARD, mat('deductions', '专项附加扣除信息', 'Special additional deductions', { required: false })],
    faq: [
      faq('什么时候办？', 'When?', '次年 3 月 1 日至 6 月 30 日。', 'From 1 March to 30 June of the following year.'),
    ],
    form: {
      sections: [applicantSection(), section('汇算信息', 'Reconciliation', [F.tax_year, F.bank_name, F.bank_account])],
    },
  }),

  // ----- NRP 资规局 -----
  item({
    dept: 'NRP',
    seq: 1,
    type: 'licensing',
    name: t('建设工程规划许可证核发', 'Construction project planning permit'),
    keywords: ['工程规划许可', '规划许可证', '建设工程规划', 'planning permit'],
    legalBasis: ['《中华人民共和国城乡规划法》', '《浙江省城乡规划条例》'],
    targetUsers: ['enterprise'],
    themes: ['construction'],
    conditions: [
      t('已取得建设用地使用权', 'Land-use rights obtained'),
      t(
        '建设工程设计方案符合控制性详细规划和规划条件',
        'The design complies with the regulatory detailed plan and planning conditions',
      ),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(5),
    coDepartments: ['HUD'],
    result: {
      name: t('建设工程规划许可证', 'Construction project planning permit'),
      type: 'certificate',
      electronic: true,
    },
    materials: [
      APPLICATION(),
      BUSINESS_LICENCE,
      LAND_CERT,
      mat('design', '建设工程设计方案总平面图', 'Site plan of the design'),
    ],
    faq: [
      faq(
        '设计方案要公示吗？',
        'Is the design published?',
        '按规定需公示的，公示期不少于 10 日。',
        'Where required, for at least 10 days.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('工程信息', 'Project', [F.project_name, F.project_address, F.building_area, F.total_investment]),
      ],
    },
    processCode: 'joint_review',
  }),
  item({
    dept: 'NRP',
    seq: 2,
    type: 'licensing',
    name: t('建设用地规划许可证核发', 'Land-use planning permit'),
    keywords: ['用地规划许可', '建设用地规划', 'land-use planning permit'],
    legalBasis: ['《中华人民共和国城乡规划法》', '《中华人民共和国土地管理法》'],
    targetUsers: ['enterprise'],
    themes: ['construction'],
    conditions: [
      t(
        '以出让方式取得国有土地使用权，已签订国有建设用地使用权出让合同',
        'State land obtained by grant, with a signed grant contract',
      ),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(3),
    coDepartments: ['HUD'],
    result: { name: t('建设用地规划许可证', 'Land-use planning permit'), type: 'certificate', electronic: true },
    materials: [
      APPLICATION(),
      BUSINESS_LICENCE,
      mat('grant_contract', '国有建设用地使用权出让合同', 'Grant contract for state construction land'),
    ],
    faq: [
      faq(
        '能与用地批准合并办理吗？',
        'Combined with land approval?',
        '可以，已实行“多审合一、多证合一”。',
        'Yes, under the combined review reform.',
      ),
    ],
    form: {
      sections: [enterpriseSection(), section('用地信息', 'Land', [F.project_name, F.project_address, F.occupy_area])],
    },
    processCode: 'joint_review',
  }),
  item({
    dept: 'NRP',
    seq: 3,
    type: 'confirmation',
    name: t('不动产转移登记（二手房买卖）', 'Transfer registration of real estate (resale)'),
    keywords: ['过户', '房产过户', '二手房过户', '不动产登记', '房产证', 'property transfer'],
    legalBasis: ['《中华人民共和国民法典》', '《不动产登记暂行条例》'],
    targetUsers: ['person', 'enterprise'],
    themes: ['housing'],
    conditions: [t('买卖双方已签订存量房买卖合同并完成缴税', 'Sale contract signed and taxes paid')],
    statutoryLimit: wd(30),
    promisedLimit: wd(1),
    visits: 1,
    visitsReason: '买卖双方现场核验身份并签字（可预约“带押过户”）',
    onlineDepth: 3,
    channels: ['online', 'mobile', 'window', 'booking'],
    coDepartments: ['TAX', 'HUD'],
    fees: [
      {
        name: t('不动产登记费（住宅）', 'Real-estate registration fee (housing)'),
        amountYuan: 80,
        basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》',
        timing: 'on_decision',
      },
    ],
    result: { name: t('不动产权证书', 'Real-estate title certificate'), type: 'certificate', electronic: true },
    materials: [
      ID_CARD,
      PROPERTY_CERT,
      mat('sale_contract', '存量房买卖合同', 'Sale contract'),
      shared('tax_receipt', '完税凭证', 'Tax payment receipt', 'tax-records'),
    ],
    faq: [
      faq(
        '有贷款没还清能过户吗？',
        'Can a mortgaged home be transferred?',
        '可以申请“带押过户”，无需先还清贷款。',
        'Yes, with the mortgage carried over.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('房屋信息', 'Property', [F.property_address, F.property_certificate_number, F.amount_yuan]),
      ],
    },
  }),

  // ----- EDU 教育局 -----
  item({
    dept: 'EDU',
    seq: 1,
    type: 'public_service',
    name: t('小学一年级新生入学报名', 'Primary school enrolment (grade 1)'),
    keywords: ['小学入学', '一年级报名', '义务教育入学', '新生入学', 'school enrolment'],
    legalBasis: ['《中华人民共和国义务教育法》'],
    targetUsers: ['person'],
    themes: ['education'],
    conditions: [
      t('当年 8 月 31 日前年满 6 周岁的适龄儿童', 'Children aged six by 31 August'),
      t('龙港市户籍或随迁子女符合入学条件', 'Registered in Longgang, or migrant children who qualify'),
    ],
    statutoryLimit: null,
    promisedLimit: wd(15),
    coDepartments: ['PSB', 'NRP'],
    result: { name: t('入学录取通知', 'Admission notice'), type: 'other', electronic: true },
    materials: [
      HOUSEHOLD_BOOK,
      PROPERTY_CERT,
      mat('residence_permit', '随迁子女父母居住证', 'Parents’ residence permit (migrant children)', {
        required: false,
      }),
    ],
    faq: [
      faq(
        '没有房产能报名吗？',
        'No home ownership?',
        '随迁子女凭居住证和积分按规定统筹安排入学。',
        'Migrant children are placed by residence permit and points.',
      ),
    ],
    form: {
      sections: [
        section('学生信息', 'Child', [F.child_name, F.child_id_number, F.child_birth_date, F.kindergarten_name]),
        section('监护人信息', 'Guardian', [
          F.applicant_name,
          F.applicant_id_number,
          F.applicant_phone,
          F.guardian_relation,
          F.household_address,
          F.school_name,
        ]),
      ],
    },
  }),
  item({
    dept: 'EDU',
    seq: 2,
    type: 'public_service',
    name: t('初中一年级新生入学报名', 'Junior secondary school enrolment (grade 7)'),
    keywords: ['初中入学', '小升初', '初一报名', '新生入学'],
    legalBasis: ['《中华人民共和国义务教育法》'],
    targetUsers: ['person'],
    themes: ['education'],
    conditions: [
      t('当年小学毕业、龙港市户籍或随迁子女', 'Primary school graduates registered in Longgang or migrant children'),
    ],
    statutoryLimit: null,
    promisedLimit: wd(15),
    coDepartments: ['PSB', 'NRP'],
    result: { name: t('入学录取通知', 'Admission notice'), type: 'other', electronic: true },
    materials: [
      HOUSEHOLD_BOOK,
      PROPERTY_CERT,
      mat('graduation', '小学学籍信息', 'Primary school record', { required: false }),
    ],
    faq: [
      faq(
        '学区怎么划分？',
        'How are catchments set?',
        '按教育局每年公布的施教区划分执行。',
        'By the catchment map published each year.',
      ),
    ],
    form: {
      sections: [
        section('学生信息', 'Child', [F.child_name, F.child_id_number, F.child_gender, F.kindergarten_name]),
        section('监护人信息', 'Guardian', [
          F.applicant_name,
          F.applicant_id_number,
          F.applicant_phone,
          F.guardian_relation,
          F.household_address,
          F.school_name,
        ]),
      ],
    },
  }),
  item({
    dept: 'EDU',
    seq: 3,
    type: 'licensing',
    name: t('教师资格认定', 'Teacher qualification certification'),
    keywords: ['教师资格证', '教资认定', 'teacher certificate'],
    legalBasis: ['《中华人民共和国教师法》', '《教师资格条例》'],
    targetUsers: ['person'],
    themes: ['education'],
    conditions: [
      t('国家教师资格考试合格', 'Passed the national teacher qualification examination'),
      t('具备相应学历，普通话水平和体检合格', 'Holds the degree required, Putonghua level and medical check'),
    ],
    statutoryLimit: nd(30),
    promisedLimit: wd(15),
    coDepartments: ['HCB'],
    result: { name: t('教师资格证书', 'Teacher qualification certificate'), type: 'certificate', electronic: true },
    materials: [
      ID_CARD,
      shared('degree', '学历证书', 'Degree certificate', 'education-records'),
      mat('medical_check', '体检合格证明', 'Medical check report'),
      mat('photo', '近期免冠证件照', 'Recent photo'),
    ],
    faq: [
      faq(
        '每年什么时候可以认定？',
        'When can I apply?',
        '每年春季和秋季各开放一次，以公告为准。',
        'Twice a year, spring and autumn.',
      ),
    ],
    form: {
      sections: [applicantSection(), section('认定信息', 'Certification', [F.qualification_type, F.teaching_subject])],
    },
  }),

  // ----- CAB 民政局 -----
  item({
    dept: 'CAB',
    seq: 1,
    type: 'benefit',
    name: t('最低生活保障审核确认', 'Minimum living allowance (dibao)'),
    keywords: ['低保', '低保申请', '困难救助', 'dibao', 'social assistance'],
    legalBasis: ['《社会救助暂行办法》', '《浙江省社会救助条例》'],
    targetUsers: ['person'],
    themes: ['civil-affairs'],
    conditions: [
      t(
        '共同生活家庭成员人均收入低于龙港市最低生活保障标准',
        'Household income per person below the local minimum standard',
      ),
      t('家庭财产状况符合规定', 'Household assets within the limits'),
    ],
    statutoryLimit: wd(30),
    promisedLimit: wd(15),
    onlineDepth: 3,
    coDepartments: ['HRSS', 'NRP', 'AMR'],
    result: { name: t('最低生活保障审核确认决定', 'Decision on the allowance'), type: 'approval', electronic: false },
    materials: [
      ID_CARD,
      HOUSEHOLD_BOOK,
      mat(
        'authorisation',
        '家庭经济状况核对授权书（在线签署）',
        'Authorisation to check household finances (signed online)',
      ),
      mat('income_proof', '收入情况说明', 'Statement of income'),
    ],
    faq: [
      faq(
        '要去民政局跑吗？',
        'Must I visit the bureau?',
        '不用。社区代办，入户调查由工作人员上门开展。',
        'No; the community files it and staff visit your home.',
      ),
    ],
    form: {
      sections: [
        applicantSection(F.applicant_address),
        section('家庭情况', 'Household', [F.family_size, F.monthly_income, F.bank_account, F.remarks]),
      ],
    },
  }),
  item({
    dept: 'CAB',
    seq: 2,
    type: 'benefit',
    name: t('高龄津贴申领', 'Old-age allowance for people aged 80 and over'),
    keywords: ['高龄补贴', '老年津贴', '80岁补贴', '尊老金', 'elderly allowance'],
    legalBasis: ['《中华人民共和国老年人权益保障法》'],
    targetUsers: ['person'],
    themes: ['civil-affairs'],
    conditions: [t('龙港市户籍、年满 80 周岁的老年人', 'Longgang residents aged 80 or over')],
    statutoryLimit: null,
    promisedLimit: wd(5),
    result: { name: t('高龄津贴发放', 'Allowance granted'), type: 'other', electronic: false },
    materials: [ID_CARD, HOUSEHOLD_BOOK],
    faq: [
      faq(
        '需要每年申请吗？',
        'Apply every year?',
        '不需要，符合条件后按月发放，系统比对自动续发。',
        'No; paid monthly and renewed automatically.',
      ),
    ],
    form: {
      sections: [applicantSection(F.applicant_address), section('发放账户', 'Payment', [F.bank_name, F.bank_account])],
    },
  }),
  item({
    dept: 'CAB',
    seq: 3,
    type: 'benefit',
    name: t('惠民殡葬补贴申领', 'Funeral subsidy'),
    keywords: ['殡葬补贴', '丧葬费', '火化补贴', '身后事', 'funeral subsidy'],
    legalBasis: ['《殡葬管理条例》'],
    targetUsers: ['person'],
    themes: ['civil-affairs'],
    conditions: [t('逝者为龙港市户籍居民且已在殡仪馆火化', 'The deceased was a Longgang resident and was cremated')],
    statutoryLimit: null,
    promisedLimit: wd(5),
    coDepartments: ['PSB', 'HCB'],
    result: { name: t('殡葬补贴发放', 'Subsidy paid'), type: 'other', electronic: false },
    materials: [
      shared('death_certificate', '居民死亡医学证明（推断）书', 'Medical certificate of death', 'death-certificates'),
      shared('cremation_certificate', '火化证明', 'Cremation certificate', 'funeral-records'),
      ID_CARD,
    ],
    faq: [
      faq(
        '补贴多少？',
        'How much?',
        '按龙港市惠民殡葬政策减免基本殡葬服务费用。',
        'Basic funeral service charges are waived under the local policy.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('逝者信息', 'Deceased', [F.deceased_name, F.deceased_id_number, F.death_date, F.bank_account]),
      ],
    },
  }),

  item({
    dept: 'CAB',
    seq: 4,
    type: 'confirmation',
    name: t('内地居民结婚登记', 'Marriage registration'),
    keywords: ['结婚', '结婚登记', '婚姻登记', '领结婚证', '结婚证', 'marriage'],
    legalBasis: ['《中华人民共和国民法典》', '《婚姻登记条例》'],
    targetUsers: ['person'],
    themes: ['civil-affairs'],
    conditions: [
      t(
        '男女双方完全出于自愿，达到法定婚龄（男 22 周岁、女 20 周岁），均无配偶',
        'Both consent freely, have reached the legal age (22 for men, 20 for women) and are unmarried',
      ),
    ],
    statutoryLimit: null,
    promisedLimit: { value: 0, unit: 'working_days' },
    visits: 1,
    visitsReason: '男女双方须共同到婚姻登记机关当场办理、当场颁证',
    onlineDepth: 2,
    channels: ['online', 'mobile', 'window', 'booking'],
    scope: 'province',
    result: { name: t('结婚证', 'Marriage certificate'), type: 'certificate', electronic: true },
    materials: [
      ID_CARD,
      HOUSEHOLD_BOOK,
      mat('couple_photo', '双方近期半身免冠合影照片（2 张）', 'Two recent photos of the couple together'),
    ],
    faq: [
      faq(
        '可以在网上预约吗？',
        'Can we book online?',
        '可以，在线填写并预约登记日期，当天双方持证件到场即可。',
        'Yes: fill in the form and book a day, then come together with your ID cards.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('对方信息', 'Spouse-to-be', [F.spouse_name, F.spouse_id_number]),
        section('预约', 'Booking', [F.booking_date]),
      ],
    },
  }),

  // ----- TRB 交通运输局 -----
  item({
    dept: 'TRB',
    seq: 1,
    type: 'licensing',
    name: t('道路货物运输经营许可', 'Road freight transport operating licence'),
    keywords: ['道路运输经营许可证', '货运许可', '运输许可证', 'road transport licence'],
    legalBasis: ['《中华人民共和国道路运输条例》', '《道路货物运输及站场管理规定》'],
    targetUsers: ['enterprise', 'person'],
    themes: ['transport', 'business'],
    conditions: [
      t('有与经营业务相适应并经检测合格的车辆', 'Has inspected vehicles fit for the business'),
      t('有符合规定条件的驾驶人员和安全生产管理制度', 'Has qualified drivers and safety rules'),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(3),
    result: {
      name: t('道路运输经营许可证', 'Road transport operating licence'),
      type: 'certificate',
      electronic: true,
    },
    materials: [
      BUSINESS_LICENCE,
      mat('vehicles', '拟投入车辆承诺书', 'Commitment on the vehicles'),
      mat('drivers', '驾驶人员从业资格证明', 'Drivers’ qualifications'),
      mat('safety_rules', '安全生产管理制度文本', 'Safety management rules'),
    ],
    faq: [
      faq(
        '4.5 吨以下货车需要办吗？',
        'Vans under 4.5 t?',
        '使用总质量 4.5 吨及以下普通货运车辆的，无需办理。',
        'Not needed for ordinary vehicles of 4.5 t gross or less.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('经营信息', 'Operation', [F.vehicle_count, F.business_address, F.business_scope]),
      ],
    },
  }),
  item({
    dept: 'TRB',
    seq: 2,
    type: 'licensing',
    name: t('网络预约出租汽车驾驶员证核发', 'Ride-hailing driver licence'),
    keywords: ['网约车驾驶证', '网约车资格证', '滴滴司机', 'ride-hailing'],
    legalBasis: ['《网络预约出租汽车经营服务管理暂行办法》', '《出租汽车驾驶员从业资格管理规定》'],
    targetUsers: ['person'],
    themes: ['transport'],
    conditions: [
      t(
        '取得相应准驾车型机动车驾驶证并具有 3 年以上驾驶经历',
        'Holds a driving licence with at least three years of driving',
      ),
      t('无交通肇事犯罪、危险驾驶犯罪记录，无吸毒记录', 'No record of traffic crimes, dangerous driving or drug use'),
      t('通过网约车驾驶员从业资格考试', 'Passed the ride-hailing driver examination'),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(5),
    coDepartments: ['PSB'],
    result: {
      name: t('网络预约出租汽车驾驶员证', 'Ride-hailing driver certificate'),
      type: 'certificate',
      electronic: true,
    },
    materials: [ID_CARD, DRIVING_LICENCE, mat('exam', '从业资格考试合格成绩', 'Examination result')],
    faq: [
      faq(
        '无犯罪记录证明要自己开吗？',
        'Must I get a criminal-record certificate?',
        '不用，由交通运输部门向公安机关核查。',
        'No; the bureau checks with the police.',
      ),
    ],
    form: {
      sections: [applicantSection(F.applicant_address), section('驾驶信息', 'Driving', [F.driving_licence_date])],
    },
  }),

  // ----- HCB 卫健局 -----
  item({
    dept: 'HCB',
    seq: 1,
    type: 'public_service',
    name: t('出生医学证明首次签发', 'First issue of the medical birth certificate'),
    keywords: ['出生证', '出生证明', '出生医学证明', 'birth certificate'],
    legalBasis: ['《中华人民共和国母婴保健法》', '《中华人民共和国母婴保健法实施办法》'],
    targetUsers: ['person'],
    themes: ['health'],
    lifeEvents: ['birth'],
    conditions: [
      t('在龙港市具有助产技术服务资质的医疗机构出生的新生儿', 'Born in a Longgang hospital licensed for midwifery'),
    ],
    statutoryLimit: null,
    promisedLimit: wd(2),
    result: { name: t('出生医学证明', 'Medical birth certificate'), type: 'certificate', electronic: true },
    materials: [
      shared('mother_id', '母亲居民身份证', "Mother's ID card", 'population-registry'),
      shared('father_id', '父亲居民身份证', "Father's ID card", 'population-registry'),
      mat('birth_record', '分娩记录（医院提供）', 'Delivery record (from the hospital)'),
    ],
    faq: [
      faq(
        '新生儿名字还没取好怎么办？',
        'Name not yet chosen?',
        '可先办理，但出生登记前须确定姓名，签发后修改姓名需按规定办理。',
        'Choose it before the birth registration; later changes follow the rules.',
      ),
    ],
    form: {
      sections: [
        section('新生儿信息', 'Child', [F.child_name, F.child_gender, F.child_birth_date, F.birth_place]),
        section('父母信息', 'Parents', [
          F.mother_name,
          F.mother_id_number,
          F.father_name,
          F.father_id_number,
          F.applicant_phone,
        ]),
      ],
    },
  }),
  item({
    dept: 'HCB',
    seq: 2,
    type: 'licensing',
    name: t('医师执业注册', 'Registration of medical practice'),
    keywords: ['医师注册', '执业医师', '医师执业证书', '多点执业', 'doctor licence'],
    legalBasis: ['《中华人民共和国医师法》', '《医师执业注册管理办法》'],
    targetUsers: ['person'],
    themes: ['health'],
    conditions: [
      t('取得医师资格，拟在医疗卫生机构执业', 'Holds the physician qualification and will practise at an institution'),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(3),
    scope: 'province',
    result: {
      name: t('医师执业证书（电子证照）', 'Physician practice certificate (electronic)'),
      type: 'certificate',
      electronic: true,
    },
    materials: [
      ID_CARD,
      shared('qualification', '医师资格证书', 'Physician qualification certificate', 'professional-qualifications'),
      mat('health_check', '6 个月内的健康体检报告', 'Health check within 6 months'),
      mat('employment', '拟执业机构聘用证明', 'Letter of appointment'),
    ],
    faq: [
      faq(
        '换执业地点要重新注册吗？',
        'Changing workplace?',
        '主要执业机构变更的办理变更注册；增加执业机构实行备案。',
        'Change registration for the main institution; filing for extra ones.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('执业信息', 'Practice', [F.practice_category, F.practice_institution, F.start_date]),
      ],
    },
  }),
  item({
    dept: 'HCB',
    seq: 3,
    type: 'other_power',
    name: t('诊所备案', 'Filing of a clinic'),
    keywords: ['开诊所', '诊所执业备案', '个体诊所', 'clinic'],
    legalBasis: ['《医疗机构管理条例》', '《中华人民共和国基本医疗卫生与健康促进法》'],
    targetUsers: ['person', 'enterprise'],
    themes: ['health', 'business'],
    conditions: [
      t(
        '符合诊所基本标准，主要负责人具有相应执业经历',
        'Meets the clinic standards; the head has the required experience',
      ),
    ],
    statutoryLimit: null,
    promisedLimit: { value: 0, unit: 'working_days' },
    result: { name: t('诊所备案凭证', 'Clinic filing record'), type: 'certificate', electronic: true },
    materials: [
      BUSINESS_LICENCE,
      mat('staff', '医务人员执业证书', 'Practice certificates of the medical staff'),
      mat('layout', '房屋平面布局图', 'Floor plan'),
      mat('rules', '规章制度', 'Rules'),
    ],
    faq: [
      faq(
        '备案后多久可以执业？',
        'When can I open?',
        '备案即可执业，卫生健康部门 30 日内进行现场核查。',
        'Immediately; an inspection follows within 30 days.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('诊所信息', 'Clinic', [F.business_address, F.premises_area, F.practice_category, F.employee_count]),
      ],
    },
  }),

  // ----- EEB 生态环境分局 -----
  item({
    dept: 'EEB',
    seq: 1,
    type: 'licensing',
    name: t('排污许可证核发', 'Pollutant discharge permit'),
    keywords: ['排污许可', '排污证', '环保许可', 'discharge permit'],
    legalBasis: ['《中华人民共和国环境保护法》', '《排污许可管理条例》'],
    targetUsers: ['enterprise'],
    themes: ['environment'],
    conditions: [
      t('依法取得建设项目环境影响评价文件审批意见或备案', 'Environmental impact assessment approved or filed'),
      t('污染防治设施和排放符合国家和地方污染物排放标准', 'Pollution control meets discharge standards'),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(10),
    scope: 'province',
    result: { name: t('排污许可证', 'Pollutant discharge permit'), type: 'certificate', electronic: true },
    materials: [
      BUSINESS_LICENCE,
      shared('eia_approval', '环境影响评价文件审批意见', 'EIA approval', 'eia-approvals'),
      mat('self_monitoring', '自行监测方案', 'Self-monitoring plan'),
      mat('commitment', '守法承诺书', 'Commitment to comply'),
    ],
    faq: [
      faq(
        '登记管理和许可管理有何区别？',
        'Registration vs permit?',
        '污染物产生量很小的单位实行排污登记，无需申领许可证。',
        'Units with very small emissions only register.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('排污信息', 'Discharges', [F.industry_category, F.business_address, F.remarks]),
      ],
    },
  }),
  item({
    dept: 'EEB',
    seq: 2,
    type: 'licensing',
    name: t('建设项目环境影响报告表审批', 'Approval of an environmental impact report form'),
    keywords: ['环评', '环评审批', '环境影响评价', 'EIA'],
    legalBasis: ['《中华人民共和国环境影响评价法》', '《建设项目环境保护管理条例》'],
    targetUsers: ['enterprise'],
    themes: ['environment', 'construction'],
    conditions: [
      t(
        '建设项目类型及其选址、布局、规模等符合环境保护法律法规和相关法定规划',
        'Type, site, layout and scale comply with environmental law and plans',
      ),
    ],
    statutoryLimit: nd(30),
    promisedLimit: wd(10),
    result: { name: t('环境影响报告表审批意见', 'EIA approval'), type: 'approval', electronic: true },
    materials: [
      APPLICATION(),
      BUSINESS_LICENCE,
      mat('eia_report', '建设项目环境影响报告表', 'Environmental impact report form'),
    ],
    faq: [
      faq(
        '报告表要专家评审吗？',
        'Expert review?',
        '一般组织技术评估，评估时间不计入审批时限。',
        'A technical assessment is made; its time is not counted.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('项目信息', 'Project', [F.project_name, F.project_address, F.total_investment, F.industry_category]),
      ],
    },
  }),

  // ----- EMB 应急管理局 -----
  item({
    dept: 'EMB',
    seq: 1,
    type: 'licensing',
    name: t('危险化学品经营许可', 'Hazardous chemicals trading licence'),
    keywords: ['危化品经营许可证', '危险化学品', '危化品', 'hazardous chemicals'],
    legalBasis: ['《危险化学品安全管理条例》', '《危险化学品经营许可证管理办法》'],
    targetUsers: ['enterprise'],
    themes: ['safety', 'business'],
    conditions: [
      t('经营和储存场所、设施符合国家标准和行业标准', 'Premises and storage meet national and industry standards'),
      t('主要负责人和安全生产管理人员经考核合格', 'The head and safety managers passed assessment'),
      t('有健全的安全生产规章制度和事故应急救援预案', 'Has safety rules and an emergency plan'),
    ],
    statutoryLimit: nd(30),
    promisedLimit: wd(10),
    visits: 1,
    visitsReason: '现场核查经营、储存场所',
    onlineDepth: 3,
    result: {
      name: t('危险化学品经营许可证', 'Hazardous chemicals trading licence'),
      type: 'certificate',
      electronic: true,
    },
    materials: [
      BUSINESS_LICENCE,
      mat(
        'safety_training',
        '主要负责人、安全管理人员安全生产知识和管理能力考核合格证明',
        'Safety assessment certificates of the head and managers',
      ),
      mat('emergency_plan', '事故应急预案', 'Emergency plan'),
      mat('premises_proof', '经营场所产权或租赁证明', 'Title or lease of the premises'),
    ],
    faq: [
      faq(
        '不带储存的经营也要许可吗？',
        'No storage?',
        '需要，不带储存设施的经营同样需取得许可。',
        'Yes, trading without storage also needs the licence.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('经营信息', 'Operation', [F.chemical_names, F.storage_mode, F.business_address]),
      ],
    },
  }),
  item({
    dept: 'EMB',
    seq: 2,
    type: 'licensing',
    name: t('烟花爆竹经营（零售）许可', 'Fireworks retail licence'),
    keywords: ['烟花爆竹零售', '卖鞭炮', '烟花许可证', 'fireworks'],
    legalBasis: ['《烟花爆竹安全管理条例》', '《烟花爆竹经营许可实施办法》'],
    targetUsers: ['enterprise', 'person'],
    themes: ['safety', 'business'],
    conditions: [
      t(
        '符合龙港市烟花爆竹零售经营布点规划，零售场所面积和安全间距符合规定',
        'Fits the local retail layout; premises and distances meet the rules',
      ),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(5),
    visits: 1,
    visitsReason: '现场核查零售场所',
    onlineDepth: 3,
    result: {
      name: t('烟花爆竹经营（零售）许可证', 'Fireworks retail licence'),
      type: 'certificate',
      electronic: true,
    },
    materials: [
      BUSINESS_LICENCE,
      mat('supply_agreement', '与批发企业签订的供货协议', 'Supply agreement with a wholesaler'),
      mat('training', '安全培训合格证明', 'Safety training certificate'),
    ],
    faq: [
      faq(
        '许可证有效期多久？',
        'Validity?',
        '零售许可证有效期由发证机关确定，最长不超过 2 年。',
        'Set by the issuing body, up to two years.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('零售点信息', 'Shop', [F.business_address, F.premises_area, F.start_date, F.end_date]),
      ],
    },
  }),

  // ----- CLE 综合行政执法局 -----
  item({
    dept: 'CLE',
    seq: 1,
    type: 'licensing',
    name: t('临时占用城市道路审批', 'Temporary occupation of a city road'),
    keywords: ['占道', '临时占道', '占用道路', '道路占用', 'road occupation'],
    legalBasis: ['《城市道路管理条例》'],
    targetUsers: ['person', 'enterprise'],
    themes: ['city'],
    conditions: [
      t(
        '因建设或者其他特殊需要确需临时占用城市道路，不影响交通安全',
        'Needed for construction or other special reasons, without endangering traffic',
      ),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(3),
    coDepartments: ['PSB'],
    result: { name: t('临时占用城市道路许可决定书', 'Road occupation permit'), type: 'approval', electronic: true },
    materials: [
      APPLICATION(),
      mat('site_plan', '占用道路位置平面示意图', 'Site sketch of the occupation'),
      mat('safety_measures', '安全防护及交通组织方案', 'Safety and traffic plan'),
    ],
    faq: [
      faq(
        '占道要交费吗？',
        'Is there a charge?',
        '按浙江省有关规定执行，多数临时占道已免收占道费。',
        'Per provincial rules; most temporary occupations are free.',
      ),
    ],
    form: {
      sections: [
        applicantSection(),
        section('占道信息', 'Occupation', [
          F.occupy_location,
          F.occupy_area,
          F.occupy_purpose,
          F.start_date,
          F.end_date,
        ]),
      ],
    },
  }),
  item({
    dept: 'CLE',
    seq: 2,
    type: 'licensing',
    name: t('户外广告设施设置审批', 'Outdoor advertising installation approval'),
    keywords: ['户外广告', '招牌', '店招', '广告牌审批', 'outdoor advertising'],
    legalBasis: ['《中华人民共和国广告法》', '《城市市容和环境卫生管理条例》'],
    targetUsers: ['enterprise', 'person'],
    themes: ['city'],
    conditions: [
      t(
        '设置位置、形式、规格符合户外广告设施设置规划和技术规范',
        'Location, form and size follow the outdoor advertising plan',
      ),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(5),
    result: { name: t('户外广告设施设置许可决定书', 'Outdoor advertising permit'), type: 'approval', electronic: true },
    materials: [
      BUSINESS_LICENCE,
      mat('design', '设计效果图（含尺寸、材质）', 'Design rendering with size and materials'),
      mat('site_consent', '设置场地使用权证明', 'Consent of the owner of the site'),
    ],
    faq: [
      faq(
        '店招也要审批吗？',
        'Shop signs too?',
        '符合店招店牌设置规范的，实行告知承诺办理。',
        'Standard shop signs are approved on commitment.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('设施信息', 'Installation', [F.occupy_location, F.occupy_area, F.ad_content, F.start_date, F.end_date]),
      ],
    },
  }),
  item({
    dept: 'CLE',
    seq: 3,
    type: 'licensing',
    name: t('城市建筑垃圾处置核准', 'Approval for disposal of construction waste'),
    keywords: ['建筑垃圾', '渣土', '装修垃圾', 'construction waste'],
    legalBasis: ['《中华人民共和国固体废物污染环境防治法》', '《城市建筑垃圾管理规定》'],
    targetUsers: ['enterprise'],
    themes: ['city', 'construction'],
    conditions: [
      t(
        '有建筑垃圾分类处置方案和消纳场所，运输车辆符合要求',
        'Has a sorting and disposal plan, a disposal site and compliant trucks',
      ),
    ],
    statutoryLimit: wd(20),
    promisedLimit: wd(3),
    coDepartments: ['EEB'],
    result: {
      name: t('建筑垃圾处置核准文件', 'Construction waste disposal approval'),
      type: 'approval',
      electronic: true,
    },
    materials: [
      BUSINESS_LICENCE,
      mat('disposal_plan', '建筑垃圾处置方案', 'Disposal plan'),
      mat('transport_contract', '运输合同及车辆信息', 'Transport contract and vehicle list'),
    ],
    faq: [
      faq(
        '家庭装修垃圾怎么处理？',
        'Home renovation waste?',
        '投放到小区指定的装修垃圾堆放点，无需办理核准。',
        'Put it at the estate’s collection point; no approval needed.',
      ),
    ],
    form: {
      sections: [
        enterpriseSection(),
        section('处置信息', 'Disposal', [F.project_name, F.project_address, F.vehicle_count, F.start_date, F.end_date]),
      ],
    },
  }),
  ...CORRECTION_ITEMS,
];

// ---------------------------------------------------------------------------------------
// Bundles

export type DemoBundle = BundleData & { code: DemoLifeEvent };

const codesOf = (event: DemoLifeEvent) =>
  DEMO_ITEMS.filter((i) => i.lifeEvents.includes(event)).map((i) => i.handlingItemCode);

const itemCode = (zh: string) => DEMO_ITEMS.find((i) => i.name.zh === zh)!.handlingItemCode;

export const DEMO_BUNDLES: readonly DemoBundle[] = [
  {
    code: 'birth',
    name: t('出生一件事', 'Birth of a child'),
    description: t(
      '一次提交，办理出生医学证明、出生登记（户口）、城乡居民医保参保和社会保障卡申领：出生医学证明签发后办理户口和医保，参保后办理社保卡，结果统一寄递。',
      'One submission for the medical birth certificate, household registration, medical insurance and the social security card: registration and insurance once the certificate is issued, the card once insured; delivered together.',
    ),
    itemCodes: codesOf('birth'),
    keywords: ['出生', '新生儿', '生孩子', '上户口', '出生证明', '新生儿医保', '新生儿社保卡', 'newborn'],
    order: [
      { itemCode: itemCode('出生登记（户口申报）'), needsResultOf: [itemCode('出生医学证明首次签发')] },
      {
        itemCode: itemCode('城乡居民基本医疗保险参保登记'),
        needsResultOf: [itemCode('出生医学证明首次签发')],
      },
      { itemCode: itemCode('社会保障卡申领'), needsResultOf: [itemCode('城乡居民基本医疗保险参保登记')] },
    ],
    sections: [
      { title: t('新生儿信息', 'Child'), fields: ['child_name', 'child_gender', 'child_birth_date', 'birth_place'] },
      {
        title: t('父母信息', 'Parents'),
        fields: ['mother_name', 'mother_id_number', 'father_name', 'father_id_number', 'household_address'],
      },
      {
        title: t('申请人（监护人）信息', 'Applicant (guardian)'),
        fields: ['applicant_name', 'applicant_id_number', 'guardian_relation', 'applicant_phone', 'applicant_address'],
      },
      { title: t('领取方式', 'Receiving the results'), fields: ['delivery_method'] },
    ],
    sameMaterials: [
      {
        code: 'parents_id',
        name: t('父母及申请人居民身份证', 'ID cards of the parents and the applicant'),
        codes: ['id_card', 'parents_id', 'mother_id', 'father_id'],
      },
    ],
  },
  {
    code: 'open-business',
    name: t('开办企业一件事', 'Opening a business'),
    description: t(
      '一次提交，同步办理营业执照、公章刻制备案、税务信息确认和发票领用、单位社保参保和住房公积金缴存登记，一个工作日内办结。',
      'One submission for the business licence, seals, tax registration and invoices, social insurance and housing fund registration, done within one working day.',
    ),
    itemCodes: codesOf('open-business'),
    keywords: ['开办企业', '开公司', '注册公司', '营业执照', '刻章', '税务登记', '创业', 'start a business'],
  },
];

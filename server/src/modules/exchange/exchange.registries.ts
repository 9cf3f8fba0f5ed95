/**
 * The base registries (基础库) the exchange holds, as data: who owns each, whose records it
 * keeps (a person's, found by their ID number; an enterprise's, by its USCC), and its fields
 * with their sensitivity class. A registry's schema is versioned: a change of fields is a new
 * version (exchange.registry_fields keeps every version), and every record says the version
 * it was written under.
 *
 * Sensitivity (GB/T 35273 and the 数据分类分级 practice): `public` may be published,
 * `internal` is for government use, `personal` is personal information, `sensitive` is
 * sensitive personal information (ID numbers, health, finances, minors' data).
 */
export type SubjectKind = 'person' | 'enterprise';

export const SENSITIVITIES = ['public', 'internal', 'personal', 'sensitive'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export interface RegistryField {
  key: string;
  zh: string;
  en: string;
  sensitivity: Sensitivity;
}

export interface RegistryDefinition {
  code: string;
  /** The owning department's code (org.departments.code). */
  owner: string;
  zh: string;
  en: string;
  /** Whose records it keeps: people's (by ID number), enterprises' (by USCC), or both (issued documents). */
  subjects: readonly SubjectKind[];
  version: number;
  /** The kinds of record it holds (one per record; a person may have several of a kind). */
  recordTypes: readonly string[];
  fields: readonly RegistryField[];
}

const f = (key: string, zh: string, en: string, sensitivity: Sensitivity): RegistryField => ({
  key,
  zh,
  en,
  sensitivity,
});

export const REGISTRIES = [
  {
    code: 'population-registry',
    owner: 'PSB',
    zh: '人口基础信息库',
    en: 'Population registry',
    subjects: ['person'],
    version: 1,
    recordTypes: ['person'],
    fields: [
      f('name', '姓名', 'Name', 'personal'),
      f('idNumber', '公民身份号码', 'ID number', 'sensitive'),
      f('birthDate', '出生日期', 'Date of birth', 'personal'),
      f('gender', '性别', 'Sex', 'personal'),
      f('address', '住址', 'Address', 'personal'),
      f('householdId', '户号', 'Household number', 'personal'),
      f('householdRelation', '与户主关系', 'Relation to the head of household', 'personal'),
      f('communityCode', '所属社区', 'Community', 'internal'),
      f('gridCode', '所属网格', 'Grid', 'internal'),
      f('phone', '联系电话', 'Phone', 'personal'),
    ],
  },
  {
    code: 'enterprise-registry',
    owner: 'AMR',
    zh: '法人单位基础信息库',
    en: 'Enterprise registry',
    subjects: ['enterprise'],
    version: 1,
    recordTypes: ['enterprise'],
    fields: [
      f('uscc', '统一社会信用代码', 'Unified social credit code', 'public'),
      f('name', '名称', 'Name', 'public'),
      f('legalRepName', '法定代表人', 'Legal representative', 'public'),
      f('legalRepIdNumber', '法定代表人身份号码', "Legal representative's ID number", 'sensitive'),
      f('address', '住所', 'Registered address', 'public'),
      f('status', '登记状态', 'Status', 'public'),
      f('scope', '经营范围', 'Business scope', 'public'),
      f('registeredOn', '成立日期', 'Registered on', 'public'),
      f('industry', '所属行业', 'Industry', 'public'),
    ],
  },
  {
    code: 'marriage-registry',
    owner: 'CAB',
    zh: '婚姻登记信息库',
    en: 'Marriage registry',
    subjects: ['person'],
    version: 1,
    recordTypes: ['marriage'],
    fields: [
      f('status', '婚姻状况', 'Marital status', 'personal'),
      f('spouseName', '配偶姓名', "Spouse's name", 'personal'),
      f('spouseIdNumber', '配偶身份号码', "Spouse's ID number", 'sensitive'),
      f('registeredOn', '登记日期', 'Registered on', 'personal'),
      f('certificateNumber', '结婚证字号', 'Certificate number', 'personal'),
    ],
  },
  {
    code: 'social-insurance',
    owner: 'HRSS',
    zh: '社会保险信息库',
    en: 'Social insurance records',
    subjects: ['person'],
    version: 1,
    recordTypes: ['insurance'],
    fields: [
      f('insured', '参保状态', 'Insured', 'personal'),
      f('schemes', '参保险种', 'Schemes', 'personal'),
      f('employerUscc', '参保单位', 'Employer (USCC)', 'personal'),
      f('since', '参保日期', 'Insured since', 'personal'),
      f('cardNumber', '社会保障卡号', 'Social security card number', 'sensitive'),
    ],
  },
  {
    code: 'housing-fund',
    owner: 'HUD',
    zh: '住房公积金信息库',
    en: 'Housing provident fund',
    subjects: ['person'],
    version: 1,
    recordTypes: ['fund_account'],
    fields: [
      f('accountNumber', '公积金账号', 'Account number', 'sensitive'),
      f('status', '账户状态', 'Account status', 'personal'),
      f('employerUscc', '缴存单位', 'Employer (USCC)', 'personal'),
      f('monthlyDeposit', '月缴存额（元）', 'Monthly deposit (yuan)', 'sensitive'),
      f('balance', '账户余额（元）', 'Balance (yuan)', 'sensitive'),
    ],
  },
  {
    code: 'driving-licences',
    owner: 'PSB',
    zh: '机动车和驾驶人信息库',
    en: 'Vehicles and driving licences',
    subjects: ['person'],
    version: 1,
    recordTypes: ['driving_licence', 'vehicle'],
    fields: [
      f('licenceNumber', '驾驶证号', 'Licence number', 'personal'),
      f('class', '准驾车型', 'Licence class', 'personal'),
      f('issuedOn', '初次领证日期', 'Issued on', 'personal'),
      f('validUntil', '有效期至', 'Valid until', 'personal'),
      f('points', '累积记分', 'Penalty points', 'personal'),
      f('plate', '号牌号码', 'Plate number', 'personal'),
      f('make', '品牌型号', 'Make and model', 'internal'),
      f('registeredOn', '注册登记日期', 'Registered on', 'personal'),
    ],
  },
  {
    code: 'real-estate-registry',
    owner: 'NRP',
    zh: '不动产登记信息库',
    en: 'Real estate registry',
    subjects: ['person'],
    version: 1,
    recordTypes: ['property'],
    fields: [
      f('certificateNumber', '不动产权证书号', 'Title certificate number', 'personal'),
      f('address', '坐落', 'Location', 'personal'),
      f('area', '建筑面积（平方米）', 'Floor area (m²)', 'personal'),
      f('use', '用途', 'Use', 'personal'),
      f('registeredOn', '登记日期', 'Registered on', 'personal'),
    ],
  },
  {
    code: 'education-records',
    owner: 'EDU',
    zh: '学历学籍信息库',
    en: 'Education records',
    subjects: ['person'],
    version: 1,
    recordTypes: ['education'],
    fields: [
      f('school', '学校', 'School', 'personal'),
      f('level', '学历层次', 'Level', 'personal'),
      f('degree', '学位', 'Degree', 'personal'),
      f('graduatedOn', '毕业日期', 'Graduated on', 'personal'),
      f('certificateNumber', '证书编号', 'Certificate number', 'personal'),
    ],
  },
  {
    code: 'birth-certificates',
    owner: 'HCB',
    zh: '出生医学证明信息库',
    en: 'Medical birth certificates',
    subjects: ['person'],
    version: 1,
    recordTypes: ['birth'],
    fields: [
      f('childName', '新生儿姓名', "Child's name", 'sensitive'),
      f('childGender', '新生儿性别', "Child's sex", 'sensitive'),
      f('birthDate', '出生时间', 'Born on', 'sensitive'),
      f('birthPlace', '出生地点', 'Place of birth', 'sensitive'),
      f('motherName', '母亲姓名', "Mother's name", 'personal'),
      f('motherIdNumber', '母亲身份号码', "Mother's ID number", 'sensitive'),
      f('fatherName', '父亲姓名', "Father's name", 'personal'),
      f('fatherIdNumber', '父亲身份号码', "Father's ID number", 'sensitive'),
      f('certificateNumber', '出生医学证明编号', 'Certificate number', 'sensitive'),
    ],
  },
  {
    code: 'documents',
    owner: 'ASB',
    zh: '电子证照库',
    en: 'Issued documents and certificates',
    subjects: ['person', 'enterprise'],
    version: 1,
    recordTypes: [
      'id_card',
      'household_book',
      'business_licence',
      'marriage_certificate',
      'birth_certificate',
      'property_certificate',
      'driving_licence',
      'degree',
      'tax_receipt',
      'death_certificate',
      'cremation_certificate',
      'qualification',
      'eia_approval',
      'planning_permit',
    ],
    fields: [
      f('documentType', '证照类型', 'Document type', 'internal'),
      f('number', '证照编号', 'Number', 'personal'),
      f('holderName', '持证主体', 'Holder', 'personal'),
      f('issuedBy', '发证机关', 'Issued by', 'public'),
      f('issuedOn', '发证日期', 'Issued on', 'personal'),
      f('validUntil', '有效期至', 'Valid until', 'personal'),
    ],
  },
] as const satisfies readonly RegistryDefinition[];

export type RegistryCode = (typeof REGISTRIES)[number]['code'];
export const REGISTRY_CODES = REGISTRIES.map((r) => r.code) as readonly RegistryCode[];

const byCode = new Map<string, RegistryDefinition>(REGISTRIES.map((r) => [r.code, r]));
export const registryOf = (code: string): RegistryDefinition | undefined => byCode.get(code);

/** `<registry>.<field>` names, as grants, consents and prefill bindings write them. */
export const qualifiedField = (registry: string, field: string): string => `${registry}.${field}`;

/**
 * Where the government already holds a material (the catalogue's `shared` materials): the
 * registry and record type that stand for it as evidence, and whose record it is — the
 * applicant's own (or the acting enterprise's), or the person a form field names (the
 * mother's ID card: the `mother_id_number` field's person).
 */
export interface EvidenceSource {
  registry: RegistryCode;
  recordType: string;
  /** The form field holding the subject's ID number; absent: the applicant. */
  subjectField?: string;
  /** The record is the applicant enterprise's (its USCC), not a person's. */
  enterprise?: boolean;
}

const doc = (recordType: string, more: Partial<EvidenceSource> = {}): EvidenceSource => ({
  registry: 'documents',
  recordType,
  ...more,
});

export const EVIDENCE_SOURCES: Readonly<Record<string, EvidenceSource>> = {
  id_card: doc('id_card'),
  household_book: doc('household_book'),
  business_licence: doc('business_licence', { enterprise: true }),
  legal_rep_id: doc('id_card'),
  // From the authentic source, 出生医学证明信息库 (a platform-issued one is filed there too), not the copy.
  birth_certificate: { registry: 'birth-certificates', recordType: 'birth' },
  property_certificate: doc('property_certificate'),
  // From the marriage registry itself (婚姻登记信息库).
  marriage_certificate: { registry: 'marriage-registry', recordType: 'marriage' },
  land_certificate: doc('property_certificate'),
  planning_permit: doc('planning_permit', { enterprise: true }),
  driving_licence: doc('driving_licence'),
  parents_id: doc('id_card'),
  mother_id: doc('id_card', { subjectField: 'mother_id_number' }),
  father_id: doc('id_card', { subjectField: 'father_id_number' }),
  tax_receipt: doc('tax_receipt'),
  degree: doc('degree'),
  death_certificate: doc('death_certificate', { subjectField: 'deceased_id_number' }),
  cremation_certificate: doc('cremation_certificate', { subjectField: 'deceased_id_number' }),
  qualification: doc('qualification'),
  eia_approval: doc('eia_approval', { enterprise: true }),
};

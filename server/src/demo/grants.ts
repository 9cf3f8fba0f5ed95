/**
 * The demo city's data-sharing grants (共享授权): which department or service item may read
 * which fields of which base registry, for what purpose, under what law.
 *
 * Two kinds:
 * - **statutory** (法定职责): the law makes the department use the data, or forbids asking the
 *   applicant for what the government already holds (《国务院关于在线政务服务的若干规定》
 *   第十二条), so the read needs no consent — it is still logged for the person to see;
 * - **consent-based**: pre-filling a form from a registry the item does not need by law; the
 *   applicant sees the values and agrees (or types them).
 * Evidence grants (a material the government holds, fetched instead of uploaded) are derived
 * from the catalogue's shared materials in `evidenceGrants`.
 */
import { EVIDENCE_SOURCES, registryOf } from '../modules/exchange/index.ts';
import { DEMO_ITEMS } from './items.ts';

export interface DemoGrant {
  registry: string;
  /** Exactly one grantee: a department, or a service item (its handling item code). */
  departmentCode?: string;
  itemCode?: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  statutory: boolean;
}

/** Every field of a registry (its current schema version). */
const allFields = (registry: string): string[] => {
  const r = registryOf(registry);
  if (!r) throw new Error(`No registry ${registry}`);
  return r.fields.map((f) => f.key);
};

const item = (zh: string): string => {
  const found = DEMO_ITEMS.find((i) => i.name.zh === zh);
  if (!found) throw new Error(`No demo item ${zh}`);
  return found.handlingItemCode;
};
const itemsOf = (lifeEvent: string) =>
  DEMO_ITEMS.filter((i) => (i.lifeEvents as readonly string[]).includes(lifeEvent));

const ONLINE_SERVICES = '《国务院关于在线政务服务的若干规定》（国务院令第716号）第十二条';
const SHARING = '《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第五条';
const ONE_THING = '《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）';
const HOUSEHOLD_REGISTRATION = '《中华人民共和国户口登记条例》第七条';

const PERSON_PREFILL = ['name', 'idNumber', 'gender', 'birthDate', 'address', 'phone'];

/**
 * Evidence instead of uploads: each item whose materials the government holds may read the
 * registries those materials come from (EVIDENCE_SOURCES), by law — the applicant may not be
 * asked for them again (《国务院关于在线政务服务的若干规定》第十二条).
 */
export function evidenceGrants(): DemoGrant[] {
  const grants: DemoGrant[] = [];
  for (const i of DEMO_ITEMS) {
    const byRegistry = new Map<string, string[]>();
    for (const m of i.materials) {
      const source = m.source === 'shared' ? EVIDENCE_SOURCES[m.code] : undefined;
      if (!source) continue;
      byRegistry.set(source.registry, [...(byRegistry.get(source.registry) ?? []), m.name.zh]);
    }
    for (const [registry, materials] of byRegistry) {
      grants.push({
        registry,
        itemCode: i.handlingItemCode,
        fields: allFields(registry),
        purpose: `${i.name.zh}：以部门共享的${[...new Set(materials)].join('、')}代替申请人提交`,
        legalBasis: `${ONLINE_SERVICES}；${SHARING}`,
        statutory: true,
      });
    }
  }
  return grants;
}

/** Every grant of the demo city: those named by hand, and the evidence grants. */
export function demoGrants(): DemoGrant[] {
  return [...namedGrants(), ...evidenceGrants()];
}

/** Grants named by hand: registration, the comprehensive window, the two bundles, a few consent-based pre-fills. */
function namedGrants(): DemoGrant[] {
  const birthRegistration = item('出生登记（户口申报）');
  const grants: DemoGrant[] = [
    {
      registry: 'population-registry',
      departmentCode: 'ASB',
      fields: ['name', 'idNumber', 'birthDate', 'gender', 'address', 'householdId', 'householdRelation'],
      purpose: '综合窗口受理时核验申请人身份与户籍信息',
      legalBasis: `${SHARING}；${ONLINE_SERVICES}`,
      statutory: true,
    },
    {
      registry: 'population-registry',
      itemCode: birthRegistration,
      fields: ['name', 'idNumber', 'gender', 'birthDate', 'address', 'householdId', 'householdRelation'],
      purpose: '出生登记：核验父母身份和户籍，确定新生儿的落户地址与户号',
      legalBasis: HOUSEHOLD_REGISTRATION,
      statutory: true,
    },
    {
      registry: 'birth-certificates',
      itemCode: birthRegistration,
      fields: allFields('birth-certificates'),
      purpose: '出生登记：以出生医学证明申报新生儿户口',
      legalBasis: HOUSEHOLD_REGISTRATION,
      statutory: true,
    },
    {
      registry: 'birth-certificates',
      itemCode: item('城乡居民基本医疗保险参保登记'),
      fields: allFields('birth-certificates'),
      purpose: '新生儿城乡居民基本医疗保险参保登记：核验出生信息',
      legalBasis: `《中华人民共和国社会保险法》第二十五条；${ONLINE_SERVICES}`,
      statutory: true,
    },
    {
      registry: 'marriage-registry',
      itemCode: birthRegistration,
      fields: ['status', 'spouseName', 'spouseIdNumber', 'certificateNumber'],
      purpose: '出生登记：核验父母婚姻状况',
      legalBasis: `${HOUSEHOLD_REGISTRATION}；${ONLINE_SERVICES}`,
      statutory: true,
    },
    {
      registry: 'driving-licences',
      itemCode: item('网络预约出租汽车驾驶员证核发'),
      fields: ['licenceNumber', 'class', 'issuedOn', 'validUntil', 'points'],
      purpose: '网约车驾驶员证核发：核验驾驶证准驾车型与驾龄',
      legalBasis: `《网络预约出租汽车经营服务管理暂行办法》第十四条；${ONLINE_SERVICES}`,
      statutory: true,
    },
    {
      registry: 'education-records',
      itemCode: item('教师资格认定'),
      fields: allFields('education-records'),
      purpose: '教师资格认定：核验学历',
      legalBasis: `《教师资格条例》第六条；${ONLINE_SERVICES}`,
      statutory: true,
    },
    // Consent-based: the law does not require these; the applicant previews and agrees.
    {
      registry: 'housing-fund',
      itemCode: item('住房公积金个人住房贷款'),
      fields: ['accountNumber', 'status', 'monthlyDeposit', 'balance'],
      purpose: '公积金贷款申请：预填缴存信息以测算可贷额度',
      legalBasis: '《住房公积金管理条例》第二十六条',
      statutory: false,
    },
    ...['小学一年级新生入学报名', '初中一年级新生入学报名'].map((name) => ({
      registry: 'real-estate-registry',
      itemCode: item(name),
      fields: ['certificateNumber', 'address', 'use', 'registeredOn'],
      purpose: '义务教育入学报名：核验学区内住房',
      legalBasis: '《中华人民共和国义务教育法》第十二条',
      statutory: false,
    })),
  ];
  // The birth bundle's other items pre-fill the parents' data from the population registry.
  for (const i of itemsOf('birth')) {
    if (i.handlingItemCode === birthRegistration) continue;
    grants.push({
      registry: 'population-registry',
      itemCode: i.handlingItemCode,
      fields: PERSON_PREFILL,
      purpose: `出生一件事（${i.name.zh}）：预填父母及申请人信息`,
      legalBasis: ONE_THING,
      statutory: false,
    });
  }
  // Opening a business: every item reads the enterprise registry, by law.
  for (const i of itemsOf('open-business')) {
    grants.push({
      registry: 'enterprise-registry',
      itemCode: i.handlingItemCode,
      fields: allFields('enterprise-registry'),
      purpose: `开办企业一件事（${i.name.zh}）：核验企业登记信息，免交营业执照`,
      legalBasis: `《优化营商环境条例》（国务院令第722号）；${ONLINE_SERVICES}`,
      statutory: true,
    });
    grants.push({
      registry: 'population-registry',
      itemCode: i.handlingItemCode,
      fields: PERSON_PREFILL,
      purpose: `开办企业一件事（${i.name.zh}）：预填法定代表人及经办人信息`,
      legalBasis: ONE_THING,
      statutory: false,
    });
  }
  return grants;
}

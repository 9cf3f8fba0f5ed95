// Labels of the demo catalogue's form options (field key → option value → label), zh-CN first, under
// `cases.options`: shown by the citizen app's forms and by the staff console's view of a filed form.
import type { Shape } from '../shared/text-shape';

const zhCN = {
  child_gender: {
    male: '男',
    female: '女',
  },
  delivery_method: {
    pickup: '窗口领取',
    post: '免费邮寄',
  },
  company_type: {
    llc: '有限责任公司',
    single_person_llc: '一人有限责任公司',
    joint_stock: '股份有限公司',
    partnership: '合伙企业',
    sole_proprietorship: '个人独资企业',
  },
  change_items: {
    name: '名称',
    address: '住所',
    legal_rep: '法定代表人',
    registered_capital: '注册资本',
    business_scope: '经营范围',
    shareholders: '股东（发起人）',
  },
  cancel_reason: {
    dissolution: '决议解散',
    bankruptcy: '依法宣告破产',
    revoked: '被吊销营业执照',
    other: '其他原因',
  },
  migration_reason: {
    house_purchase: '购房迁入',
    employment: '就业迁入',
    join_family: '投靠亲属',
    study: '升学迁入',
    talent: '人才引进',
  },
  filing_reason: {
    resettled: '异地安置退休',
    long_term_resident: '异地长期居住',
    posted_worker: '常驻异地工作',
    referral: '转诊转院',
    temporary_trip: '临时外出就医',
  },
  withdrawal_reason: {
    house_purchase: '购买自住住房',
    rent: '租赁住房',
    loan_repayment: '偿还住房贷款',
    retirement: '离休、退休',
    leaving_city: '离开本市',
    serious_illness: '重大疾病',
  },
  invoice_type: {
    digital_special: '数电专票',
    digital_ordinary: '数电普票',
  },
  accounting_method: {
    small_enterprise: '小企业会计准则',
    enterprise: '企业会计准则',
    other: '其他',
  },
  seal_types: {
    official: '公章',
    finance: '财务专用章',
    invoice: '发票专用章',
    contract: '合同专用章',
    legal_rep: '法定代表人名章',
  },
  guardian_relation: {
    father: '父亲',
    mother: '母亲',
    grandparent: '祖父母、外祖父母',
    other_guardian: '其他监护人',
  },
  qualification_type: {
    kindergarten: '幼儿园',
    primary: '小学',
    junior_secondary: '初级中学',
    senior_secondary: '高级中学',
    vocational: '中等职业学校',
  },
  practice_category: {
    clinical: '临床',
    traditional_chinese: '中医',
    dental: '口腔',
    public_health: '公共卫生',
  },
  storage_mode: {
    no_storage: '不储存',
    own_warehouse: '自有仓库储存',
    leased_warehouse: '租赁仓库储存',
  },
  place_type: {
    hotel: '宾馆、酒店',
    bathhouse: '公共浴室',
    beauty_salon: '美容美发店',
    swimming_pool: '游泳场（馆）',
    cinema: '影剧院',
    other: '其他',
  },
};

const en: Shape<typeof zhCN> = {
  child_gender: {
    male: 'Boy',
    female: 'Girl',
  },
  delivery_method: {
    pickup: 'Collect at the window',
    post: 'Free delivery by post',
  },
  company_type: {
    llc: 'Limited liability company',
    single_person_llc: 'Single-member LLC',
    joint_stock: 'Joint-stock company',
    partnership: 'Partnership',
    sole_proprietorship: 'Sole proprietorship',
  },
  change_items: {
    name: 'Name',
    address: 'Registered address',
    legal_rep: 'Legal representative',
    registered_capital: 'Registered capital',
    business_scope: 'Business scope',
    shareholders: 'Shareholders',
  },
  cancel_reason: {
    dissolution: 'Dissolved by resolution',
    bankruptcy: 'Bankruptcy',
    revoked: 'Licence revoked',
    other: 'Other',
  },
  migration_reason: {
    house_purchase: 'Bought a home',
    employment: 'Employment',
    join_family: 'Joining family',
    study: 'Study',
    talent: 'Talent scheme',
  },
  filing_reason: {
    resettled: 'Retired elsewhere',
    long_term_resident: 'Living elsewhere long-term',
    posted_worker: 'Working elsewhere',
    referral: 'Referred to another hospital',
    temporary_trip: 'Treatment while travelling',
  },
  withdrawal_reason: {
    house_purchase: 'Buying a home',
    rent: 'Paying rent',
    loan_repayment: 'Repaying a mortgage',
    retirement: 'Retirement',
    leaving_city: 'Leaving the city',
    serious_illness: 'Serious illness',
  },
  invoice_type: {
    digital_special: 'Digital special VAT invoice',
    digital_ordinary: 'Digital ordinary invoice',
  },
  accounting_method: {
    small_enterprise: 'Small enterprise standards',
    enterprise: 'Enterprise standards',
    other: 'Other',
  },
  seal_types: {
    official: 'Official seal',
    finance: 'Finance seal',
    invoice: 'Invoice seal',
    contract: 'Contract seal',
    legal_rep: "Legal representative's seal",
  },
  guardian_relation: {
    father: 'Father',
    mother: 'Mother',
    grandparent: 'Grandparent',
    other_guardian: 'Other guardian',
  },
  qualification_type: {
    kindergarten: 'Kindergarten',
    primary: 'Primary school',
    junior_secondary: 'Junior secondary school',
    senior_secondary: 'Senior secondary school',
    vocational: 'Vocational school',
  },
  practice_category: {
    clinical: 'Clinical',
    traditional_chinese: 'Traditional Chinese medicine',
    dental: 'Dental',
    public_health: 'Public health',
  },
  storage_mode: {
    no_storage: 'No storage',
    own_warehouse: 'Own warehouse',
    leased_warehouse: 'Leased warehouse',
  },
  place_type: {
    hotel: 'Hotel',
    bathhouse: 'Bathhouse',
    beauty_salon: 'Beauty or hair salon',
    swimming_pool: 'Swimming pool',
    cinema: 'Cinema or theatre',
    other: 'Other',
  },
};

export const optionsText = { zhCN, en };

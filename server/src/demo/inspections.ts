/**
 * The demo city's random inspections (双随机一公开): inspection items (抽查事项清单) of the
 * market regulator, the ecology bureau and the emergency management bureau, with their legal
 * basis; risk levels by industry (分级分类); and qualified inspectors (行政执法人员), three per
 * department, who are staff accounts with a reviewer post in their department.
 */
export interface DemoInspectionItem {
  department: string;
  code: string;
  name: string;
  nameEn: string;
  legalBasis: string;
  content: string;
}

export const DEMO_INSPECTION_ITEMS: readonly DemoInspectionItem[] = [
  {
    department: 'AMR',
    code: 'AMR-SJ-001',
    name: '企业公示信息情况检查',
    nameEn: 'Check of the information an enterprise publishes',
    legalBasis: '《企业信息公示暂行条例》第十四条；《市场监督管理行政处罚程序规定》',
    content: '年度报告、即时信息公示的真实性，登记住所与实际经营场所是否一致',
  },
  {
    department: 'AMR',
    code: 'AMR-SJ-002',
    name: '工业产品生产许可证获证企业检查',
    nameEn: 'Check of licensed industrial product manufacturers',
    legalBasis: '《中华人民共和国工业产品生产许可证管理条例》第三十八条',
    content: '生产条件、检验手段、生产技术或工艺与许可时是否一致，产品标识与许可证编号',
  },
  {
    department: 'AMR',
    code: 'AMR-SJ-003',
    name: '食品经营者检查',
    nameEn: 'Check of food businesses',
    legalBasis: '《中华人民共和国食品安全法》第一百一十条',
    content: '经营许可、进货查验记录、贮存条件、从业人员健康证明',
  },
  {
    department: 'EEB',
    code: 'EEB-SJ-001',
    name: '排污单位执行排污许可制度情况检查',
    nameEn: 'Check of discharge permit compliance',
    legalBasis: '《排污许可管理条例》第三十三条；《中华人民共和国环境保护法》第二十四条',
    content: '持证排污、按证排污，自行监测与台账记录，污染防治设施运行',
  },
  {
    department: 'EEB',
    code: 'EEB-SJ-002',
    name: '挥发性有机物排放检查',
    nameEn: 'Check of volatile organic compound emissions',
    legalBasis: '《中华人民共和国大气污染防治法》第四十五条',
    content: '印刷、包装、塑料制品企业的VOCs收集与治理设施、原辅材料台账',
  },
  {
    department: 'EMB',
    code: 'EMB-SJ-001',
    name: '工贸企业安全生产检查',
    nameEn: 'Work-safety check of industrial and trade enterprises',
    legalBasis: '《中华人民共和国安全生产法》第六十五条',
    content: '安全生产责任制、隐患排查治理、特种作业人员持证、粉尘与有限空间作业',
  },
  {
    department: 'EMB',
    code: 'EMB-SJ-002',
    name: '消防安全重点单位检查',
    nameEn: 'Fire-safety check of key units',
    legalBasis: '《中华人民共和国消防法》第十六条、第十七条',
    content: '消防设施器材完好有效，疏散通道与安全出口畅通，消防安全管理制度',
  },
];

/** Risk levels by industry: printing, packaging and plastics handle solvents and dust. */
export const DEMO_RISK_RULES: readonly { industry: string; riskLevel: 'low' | 'medium' | 'high' }[] = [
  { industry: '橡胶和塑料制品业', riskLevel: 'high' },
  { industry: '印刷和记录媒介复制业', riskLevel: 'high' },
  { industry: '造纸和纸制品业', riskLevel: 'medium' },
  { industry: '纺织业', riskLevel: 'medium' },
  { industry: '餐饮业', riskLevel: 'medium' },
  { industry: '专用设备制造业', riskLevel: 'medium' },
];

/** Inspectors: username, certificate code (执法证号), department, name. */
export const DEMO_INSPECTORS: readonly { username: string; code: string; department: string; name: string }[] = [
  { username: 'amr-inspector1', code: 'AMR-ZF-0001', department: 'AMR', name: '林晓峰' },
  { username: 'amr-inspector2', code: 'AMR-ZF-0002', department: 'AMR', name: '陈美玲' },
  { username: 'amr-inspector3', code: 'AMR-ZF-0003', department: 'AMR', name: '王建国' },
  { username: 'eeb-inspector1', code: 'EEB-ZF-0001', department: 'EEB', name: '黄志强' },
  { username: 'eeb-inspector2', code: 'EEB-ZF-0002', department: 'EEB', name: '吴丽华' },
  { username: 'eeb-inspector3', code: 'EEB-ZF-0003', department: 'EEB', name: '郑海波' },
  { username: 'emb-inspector1', code: 'EMB-ZF-0001', department: 'EMB', name: '周文斌' },
  { username: 'emb-inspector2', code: 'EMB-ZF-0002', department: 'EMB', name: '徐静' },
  { username: 'emb-inspector3', code: 'EMB-ZF-0003', department: 'EMB', name: '孙国庆' },
];

/**
 * The kinds of certificate (证照) the demo catalogue's items give as their result: matched by
 * the result's name, each with its type code (证照类型代码 in the identifier), the record type
 * it is registered under in the exchange's `documents` registry, and how long it is valid
 * (null: long-term, 长期). A city replaces the codes with the national catalogue's.
 */
export interface CertificateType {
  code: string;
  recordType: string;
  validYears: number | null;
}

const TYPES: readonly (readonly [prefix: string, type: CertificateType])[] = [
  ['营业执照', { code: 'SCJG001', recordType: 'business_licence', validYears: null }],
  ['食品经营许可证', { code: 'SCJG002', recordType: 'licence', validYears: 5 }],
  ['公共场所卫生许可证', { code: 'WSJK001', recordType: 'licence', validYears: 4 }],
  ['出生医学证明', { code: 'WSJK002', recordType: 'birth_certificate', validYears: null }],
  ['医师执业证书', { code: 'WSJK003', recordType: 'qualification', validYears: null }],
  ['诊所备案凭证', { code: 'WSJK004', recordType: 'licence', validYears: null }],
  ['浙江省居住证', { code: 'GAJG001', recordType: 'residence_permit', validYears: 1 }],
  ['居民身份证', { code: 'GAJG002', recordType: 'id_card', validYears: 10 }],
  ['居民户口簿', { code: 'GAJG003', recordType: 'household_book', validYears: null }],
  ['烟花爆竹经营', { code: 'YJGL001', recordType: 'licence', validYears: 1 }],
  ['危险化学品经营许可证', { code: 'YJGL002', recordType: 'licence', validYears: 3 }],
  ['结婚证', { code: 'MZGL001', recordType: 'marriage_certificate', validYears: null }],
  ['不动产权证书', { code: 'ZRZY001', recordType: 'property_certificate', validYears: null }],
  ['建设用地规划许可证', { code: 'ZRZY002', recordType: 'planning_permit', validYears: null }],
  ['建设工程规划许可证', { code: 'ZRZY003', recordType: 'planning_permit', validYears: null }],
  ['建筑工程施工许可证', { code: 'ZJGL001', recordType: 'licence', validYears: null }],
  ['商品房预售许可证', { code: 'ZJGL002', recordType: 'licence', validYears: null }],
  ['教师资格证书', { code: 'JYGL001', recordType: 'qualification', validYears: null }],
  ['人力资源服务许可证', { code: 'RSGL001', recordType: 'licence', validYears: 5 }],
  ['社会保障卡', { code: 'RSGL002', recordType: 'social_security_card', validYears: 10 }],
  ['排污许可证', { code: 'STHJ001', recordType: 'licence', validYears: 5 }],
  ['道路运输经营许可证', { code: 'JTYS001', recordType: 'licence', validYears: 4 }],
  ['网络预约出租汽车驾驶员证', { code: 'JTYS002', recordType: 'qualification', validYears: 6 }],
];

/** The certificate type of a result's name (the catalogue's `result.name.zh`); null when none fits. */
export function certificateTypeOf(resultName: string): CertificateType {
  return (
    TYPES.find(([prefix]) => resultName.startsWith(prefix))?.[1] ?? {
      code: 'QTZZ001',
      recordType: 'licence',
      validYears: null,
    }
  );
}

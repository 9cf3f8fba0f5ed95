/**
 * The kinds of certificate (证照) the demo catalogue's items give as their result: matched by
 * the result's name, each with its type number, the record type it is registered under in the
 * exchange's `documents` registry, and how long it is valid (null: long-term, 长期).
 *
 * A type code (证照类型代码, GB/T 36902) is the unified social credit code of the department
 * that defines the type followed by the type's 3-digit number. The demo city defines its own
 * types, so its codes are the issuing department's code and `no` (certificateTypeCode); a city
 * puts the national catalogue's codes here instead (`code`, 21 characters: the ministry's).
 */
export interface CertificateType {
  /** The type's 3-digit number under the defining department. */
  no: string;
  /** The national catalogue's full 21-character type code, when the type is defined nationally. */
  code?: string;
  recordType: string;
  validYears: number | null;
}

const TYPES: readonly (readonly [prefix: string, type: CertificateType])[] = [
  ['营业执照', { no: '001', recordType: 'business_licence', validYears: null }],
  ['食品经营许可证', { no: '002', recordType: 'licence', validYears: 5 }],
  ['公共场所卫生许可证', { no: '003', recordType: 'licence', validYears: 4 }],
  ['出生医学证明', { no: '004', recordType: 'birth_certificate', validYears: null }],
  ['医师执业证书', { no: '005', recordType: 'qualification', validYears: null }],
  ['诊所备案凭证', { no: '006', recordType: 'licence', validYears: null }],
  ['浙江省居住证', { no: '007', recordType: 'residence_permit', validYears: 1 }],
  ['居民身份证', { no: '008', recordType: 'id_card', validYears: 10 }],
  ['居民户口簿', { no: '009', recordType: 'household_book', validYears: null }],
  ['烟花爆竹经营', { no: '010', recordType: 'licence', validYears: 1 }],
  ['危险化学品经营许可证', { no: '011', recordType: 'licence', validYears: 3 }],
  ['结婚证', { no: '012', recordType: 'marriage_certificate', validYears: null }],
  ['不动产权证书', { no: '013', recordType: 'property_certificate', validYears: null }],
  ['建设用地规划许可证', { no: '014', recordType: 'planning_permit', validYears: null }],
  ['建设工程规划许可证', { no: '015', recordType: 'planning_permit', validYears: null }],
  ['建筑工程施工许可证', { no: '016', recordType: 'licence', validYears: null }],
  ['商品房预售许可证', { no: '017', recordType: 'licence', validYears: null }],
  ['教师资格证书', { no: '018', recordType: 'qualification', validYears: null }],
  ['人力资源服务许可证', { no: '019', recordType: 'licence', validYears: 5 }],
  ['社会保障卡', { no: '020', recordType: 'social_security_card', validYears: 10 }],
  ['排污许可证', { no: '021', recordType: 'licence', validYears: 5 }],
  ['道路运输经营许可证', { no: '022', recordType: 'licence', validYears: 4 }],
  ['网络预约出租汽车驾驶员证', { no: '023', recordType: 'qualification', validYears: 6 }],
];

/** The certificate type of a result's name (the catalogue's `result.name.zh`); null when none fits. */
export function certificateTypeOf(resultName: string): CertificateType {
  return (
    TYPES.find(([prefix]) => resultName.startsWith(prefix))?.[1] ?? {
      no: '999',
      recordType: 'licence',
      validYears: null,
    }
  );
}

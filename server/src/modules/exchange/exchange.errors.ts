/** exchange's error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const exchangeErrors = defineErrors('exchange', {
  REGISTRY_NOT_FOUND: { status: 404, zh: '基础库不存在', en: 'No such registry' },
  GRANT_NOT_FOUND: { status: 404, zh: '共享授权不存在', en: 'No such sharing grant' },
  CONSENT_NOT_FOUND: { status: 404, zh: '授权同意记录不存在', en: 'No such consent' },
  EXCHANGE_NO_GRANT: {
    status: 403,
    zh: '没有共享授权，不能读取该基础库',
    en: 'No sharing grant lets you read this registry',
  },
  EXCHANGE_GRANT_ENDED: {
    status: 403,
    zh: '共享授权已到期或已撤销',
    en: 'The sharing grant has ended or was revoked',
  },
  EXCHANGE_FIELD_NOT_GRANTED: {
    status: 403,
    zh: '所读字段超出共享授权范围',
    en: 'A field asked for is outside the sharing grant',
  },
  EXCHANGE_CONSENT_REQUIRED: {
    status: 403,
    zh: '需要本人授权同意（未同意或已撤回）',
    en: "The person's consent is needed (none was given, or it was withdrawn)",
  },
  GRANT_FIELDS_UNKNOWN: {
    status: 422,
    zh: '授权字段不属于该基础库',
    en: 'A granted field is not a field of the registry',
  },
  GRANT_ALREADY_REVOKED: { status: 409, zh: '该授权已撤销', en: 'This grant has already been revoked' },
  CONSENT_ALREADY_WITHDRAWN: { status: 409, zh: '该授权同意已撤回', en: 'This consent has already been withdrawn' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    exchange: typeof exchangeErrors;
  }
}

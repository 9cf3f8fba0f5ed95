/** The portal part's error codes (API keys, live endpoints, data requests); merged into opendata's catalogue by one line in index.ts. */
import { defineErrors } from '../../platform/errors.ts';

export const portalErrors = defineErrors('opendata', {
  OPENDATA_KEY_REQUIRED: {
    status: 401,
    zh: '调用实时接口需要 API 密钥（X-API-Key 请求头或 api_key 参数）',
    en: 'The live endpoint needs an API key (the X-API-Key header or the api_key parameter)',
  },
  OPENDATA_KEY_INVALID: {
    status: 403,
    zh: 'API 密钥无效或已被吊销',
    en: 'The API key is not valid, or has been revoked',
  },
  OPENDATA_KEY_NOT_FOUND: { status: 404, zh: '没有该 API 密钥', en: 'No such API key' },
  OPENDATA_KEY_REVOKED: { status: 409, zh: '该 API 密钥已被吊销', en: 'The API key has already been revoked' },
  OPENDATA_KEY_LIMIT_REACHED: {
    status: 409,
    zh: '有效的 API 密钥已达上限，请先吊销不用的密钥',
    en: 'You hold as many API keys as allowed: revoke one you no longer use first',
  },
  OPENDATA_LIVE_NOT_READY: {
    status: 409,
    zh: '实时接口的数据正在准备，请稍后再试',
    en: "The live endpoint's data is being prepared; try again shortly",
  },
  OPENDATA_LIVE_FILTER_INVALID: {
    status: 400,
    zh: '筛选参数不是该数据集的字段',
    en: "A filter parameter is not one of the dataset's columns",
  },
  OPENDATA_REQUEST_NOT_FOUND: { status: 404, zh: '没有该数据开放申请', en: 'No such data request' },
  OPENDATA_ANSWER_DATASET_UNKNOWN: {
    status: 422,
    zh: '答复中指明的数据集不在公开目录中',
    en: 'The dataset the answer names is not in the public catalogue',
  },
  OPENDATA_REQUEST_CLOSED: {
    status: 409,
    zh: '该申请已经答复',
    en: 'The request has already been answered',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    opendataPortal: typeof portalErrors;
  }
}

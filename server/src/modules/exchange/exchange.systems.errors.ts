/**
 * The error codes of external systems: registering them, their token requests (answered in
 * the OAuth 2.0 error format, RFC 6749 §5.2, with the code beside it) and their bearer tokens.
 */
import { defineErrors } from '../../platform/errors.ts';

export const exchangeSystemsErrors = defineErrors('exchange-systems', {
  SYSTEM_NOT_FOUND: { status: 404, zh: '外部系统不存在', en: 'No such external system' },
  SYSTEM_KEY_INVALID: {
    status: 422,
    zh: '公钥无效：须为 Ed25519（OKP）或 P-256（EC）的 JWK 公钥',
    en: 'The key is not valid: it must be an Ed25519 (OKP) or P-256 (EC) public JWK',
  },
  SYSTEM_CLIENT_ID_TAKEN: { status: 409, zh: '该客户端标识已被使用', en: 'This client id is already registered' },
  SYSTEM_DEPARTMENT_UNKNOWN: { status: 422, zh: '部门不存在', en: 'No such department' },
  EXCHANGE_TOKEN_REQUEST_INVALID: {
    status: 400,
    zh: '令牌请求无效（缺少参数或客户端断言类型不对）',
    en: 'The token request is not valid (a parameter is missing or the client assertion type is wrong)',
  },
  EXCHANGE_GRANT_TYPE_UNSUPPORTED: {
    status: 400,
    zh: '只支持 client_credentials 授权类型',
    en: 'Only the client_credentials grant type is supported',
  },
  EXCHANGE_CLIENT_UNKNOWN: { status: 401, zh: '客户端未注册', en: 'No such client is registered' },
  EXCHANGE_CLIENT_DISABLED: { status: 401, zh: '该外部系统已停用', en: 'This external system is disabled' },
  EXCHANGE_ASSERTION_INVALID: {
    status: 401,
    zh: '客户端断言无效（格式、签名、签发者或主体不对）',
    en: 'The client assertion is not valid (its form, signature, issuer or subject is wrong)',
  },
  EXCHANGE_ASSERTION_AUDIENCE: {
    status: 401,
    zh: '客户端断言的受众须为令牌端点地址',
    en: "The client assertion's audience must be the token endpoint's URL",
  },
  EXCHANGE_ASSERTION_EXPIRED: {
    status: 401,
    zh: '客户端断言已过期（或缺少过期时间）',
    en: 'The client assertion has expired (or has no expiry)',
  },
  EXCHANGE_ASSERTION_TOO_LONG: {
    status: 401,
    zh: '客户端断言的有效期不得超过 5 分钟',
    en: 'A client assertion may be valid for at most 5 minutes',
  },
  EXCHANGE_ASSERTION_REPLAYED: {
    status: 401,
    zh: '该客户端断言（jti）已使用过',
    en: 'This client assertion (its jti) has been used before',
  },
  EXCHANGE_TOKEN_INVALID: {
    status: 401,
    zh: '访问令牌缺失、无效或已过期',
    en: 'The access token is missing, not valid or expired',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    'exchange-systems': typeof exchangeSystemsErrors;
  }
}

/** The OAuth 2.0 error (RFC 6749 §5.2) each token refusal answers with. */
export const OAUTH_ERROR = {
  EXCHANGE_TOKEN_REQUEST_INVALID: 'invalid_request',
  EXCHANGE_GRANT_TYPE_UNSUPPORTED: 'unsupported_grant_type',
  EXCHANGE_CLIENT_UNKNOWN: 'invalid_client',
  EXCHANGE_CLIENT_DISABLED: 'invalid_client',
  EXCHANGE_ASSERTION_INVALID: 'invalid_client',
  EXCHANGE_ASSERTION_AUDIENCE: 'invalid_client',
  EXCHANGE_ASSERTION_EXPIRED: 'invalid_client',
  EXCHANGE_ASSERTION_TOO_LONG: 'invalid_client',
  EXCHANGE_ASSERTION_REPLAYED: 'invalid_client',
} as const;
export type TokenRefusal = keyof typeof OAUTH_ERROR;

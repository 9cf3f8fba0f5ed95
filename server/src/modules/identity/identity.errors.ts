/** identity's error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const identityErrors = defineErrors('identity', {
  CSRF_REJECTED: {
    status: 403,
    zh: '页面已过期，请刷新后重试',
    en: 'Missing or wrong x-csrf-token header; read it from GET /api/auth/csrf',
  },
  INVALID_CREDENTIALS: { status: 401, zh: '账号或密码错误', en: 'The login or password is wrong' },
  TOTP_INVALID: { status: 401, zh: '动态验证码错误或已使用', en: 'The code is wrong or was already used' },
  CHALLENGE_EXPIRED: { status: 401, zh: '登录已超时，请重新登录', en: 'The sign-in attempt has expired; start again' },
  LOGIN_THROTTLED: {
    status: 429,
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-ins; try again later',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    zh: '账号已停用，请联系服务台',
    en: 'This account is disabled; contact the service desk',
  },
  PASSWORD_WRONG: { status: 403, zh: '当前密码错误', en: 'The current password is wrong' },
  ACCOUNT_EXISTS: {
    status: 409,
    zh: '该身份证号或手机号已注册，请直接登录或重置密码',
    en: 'An account with this ID number or phone number exists; sign in or reset the password',
  },
  ACCOUNT_NOT_FOUND: { status: 404, zh: '账号不存在', en: 'No such account' },
  IDENTITY_MISMATCH: {
    status: 422,
    zh: '姓名与身份证号不符',
    en: 'The name does not match the ID number',
  },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'This username is taken' },
  ROLE_SEPARATION: {
    status: 409,
    zh: '系统管理员、安全管理员和审计员三员分立，一个账号不能兼任',
    en: 'System admin, security admin and auditor are separated: no account may hold two of them',
  },
  ROLE_STAFF_ONLY: { status: 409, zh: '只有工作人员账号可以担任此角色', en: 'Only staff accounts may hold this role' },
  ROLE_NOT_HELD: { status: 404, zh: '该账号没有此角色', en: 'The account does not hold this role' },
  SESSION_NOT_FOUND: { status: 404, zh: '登录会话不存在', en: 'No such session' },
  SESSION_LOST: { status: 500, zh: '登录会话读取失败，请重新登录', en: 'The session could not be read back' },
  ENTERPRISE_NOT_FOUND: { status: 404, zh: '您名下没有这家企业', en: 'No such enterprise among yours' },
  AGENT_NOT_FOUND: { status: 404, zh: '经办人不存在', en: 'No such agent' },
  ALREADY_LEGAL_REP: { status: 409, zh: '您已是该企业的法定代表人', en: 'You already act for this enterprise' },
  ACCOUNT_FROZEN: {
    status: 403,
    zh: '该账号已被冻结：其身份证号已由本人完成实名认证。如有异议，请携带身份证到政务服务窗口办理',
    en: 'This account is frozen: the owner of its ID number verified it. If this is wrong, bring your ID card to a service window',
  },
  ACCOUNT_STATUS_LOCKED: {
    status: 409,
    zh: '该账号已被冻结，只能由窗口线下核验后解冻',
    en: 'This account is frozen; only an in-person check at a window can thaw it',
  },
  AGENT_NOT_VERIFIED: {
    status: 422,
    zh: '该人员尚未完成实名认证，不能授权为经办人',
    en: 'This person has not completed real-name verification and cannot be authorised as an agent',
  },
  ID_NUMBER_VERIFIED_ELSEWHERE: {
    status: 409,
    zh: '该身份证号已由另一账号线下核验，请联系安全管理员',
    en: 'Another account holds this ID number checked in person; contact the security admin',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  CODE_INVALID: {
    status: 422,
    zh: '验证码不正确或已失效，请重新获取',
    en: 'The code is wrong, used or expired; ask for a new one',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    identity: typeof identityErrors;
  }
}

/** The OIDC part's error codes (superapp.oidc.*). */
import { defineErrors } from '../../platform/errors.ts';

export const superappOidcErrors = defineErrors('superappOidc', {
  SUPERAPP_CONSENT_REQUIRED: {
    status: 409,
    zh: '请先同意该应用获取这些信息',
    en: 'Agree first that the app may receive this information',
  },
  SUPERAPP_INTERACTION_NOT_FOUND: {
    status: 404,
    zh: '登录请求已过期，请回到应用重新登录',
    en: 'This sign-in request has expired; go back to the app and sign in again',
  },
  SUPERAPP_SCOPE_NOT_DECLARED: {
    status: 422,
    zh: '该应用未声明这些数据范围',
    en: 'The app did not declare these scopes',
  },
  SUPERAPP_REDIRECT_URI_NOT_REGISTERED: {
    status: 422,
    zh: '该回调地址未在应用中登记',
    en: 'This redirect URI is not registered for the app',
  },
  SUPERAPP_WRONG_ACCOUNT_KIND: {
    status: 403,
    zh: '该应用只允许居民（或工作人员）账号登录',
    en: 'Only residents (or only staff) sign in to this app',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    superappOidc: typeof superappOidcErrors;
  }
}

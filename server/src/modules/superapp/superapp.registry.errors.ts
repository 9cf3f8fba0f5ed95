/** The mini-app registry's error codes (registration, versions, review). */
import { defineErrors } from '../../platform/errors.ts';

export const superappRegistryErrors = defineErrors('superapp', {
  APP_MANIFEST_INVALID: {
    status: 422,
    zh: '应用清单不符合规范（见 details）',
    en: 'The manifest does not meet the standard (see details)',
  },
  APP_SLUG_TAKEN: { status: 409, zh: '该应用标识已被使用', en: 'This app slug is taken' },
  APP_SLUG_CHANGED: { status: 422, zh: '新版本不能更改应用标识', en: 'A new version cannot change the slug' },
  APP_VERSION_PENDING: {
    status: 409,
    zh: '该应用已有一个版本在审核中',
    en: 'A version of this app is already in review',
  },
  APP_VERSION_NOT_FOUND: { status: 404, zh: '没有这个版本', en: 'No such version' },
  APP_NOT_IN_REVIEW: { status: 409, zh: '该版本不在审核中', en: 'This version is not in review' },
  APP_STATE_CONFLICT: {
    status: 409,
    zh: '应用当前状态不允许此操作',
    en: 'The app’s current status does not allow this',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    superappRegistry: typeof superappRegistryErrors;
  }
}

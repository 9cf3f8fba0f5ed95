/** Supervision's error codes (complaints, withdrawal, usage events). */
import { defineErrors } from '../../platform/errors.ts';

export const superappSupervisionErrors = defineErrors('superapp', {
  SUPERAPP_COMPLAINT_NOT_FOUND: { status: 404, zh: '没有该投诉', en: 'No such complaint' },
  SUPERAPP_COMPLAINT_DECIDED: { status: 409, zh: '该投诉已处理', en: 'This complaint has been decided already' },
  SUPERAPP_NO_CONSENT: {
    status: 409,
    zh: '您没有向该应用授权，无需撤回',
    en: 'You have no consent with this app to withdraw',
  },
  SUPERAPP_USAGE_DETAIL_TOO_LARGE: {
    status: 422,
    zh: '使用事件的附加信息过大',
    en: 'A usage event’s detail is too large',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    superappSupervision: typeof superappSupervisionErrors;
  }
}

/** notify's error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const notifyErrors = defineErrors('notify', {
  NOTIFICATION_NOT_FOUND: { status: 404, zh: '消息不存在', en: 'No such notification' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    notify: typeof notifyErrors;
  }
}

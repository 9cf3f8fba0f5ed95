/**
 * superapp's core error codes (the registry's). Other parts add `superapp.<part>.errors.ts`
 * (their own `ErrorCatalogues` key, e.g. `superappOidc`) and merge it in index.ts with one line.
 */
import { defineErrors } from '../../platform/errors.ts';

export const superappErrors = defineErrors('superapp', {
  APP_NOT_FOUND: { status: 404, zh: '没有这个应用', en: 'No such app' },
  APP_NOT_AVAILABLE: { status: 403, zh: '该应用已暂停或下架', en: 'This app is suspended or taken down' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    superapp: typeof superappErrors;
  }
}

/**
 * Error codes of the console's Open311 API-key routes. (The Open311 endpoints themselves answer
 * in the GeoReport v2 error format, `[{ code, description }]`, with the spec's statuses.)
 */
import { defineErrors } from '../../platform/errors.ts';

export const cityopsOpen311Errors = defineErrors('cityops', {
  OPEN311_KEY_NOT_FOUND: { status: 404, zh: '没有该 Open311 接口密钥', en: 'No such Open311 API key' },
  OPEN311_KEY_REVOKED: { status: 409, zh: '该接口密钥已经吊销', en: 'The API key has already been revoked' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    cityopsOpen311: typeof cityopsOpen311Errors;
  }
}

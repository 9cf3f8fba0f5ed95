/**
 * opendata's error codes (公共数据开放): the catalogue's below; each other part (pipelines) defines its
 * own `defineErrors('opendata', {...})` in `opendata.<part>.errors.ts`, declares it in
 * `ErrorCatalogues` under its own key, and adds one line in index.ts.
 */
import { defineErrors } from '../../platform/errors.ts';

export const opendataErrors = defineErrors('opendata', {
  DATASET_NOT_FOUND: { status: 404, zh: '没有该数据集', en: 'No such dataset' },
  DATASET_NAME_TAKEN: { status: 409, zh: '数据集标识已被使用', en: 'The dataset name is already taken' },
  DATASET_RESOURCE_NOT_FOUND: { status: 404, zh: '没有该数据资源', en: 'No such resource' },
  DATASET_DEPARTMENT_UNKNOWN: { status: 422, zh: '发布部门不存在', en: 'The publishing department does not exist' },
  DATASET_THEME_UNKNOWN: {
    status: 422,
    zh: '主题不在数据主题词表中',
    en: 'A theme is not in the data-theme vocabulary',
  },
  DATASET_LICENCE_UNKNOWN: { status: 422, zh: '不支持该开放许可', en: 'The licence is not one the catalogue offers' },
  DATASET_WITHDRAWN: { status: 409, zh: '数据集已撤回', en: 'The dataset has been withdrawn' },
  DATASET_NOT_WITHDRAWN: { status: 409, zh: '数据集未撤回，无需恢复', en: 'The dataset is not withdrawn' },
  RELEASE_VERSION_EXISTS: { status: 409, zh: '该版本已经发布', en: 'This version has already been released' },
  RELEASE_NO_RESOURCES: { status: 422, zh: '发布须至少包含一个数据文件', en: 'A release needs at least one file' },
  RELEASE_RESOURCE_INVALID: {
    status: 422,
    zh: '数据文件内容与声明的格式不符',
    en: "A file's content does not match its declared format",
  },
  RELEASE_DEIDENTIFICATION_FAILED: {
    status: 422,
    zh: '去标识化报告未达到要求（k 值不足或存在直接标识符），拒绝发布',
    en: 'The de-identification report does not pass (k not reached or direct identifiers left); not published',
  },
  OPENDATA_QUERY_INVALID: { status: 400, zh: '检索参数有误', en: 'The search parameters are not valid' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    opendata: typeof opendataErrors;
  }
}

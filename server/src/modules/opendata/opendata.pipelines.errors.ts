/** The pipelines part's error codes (opendata.pipelines*.ts); merged into opendata's catalogue by one line in index.ts. */
import { defineErrors } from '../../platform/errors.ts';

export const pipelinesErrors = defineErrors('opendata', {
  PIPELINE_NOT_FOUND: { status: 404, zh: '没有该发布流水线', en: 'No such publishing pipeline' },
  PIPELINE_INVALID: { status: 422, zh: '流水线定义有误', en: 'The pipeline definition is not valid' },
  PIPELINE_SCHEMA_CHANGED: {
    status: 409,
    zh: '输出结构已变化，请按当前结构重新审核',
    en: 'The output schema has changed: review the current one',
  },
  PIPELINE_NOT_APPROVED: {
    status: 409,
    zh: '输出结构尚未经数据专员审核',
    en: "The output schema has not been approved by the department's data officer",
  },
  PIPELINE_SOURCE_MISSING: {
    status: 409,
    zh: '流水线所需的数据表不存在（相关模块未安装）',
    en: 'A table the pipeline reads does not exist (its module is not installed)',
  },
  PIPELINE_SOURCE_FAILED: { status: 422, zh: '流水线查询执行失败', en: "The pipeline's query failed" },
  OPENDATA_K_NOT_REACHED: {
    status: 422,
    zh: '无法达到要求的k匿名（或l多样性），拒绝发布',
    en: 'The required k-anonymity (or l-diversity) cannot be reached: release refused',
  },
  OPENDATA_IDENTIFIER_IN_OUTPUT: {
    status: 422,
    zh: '输出中含有直接标识符（身份证号、手机号、详细地址等），拒绝发布',
    en: 'The output holds a direct identifier (ID number, phone, exact address): release refused',
  },
  OPENDATA_UNDECLARED_COLUMN: {
    status: 422,
    zh: '查询返回了未声明的列，拒绝发布',
    en: 'The query returned a column the pipeline does not declare: release refused',
  },
  OPENDATA_DEID_SPEC_INVALID: { status: 422, zh: '去标识化规则有误', en: 'The de-identification spec is not valid' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    opendataPipelines: typeof pipelinesErrors;
  }
}

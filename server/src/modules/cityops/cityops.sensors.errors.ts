/** The sensors part's error codes (merged into cityops' catalogue). */
import { defineErrors } from '../../platform/errors.ts';

export const sensorsErrors = defineErrors('cityops', {
  SENSOR_NOT_FOUND: { status: 404, zh: '没有该感知设备', en: 'No such sensor' },
  SENSOR_RULE_NOT_FOUND: { status: 404, zh: '没有该感知规则', en: 'No such sensor rule' },
  SENSOR_RULE_INVALID: {
    status: 422,
    zh: '规则的触发值与恢复值不一致',
    en: 'The rule’s raise and clear levels do not fit together',
  },
  SENSOR_RULE_CHANGED: {
    status: 409,
    zh: '规则已被他人修改，请刷新后重试',
    en: 'The rule was changed by someone else; reload and try again',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    cityopsSensors: typeof sensorsErrors;
  }
}

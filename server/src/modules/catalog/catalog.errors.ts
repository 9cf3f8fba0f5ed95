/** The catalogue's error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const catalogErrors = defineErrors('catalog', {
  ITEM_NOT_FOUND: { status: 404, zh: '服务事项不存在', en: 'No such service item' },
  BUNDLE_NOT_FOUND: { status: 404, zh: '“一件事”不存在', en: 'No such life-event bundle' },
  DEPARTMENT_CHANGE: {
    status: 409,
    zh: '服务事项不能改为其他部门的事项；请停用后新建',
    en: 'An item cannot move to another department; retire it and create a new one',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    catalog: typeof catalogErrors;
  }
}

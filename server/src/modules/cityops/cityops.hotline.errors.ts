/** The 12345 hotline desk's error codes (merged into the cityops module's catalogue). */
import { defineErrors } from '../../platform/errors.ts';

export const hotlineErrors = defineErrors('cityops', {
  CITYOPS_CALL_NOT_FOUND: { status: 404, zh: '没有该来电工单', en: 'No such call' },
  CITYOPS_KNOWLEDGE_ENTRY_NOT_FOUND: {
    status: 422,
    zh: '知识库中没有引用的办事指南或常见问题',
    en: 'The cited guide or FAQ is not in the knowledge base',
  },
  CITYOPS_CALL_CATEGORY_REQUIRED: {
    status: 422,
    zh: '转为事件的来电须选择事件类别',
    en: 'A call that becomes an event needs an event category',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    cityopsHotline: typeof hotlineErrors;
  }
}

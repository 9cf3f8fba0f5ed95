/** transparency's error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const transparencyErrors = defineErrors('transparency', {
  LOG_ENTRY_NOT_FOUND: { status: 404, zh: '透明日志中没有该记录', en: 'No such entry in the transparency log' },
  CHECKPOINT_NOT_FOUND: { status: 404, zh: '尚无已签名的检查点', en: 'No signed checkpoint yet' },
  TREE_SIZE_INVALID: {
    status: 422,
    zh: '树的大小无效（超出当前日志，或不大于所查序号）',
    en: 'Invalid tree size (beyond the log, or not above the entry index)',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    transparency: typeof transparencyErrors;
  }
}

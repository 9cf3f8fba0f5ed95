/** inspections' error codes (双随机一公开). */
import { defineErrors } from '../../platform/errors.ts';

export const inspectionsErrors = defineErrors('inspections', {
  INSPECTION_ITEM_NOT_FOUND: { status: 404, zh: '没有该抽查事项', en: 'No such inspection item' },
  DRAW_NOT_FOUND: { status: 404, zh: '没有该抽取', en: 'No such draw' },
  DRAW_POOL_EMPTY: { status: 422, zh: '检查对象或检查人员名录为空', en: 'The target or inspector pool is empty' },
  DRAW_ALREADY_MADE: { status: 409, zh: '该抽取已经完成', en: 'The draw has already been made' },
  DRAW_AWAITING_CHECKPOINT: {
    status: 409,
    zh: '透明日志尚无承诺之后的检查点，请稍后再抽取',
    en: 'The transparency log has no checkpoint after the commitment yet; draw a little later',
  },
  INSPECTION_TASK_NOT_FOUND: { status: 404, zh: '没有该检查任务', en: 'No such inspection task' },
  INSPECTION_RESULT_EXISTS: { status: 409, zh: '检查结果已经录入', en: 'The result has already been entered' },
  INSPECTION_NO_RESULT: { status: 409, zh: '尚无检查结果可答复', en: 'There is no result to answer yet' },
  INSPECTION_PHOTO_INVALID: { status: 422, zh: '照片不是本人上传的图片', en: 'A photo is not an image you uploaded' },
  INSPECTOR_NOT_QUALIFIED: { status: 403, zh: '没有行政执法资格', en: 'No inspector qualification' },
  INSPECTION_TARGET_NOT_FOUND: { status: 404, zh: '名录中没有该企业', en: 'No such enterprise in the directory' },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    inspections: typeof inspectionsErrors;
  }
}

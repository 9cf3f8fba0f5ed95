/** The error codes of applications (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const applicationsErrors = defineErrors('applications', {
  CASE_NOT_FOUND: { status: 404, zh: '办件不存在', en: 'No such case' },
  DRAFT_NOT_FOUND: { status: 404, zh: '草稿不存在', en: 'No such draft' },
  UPLOAD_NOT_FOUND: { status: 404, zh: '上传的文件不存在', en: 'No such upload' },
  MATERIAL_NOT_FOUND: { status: 404, zh: '该办件没有这份材料', en: 'No such material on this case' },
  RESULT_FILE_NOT_FOUND: { status: 404, zh: '该办件没有这份结果文件', en: 'No such result file on this case' },
  TARGET_REQUIRED: {
    status: 400,
    zh: '请选择一个服务事项或一件事',
    en: 'Give exactly one of itemCode and bundleCode',
  },
  FORM_INVALID: { status: 400, zh: '表单填写有误，请按提示修改', en: 'The form has problems' },
  MATERIALS_INVALID: { status: 400, zh: '部分材料无效', en: 'Some materials are not valid' },
  MATERIALS_INCOMPLETE: {
    status: 400,
    zh: '材料不齐全或无效，请补充后再提交',
    en: 'Some materials are missing or not valid',
  },
  PERSON_REQUIRED: {
    status: 403,
    zh: '此事项面向个人办理，请切换回个人身份后申请',
    en: 'This service is for individuals: stop acting as an enterprise to apply',
  },
  ENTERPRISE_REQUIRED: {
    status: 403,
    zh: '此事项面向企业办理，请切换为企业身份后申请',
    en: 'This service is for enterprises: act as your enterprise to apply',
  },
  PROCESS_UNKNOWN: { status: 422, zh: '此事项的办理流程尚未配置', en: "The item's process is not defined" },
  ACTION_REFUSED: { status: 422, zh: '此操作不能进行', en: 'This action cannot be taken now' },
  CASE_CONFLICT: {
    status: 409,
    zh: '其他人已先处理了此办件，请刷新后重试',
    en: 'Someone else acted on this case first; reload it and try again',
  },
  CASE_CLAIMED: { status: 409, zh: '此办件已被他人认领', en: 'Someone has claimed this case' },
  NOT_CLAIMED_BY_YOU: { status: 409, zh: '您没有认领此办件', en: 'You have not claimed this case' },
  ROLE_REQUIRED: {
    status: 403,
    zh: '您的岗位不能进行此操作',
    en: 'Your role may not take this action at this step',
  },
  DRAFT_LIMIT_REACHED: {
    status: 422,
    zh: '草稿太多或内容过大，请先提交或删除部分草稿',
    en: 'You keep too many drafts, or too much in them: submit or delete some first',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    applications: typeof applicationsErrors;
  }
}

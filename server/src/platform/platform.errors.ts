/**
 * The platform's error codes: what the one error handler, the framework, the database, the
 * guards and the blob store answer with, whichever module's route was called.
 */
import { defineErrors } from './errors.ts';

export const platformErrors = defineErrors('platform', {
  // Requests
  VALIDATION_FAILED: { status: 400, zh: '请求内容有误，请检查后重试', en: 'The request is not valid' },
  BODY_INVALID: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  BAD_URL: { status: 400, zh: '网址无效', en: 'The URL is not valid' },
  BAD_REQUEST: { status: 400, zh: '请求无法处理', en: 'The request cannot be handled' },
  BODY_TOO_LARGE: { status: 413, zh: '提交的内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  HEADERS_TOO_LARGE: {
    status: 431,
    zh: '请求头过大，请清除浏览器 Cookie 后重试',
    en: 'The request headers are too large',
  },
  REQUEST_TIMEOUT: { status: 408, zh: '请求超时，请重试', en: 'The request took too long to arrive' },
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个接口', en: 'No such route' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  // Who is asking
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  FORBIDDEN: { status: 403, zh: '您没有权限进行此操作', en: 'You may not do this' },
  ASSURANCE_TOO_LOW: {
    status: 403,
    zh: '此事项需要更高的实名认证等级',
    en: 'This needs a higher real-name assurance level',
  },
  // The database refused the input
  VALUE_TOO_LONG: { status: 400, zh: '填写的内容过长', en: 'A value is too long' },
  INVALID_CHARACTERS: {
    status: 400,
    zh: '填写的内容含有无法保存的字符',
    en: 'A value contains characters that cannot be stored',
  },
  INVALID_VALUE: { status: 400, zh: '填写的内容格式不正确', en: 'A value has the wrong form' },
  VALUE_OUT_OF_RANGE: { status: 400, zh: '数值超出范围', en: 'A number is out of range' },
  INVALID_DATE: { status: 400, zh: '日期或时间无效', en: 'A date or time is not valid' },
  CONFLICT: { status: 409, zh: '与已有的记录冲突', en: 'This conflicts with something that exists' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该提交标识已用于另一项不同的提交',
    en: 'This Idempotency-Key was used for a different submission',
  },
  CONCURRENT_CHANGE: {
    status: 409,
    zh: '其他人同时修改了此内容，请重试',
    en: 'Someone else changed this at the same time; try again',
  },
  // Uploaded files
  FILE_EMPTY: { status: 400, zh: '文件是空的', en: 'The file is empty' },
  FILE_TOO_LARGE: { status: 413, zh: '文件超过大小上限', en: 'The file is larger than the limit' },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '只能上传 PDF、JPEG 或 PNG 文件',
    en: 'The file is not one of the allowed types',
  },
  FILE_CORRUPT: { status: 415, zh: '文件已损坏或不完整', en: 'The file is damaged or incomplete' },
  BLOB_KEY_INVALID: { status: 400, zh: '文件标识无效', en: 'This is not a blob key' },
  BLOB_NOT_FOUND: { status: 404, zh: '文件不存在', en: 'No such file' },
  // The server
  INTERNAL: {
    status: 500,
    zh: '服务器出错了，我们已记录，请稍后再试',
    en: 'Something went wrong on our side; it has been logged',
  },
  SHUTTING_DOWN: { status: 503, zh: '服务正在重启，请稍后再试', en: 'The server is restarting; try again in a moment' },
});

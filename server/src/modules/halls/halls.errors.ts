/** halls' error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const hallsErrors = defineErrors('halls', {
  HALL_NOT_FOUND: { status: 404, zh: '服务大厅不存在', en: 'No such service hall' },
  WINDOW_NOT_FOUND: { status: 404, zh: '窗口不存在', en: 'No such window' },
  APPOINTMENT_NOT_FOUND: { status: 404, zh: '预约不存在', en: 'No such appointment' },
  RECEIPT_NOT_FOUND: { status: 404, zh: '受理回执不存在', en: 'No such receipt' },
  TICKET_NOT_FOUND: { status: 404, zh: '排队号不存在', en: 'No such queue number' },
  ITEM_NOT_HANDLED: {
    status: 422,
    zh: '该大厅不办理此事项',
    en: 'This hall does not handle that service',
  },
  SLOT_UNAVAILABLE: {
    status: 422,
    zh: '该时段不可预约（不在办公时间内或已过）',
    en: 'That time cannot be booked (outside opening hours, or past)',
  },
  SLOT_FULL: { status: 409, zh: '该时段已约满，请选择其他时段', en: 'That time is fully booked: choose another' },
  ALREADY_BOOKED: {
    status: 409,
    zh: '您当天已预约过该事项',
    en: 'You already have an appointment for this service on that day',
  },
  APPOINTMENT_CLOSED: {
    status: 422,
    zh: '该预约已取消或已取号，不能再更改',
    en: 'That appointment was cancelled or checked in and can no longer change',
  },
  HALL_CLOSED: {
    status: 422,
    zh: '大厅当前未开放，请在开放时间取号',
    en: 'The hall is closed now: take a number during its hours',
  },
  CHECK_IN_NOT_OPEN: {
    status: 422,
    zh: '请在预约时段前 1 小时内到大厅取号',
    en: 'Check in at the hall within the hour before your appointment',
  },
  WINDOW_NOT_YOURS: { status: 403, zh: '您没有打开这个窗口', en: 'You have not opened this window' },
  WINDOW_TAKEN: { status: 409, zh: '该窗口已由其他工作人员打开', en: 'Another clerk has this window open' },
  QUEUE_EMPTY: { status: 422, zh: '当前没有等候的号', en: 'Nobody is waiting for this window' },
  TICKET_STATE: {
    status: 409,
    zh: '该号的状态已变化，请刷新',
    en: 'That queue number has changed since: reload',
  },
  NO_SHOW_TOO_EARLY: {
    status: 422,
    zh: '请先重呼，达到重呼次数后才能标记过号',
    en: 'Call the number again first: no-show needs the set number of recalls',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    halls: typeof hallsErrors;
  }
}

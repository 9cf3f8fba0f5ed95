/** Error codes of the civic parts: public comment, volunteers and points, patrols, notices. */
import { defineErrors } from '../../platform/errors.ts';

export const cogovCivicErrors = defineErrors('cogov', {
  COGOV_POLICY_DRAFT_NOT_FOUND: { status: 404, zh: '没有该征求意见稿', en: 'No such draft for comment' },
  COGOV_POLICY_ARTICLE_NOT_FOUND: { status: 404, zh: '征求意见稿中没有该条款', en: 'The draft has no such article' },
  COGOV_POLICY_COMMENT_CLOSED: {
    status: 409,
    zh: '该征求意见稿不在意见征集期内',
    en: 'The draft is not open for comment',
  },
  COGOV_POLICY_STILL_OPEN: {
    status: 409,
    zh: '意见征集期尚未结束，不能发布反馈报告',
    en: 'The comment period has not ended; the response report cannot be published yet',
  },
  COGOV_POLICY_REPORT_INCOMPLETE: {
    status: 422,
    zh: '反馈报告不完整：每条意见都需处理，未采纳的需说明理由',
    en: 'The response report is incomplete: every comment needs a decision, and a reason when not adopted',
  },
  COGOV_POLICY_DATES_INVALID: {
    status: 422,
    zh: '征集截止时间须晚于开始时间且不早于现在',
    en: 'The comment period must end after it starts, and not in the past',
  },
  COGOV_VOLUNTEER_TASK_NOT_FOUND: { status: 404, zh: '没有该志愿服务活动', en: 'No such volunteer task' },
  COGOV_VOLUNTEER_TASK_FULL: { status: 409, zh: '名额已满', en: 'No places are left' },
  COGOV_VOLUNTEER_TASK_CLOSED: {
    status: 409,
    zh: '该活动已取消或已结束，不能报名',
    en: 'The task is cancelled or over; sign-up is closed',
  },
  COGOV_VOLUNTEER_NOT_SIGNED_UP: { status: 404, zh: '没有该报名记录', en: 'No such sign-up' },
  COGOV_VOLUNTEER_CHECK_STATE: {
    status: 409,
    zh: '报名状态不允许此操作（如未签到不能签退）',
    en: 'The sign-up is not in a state for this (e.g. check-out before check-in)',
  },
  COGOV_VOLUNTEER_TIMES_INVALID: {
    status: 422,
    zh: '活动结束时间须晚于开始时间且不早于现在',
    en: 'The task must end after it starts, and not in the past',
  },
  COGOV_PATROL_ROUTE_INVALID: {
    status: 422,
    zh: '巡查轨迹须有至少两个城区内的点，结束时间须晚于开始时间且不晚于现在',
    en: 'A patrol route needs at least two points in the city, and must end after it starts and not in the future',
  },
  COGOV_NOTICE_NOT_FOUND: { status: 404, zh: '没有该通知公告', en: 'No such notice' },
  COGOV_COMMUNITY_STAFF_REQUIRED: {
    status: 403,
    zh: '只有本社区的工作人员可以这样做',
    en: 'Only staff of this community may do this',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    cogovCivic: typeof cogovCivicErrors;
  }
}

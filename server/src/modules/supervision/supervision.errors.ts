/** supervision's error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const supervisionErrors = defineErrors('supervision', {
  INVITATION_NOT_FOUND: { status: 404, zh: '没有待评价的办件', en: 'No rating invitation for this case' },
  RECTIFICATION_NOT_FOUND: { status: 404, zh: '整改工单不存在', en: 'No such rectification ticket' },
  VISIT_NOT_FOUND: { status: 404, zh: '窗口办理记录不存在', en: 'No such window visit' },
  ITEM_UNKNOWN: { status: 422, zh: '事项不存在', en: 'No such service item' },
  ALREADY_RATED: {
    status: 409,
    zh: '该办件已评价，评价不可修改',
    en: 'This case has been rated; a rating cannot change',
  },
  RATING_WINDOW_CLOSED: {
    status: 422,
    zh: '评价期限（办结后30天）已过',
    en: 'The rating window (30 days after the case closed) has passed',
  },
  INDICATORS_INVALID: {
    status: 422,
    zh: '评价指标与渠道不符（线上或线下指标）',
    en: "The indicators do not match the channel's (online or offline) set",
  },
  STATISTICS_RANGE_INVALID: {
    status: 422,
    zh: '统计周期无效（起止颠倒或超过两年）',
    en: 'Invalid range of weeks (reversed, or over two years)',
  },
  ANOMALY_FLAG_NOT_FOUND: { status: 404, zh: '异常预警不存在', en: 'No such anomaly flag' },
  ANOMALY_FLAG_REVIEWED: { status: 409, zh: '该异常预警已核查', en: 'This anomaly flag has been reviewed' },
  ANOMALY_RULES_INVALID: { status: 422, zh: '预警规则无效', en: 'The anomaly rules are invalid' },
  ANOMALY_RULES_STALE: {
    status: 409,
    zh: '预警规则已被他人修改，请刷新',
    en: 'The anomaly rules changed meanwhile; reload',
  },
  RECTIFICATION_STATE: {
    status: 409,
    zh: '整改工单当前状态不允许此操作',
    en: "The ticket's state does not allow this",
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    supervision: typeof supervisionErrors;
  }
}

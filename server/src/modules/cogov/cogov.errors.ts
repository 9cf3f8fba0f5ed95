/**
 * cogov's core error codes (一网共治): standing, proposals, consultations and votes, moderation.
 * Other parts add `cogov.<part>.errors.ts` (their own `ErrorCatalogues` key, e.g. `cogovComment`)
 * and merge it in index.ts with one line.
 */
import { defineErrors } from '../../platform/errors.ts';

export const cogovErrors = defineErrors('cogov', {
  // standing (who may take part)
  COGOV_NOT_VERIFIED: {
    status: 403,
    zh: '请先完成实名认证',
    en: 'Verify your real name first',
  },
  COGOV_NOT_RESIDENT: {
    status: 403,
    zh: '您不是该社区（网格、城市）的登记居民',
    en: 'You are not a registered resident of this community (grid, city)',
  },
  COGOV_UNDER_AGE: {
    status: 403,
    zh: '您未达到参与的最低年龄',
    en: 'You are under the minimum age to take part',
  },
  COGOV_PSEUDONYM_TAKEN: {
    status: 409,
    zh: '该昵称在本社区已被使用',
    en: 'This pseudonym is taken in your community',
  },
  // proposals (居民提议)
  COGOV_PROPOSAL_NOT_FOUND: { status: 404, zh: '没有该提议', en: 'No such proposal' },
  COGOV_PROPOSAL_NOT_OPEN: {
    status: 409,
    zh: '该提议已不在征集支持阶段',
    en: 'The proposal no longer collects support',
  },
  COGOV_PROPOSAL_NOT_AWAITING: {
    status: 409,
    zh: '该提议不在待答复状态',
    en: 'The proposal is not awaiting an answer',
  },
  COGOV_OWN_PROPOSAL: { status: 409, zh: '不能支持自己的提议', en: 'You cannot support your own proposal' },
  COGOV_COMMENT_NOT_FOUND: { status: 404, zh: '没有该评论', en: 'No such comment' },
  COGOV_PROPOSAL_NOT_EDITABLE: {
    status: 409,
    zh: '已有居民支持或已进入答复阶段的提议不能再修改',
    en: 'A proposal cannot be changed once someone supports it',
  },
  COGOV_PHOTO_INVALID: {
    status: 422,
    zh: '照片须为您本人上传的图片，最多 6 张',
    en: 'A photo is not an image you uploaded (6 at most)',
  },
  COGOV_LOCATION_INVALID: {
    status: 422,
    zh: '位置须同时包含经度和纬度，且在本市范围内',
    en: 'A point needs both a latitude and a longitude, within the city',
  },
  COGOV_PSEUDONYM_REQUIRED: {
    status: 422,
    zh: '请先设置社区昵称',
    en: 'Set a community pseudonym first',
  },
  // consultations and votes (议事协商)
  COGOV_CONSULTATION_NOT_FOUND: { status: 404, zh: '没有该协商议题', en: 'No such consultation' },
  COGOV_CONSULTATION_NOT_OPEN: {
    status: 409,
    zh: '投票尚未开始或已经截止',
    en: 'Voting has not opened or has closed',
  },
  COGOV_CONSULTATION_NOT_CLOSED: {
    status: 409,
    zh: '投票尚未截止',
    en: 'Voting has not closed yet',
  },
  COGOV_CONSULTATION_TIMES_INVALID: {
    status: 422,
    zh: '截止时间须晚于开始时间',
    en: 'The closing time must be after the opening time',
  },
  COGOV_OPTION_INVALID: { status: 422, zh: '没有该选项', en: 'No such option' },
  COGOV_BALLOT_KEY_MISMATCH: {
    status: 409,
    zh: '选票密钥与您已投的票不符，请使用首次投票时的设备或密钥',
    en: 'This ballot key does not match your ballot: use the device or key you first voted with',
  },
  COGOV_DECISION_RECORDED: {
    status: 409,
    zh: '已经记录了决定',
    en: 'A decision has already been recorded',
  },
  // moderation
  COGOV_CONTENT_NOT_FOUND: { status: 404, zh: '没有该内容', en: 'No such content' },
  COGOV_ALREADY_FLAGGED: { status: 409, zh: '您已举报过该内容', en: 'You have already flagged this' },
  COGOV_REVIEW_NOT_FOUND: { status: 404, zh: '没有该审核记录', en: 'No such moderation review' },
  COGOV_REVIEW_DECIDED: { status: 409, zh: '该审核已有决定', en: 'This review has already been decided' },
  COGOV_APPEAL_NOT_ALLOWED: {
    status: 409,
    zh: '只能对已隐藏的内容申诉一次',
    en: 'Only hidden content may be appealed, and only once',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    cogov: typeof cogovErrors;
  }
}

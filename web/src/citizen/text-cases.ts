// UI text of the citizen app's cases that its first screens show (the home page's card of my cases,
// a case's status, the apply button), zh-CN first, under the `cases` key. The rest of the area's
// text comes with the pages that use it (text-cases-pages.ts).
import type { Shape } from '../shared/text-shape';

const zhCN = {
  app: {
    failed: '页面没有打开',
    failedHint: '可能是网络中断，或一网刚刚更新了版本',
    reload: '重新加载',
  },
  status: {
    in_progress: '办理中',
    correction: '待补正',
    completed: '已办结',
    rejected: '未通过',
    withdrawn: '已撤回',
  },
  list: {
    caseNumber: '办件编号 {{number}}',
    due: '预计 {{date}} 前办结',
    overdue: '已超期 {{count}} 天',
    closedAt: '{{date}} 办结',
    submittedAt: '{{date}} 提交',
    loadFailed: '办件加载失败',
  },
  home: {
    title: '我的办件',
    all: '全部',
    empty: '暂无办理中的事项',
    drafts: '{{count}} 份申请未提交，继续填写',
    messages: '消息',
    unread: '{{count}} 条未读',
    noUnread: '没有未读消息',
    lookup: '办件查询',
    lookupHint: '无需登录，凭办件编号查进度',
    ratings: '好差评公开',
    ratingsHint: '各部门好评率、差评整改情况',
    credit: '企业信用记录',
    creditHint: '信用等级和双随机抽查结果',
  },
  apply: {
    start: '在线申办',
    windowOnly: '本事项请到窗口办理',
  },
  me: {
    cases: '我的办件',
    messages: '消息',
    notify: '消息通知设置',
  },
};

const en: Shape<typeof zhCN> = {
  app: {
    failed: 'This page did not open',
    failedHint: 'The network may have dropped, or Yiwang has just been updated',
    reload: 'Reload',
  },
  status: {
    in_progress: 'In progress',
    correction: 'Needs correction',
    completed: 'Completed',
    rejected: 'Not approved',
    withdrawn: 'Withdrawn',
  },
  list: {
    caseNumber: 'Case {{number}}',
    due: 'Expected by {{date}}',
    overdue: 'Overdue by {{count}} day{{s}}',
    closedAt: 'Closed {{date}}',
    submittedAt: 'Submitted {{date}}',
    loadFailed: 'Could not load your cases',
  },
  home: {
    title: 'My cases',
    all: 'All',
    empty: 'No cases in progress',
    drafts: '{{count}} unsent application{{s}}: continue',
    messages: 'Messages',
    unread: '{{count}} unread',
    noUnread: 'No unread messages',
    lookup: 'Track a case',
    lookupHint: 'No sign-in: follow a case by its number',
    ratings: 'Service ratings',
    ratingsHint: "Departments' good-review and rectification rates",
    credit: 'Enterprise credit records',
    creditHint: 'Credit grades and random-inspection results',
  },
  apply: {
    start: 'Apply online',
    windowOnly: 'Please apply at a service window',
  },
  me: {
    cases: 'My cases',
    messages: 'Messages',
    notify: 'Notification settings',
  },
};

export const casesText = { zhCN, en };

// UI text of the app centre (应用中心) and an enterprise's mini-apps, zh-CN first, under `superappRegistry`.
import type { Shape } from '../shared/text-shape';

const zhCN = {
  centre: '应用中心',
  centreHint: '水电缴费、预约挂号、公交充值等公共服务应用',
  all: '全部',
  categories: {
    government: '政务',
    utilities: '水电燃气',
    health: '医疗健康',
    transport: '交通出行',
    education: '教育',
    public_safety: '公共安全',
    life: '生活服务',
  },
  by: '由 {{owner}} 提供',
  open: '打开',
  none: '这一类暂时没有应用',
  searchApps: '应用',
  mine: '我的应用',
  mineIntro: '以企业身份登记小程序。提交后由平台审核员审核（含自动预审），通过后出现在应用中心。',
  chooseEnterprise: '请选择代办的企业',
  noEnterprise: '您没有可代办的企业',
  actAs: '以“{{name}}”身份登记',
  actingAs: '正在代办：{{name}}',
  noApps: '尚未登记应用',
  register: '登记新应用',
  newVersion: '提交新版本',
  manifest: '应用清单（JSON）',
  manifestHelp:
    '格式见 docs/superapp-manifest.schema.json：名称、图标、分类、入口地址、回调地址、权限及用途、隐私政策、联系方式、长辈版支持。',
  submit: '提交审核',
  badJson: '清单不是有效的 JSON',
  submitted: '已提交，等待审核',
  version: '第 {{version}} 版',
  live: '线上版本：第 {{version}} 版',
  reason: '理由：{{reason}}',
  addedScopes: '新增权限：{{scopes}}',
  preReview: '自动预审：{{outcome}}',
  status: {
    in_review: '审核中',
    approved: '已上线',
    rejected: '未通过',
    suspended: '已暂停',
    taken_down: '已下架',
    superseded: '已被替换',
  },
  outcome: { pass: '通过', fail: '未通过', 'not-run': '未运行' },
  cancel: '取消',
};

const en: Shape<typeof zhCN> = {
  centre: 'App centre',
  centreHint: 'Public-service apps: bills, hospital bookings, bus cards and more',
  all: 'All',
  categories: {
    government: 'Government',
    utilities: 'Utilities',
    health: 'Health',
    transport: 'Transport',
    education: 'Education',
    public_safety: 'Public safety',
    life: 'Daily life',
  },
  by: 'By {{owner}}',
  open: 'Open',
  none: 'No apps in this category yet',
  searchApps: 'Apps',
  mine: 'My apps',
  mineIntro:
    'Register mini-apps for your enterprise. The platform’s reviewer checks each one (with an automated pre-review); approved apps appear in the app centre.',
  chooseEnterprise: 'Choose the enterprise to act for',
  noEnterprise: 'You act for no enterprise',
  actAs: 'Register as “{{name}}”',
  actingAs: 'Acting for {{name}}',
  noApps: 'No apps registered yet',
  register: 'Register a new app',
  newVersion: 'Submit a new version',
  manifest: 'Manifest (JSON)',
  manifestHelp:
    'The format is docs/superapp-manifest.schema.json: name, icon, category, entry URL, redirect URIs, scopes with purposes, privacy policy, support contact, elder mode.',
  submit: 'Submit for review',
  badJson: 'The manifest is not valid JSON',
  submitted: 'Submitted for review',
  version: 'Version {{version}}',
  live: 'Live: version {{version}}',
  reason: 'Reason: {{reason}}',
  addedScopes: 'New scopes: {{scopes}}',
  preReview: 'Pre-review: {{outcome}}',
  status: {
    in_review: 'In review',
    approved: 'Live',
    rejected: 'Rejected',
    suspended: 'Suspended',
    taken_down: 'Taken down',
    superseded: 'Superseded',
  },
  outcome: { pass: 'passed', fail: 'failed', 'not-run': 'not run' },
  cancel: 'Cancel',
};

export const superappRegistryText = { zhCN, en };

/** The entries on the first screens (home, 我的): part of the citizen app's first text (text.ts). */
export const superappEntryText = {
  zhCN: { centre: zhCN.centre, centreHint: zhCN.centreHint, mine: zhCN.mine },
  en: { centre: en.centre, centreHint: en.centreHint, mine: en.mine },
};

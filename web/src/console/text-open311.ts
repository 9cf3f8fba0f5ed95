// The console's text of Open311 API keys (key `open311`): Open311 接口密钥 for city operators.
// zh-CN first. Added when the page loads.
import type { Shape } from '../shared/text-shape';

const zhCN = {
  menu: 'Open311 接口密钥',
  title: 'Open311 接口密钥',
  intro:
    '第三方应用和城市系统通过 Open311 GeoReport v2 接口（/open311/v2/）上报城市事件，上报需要接口密钥；查询服务和事件不需要密钥。密钥只在签发时显示一次，平台只保存其摘要。',
  endpoint: '接口地址',
  issue: '签发密钥',
  name: '使用方',
  nameHelp: '应用或系统的名称，如“某某随手拍 App”',
  contact: '联系人',
  contactHelp: '使用方的联系人和联系方式',
  keyPrefix: '密钥前缀',
  createdAt: '签发时间',
  lastUsedAt: '最近使用',
  status: '状态',
  statuses: { active: '有效', revoked: '已吊销' },
  revoke: '吊销',
  revokeConfirm: '吊销后使用该密钥的上报立即被拒绝，确定吊销？',
  revoked: '已吊销',
  issued: '密钥已签发',
  issuedHelp: '请立即复制并安全地交给使用方：关闭后无法再次查看。',
  copy: '复制',
  copied: '已复制',
  never: '从未使用',
  none: '尚未签发密钥',
  required: '必填',
  save: '签发',
  close: '我已保存',
  notOperator: '只有城市运行值班员可以管理 Open311 接口密钥。',
};

const en: Shape<typeof zhCN> = {
  menu: 'Open311 API keys',
  title: 'Open311 API keys',
  intro:
    'Apps and city systems report city problems through the Open311 GeoReport v2 API (/open311/v2/); reporting needs an API key, reading services and requests does not. A key is shown once, when issued; the platform keeps only its hash.',
  endpoint: 'Endpoint',
  issue: 'Issue a key',
  name: 'For',
  nameHelp: 'The app or system, e.g. "a street-reporting app"',
  contact: 'Contact',
  contactHelp: 'Who to contact about its use, and how',
  keyPrefix: 'Key prefix',
  createdAt: 'Issued',
  lastUsedAt: 'Last used',
  status: 'Status',
  statuses: { active: 'Active', revoked: 'Revoked' },
  revoke: 'Revoke',
  revokeConfirm: 'Reports with this key are refused at once. Revoke it?',
  revoked: 'Revoked',
  issued: 'Key issued',
  issuedHelp: 'Copy it now and hand it over safely: it cannot be shown again once closed.',
  copy: 'Copy',
  copied: 'Copied',
  never: 'Never',
  none: 'No keys issued yet',
  required: 'Required',
  save: 'Issue',
  close: 'I have saved it',
  notOperator: "Only the city's operators manage Open311 API keys.",
};

export const open311Text = { zhCN, en };

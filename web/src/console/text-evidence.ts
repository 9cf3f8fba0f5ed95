// UI text of the evidence a case was filed with (数据共享: materials fetched from the government's
// registries instead of uploaded), shown on the case desk; added under `evidence` (desk-text.ts).
import type { Shape } from '../shared/text-shape';

const zhCN = {
  title: '共享证据（部门共享，免于提交）',
  empty: '本件没有从部门共享获取的材料',
  material: '材料',
  source: '来源',
  record: '记录',
  version: '第 {{version}} 版',
  fetchedAt: '获取时间',
  digest: '摘要（SHA-256）',
  values: '记录内容',
  shared: '已由部门共享',
};

const en: Shape<typeof zhCN> = {
  title: 'Shared evidence (fetched from departments, not uploaded)',
  empty: 'No material of this case was fetched from a registry',
  material: 'Material',
  source: 'Source',
  record: 'Record',
  version: 'version {{version}}',
  fetchedAt: 'Fetched at',
  digest: 'Digest (SHA-256)',
  values: 'Record',
  shared: 'Shared by the department',
};

export const evidenceText = { zhCN, en };

// The citizen app's first text of 随手拍 (under `reports`): its entries on the home page and in 我的.
// The report pages add the rest (text-reports.ts).
import type { Shape } from '../shared/text-shape';

const zhCN = {
  title: '随手拍',
  homeHint: '发现城市问题，拍照上报',
  mine: '我的随手拍',
};

const en: Shape<typeof zhCN> = {
  title: 'Report a problem',
  homeHint: 'Report a city problem with a photo',
  mine: 'My reports',
};

export const reportsEntryText = { zhCN, en };

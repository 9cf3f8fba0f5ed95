// The staff console's first text: the shared keys and its own pages (`console`). The inbox and
// case desk (`desk`) and the catalogue and item editor (`editor`) add theirs when they load
// (desk-text.ts, editor-text.ts); the citizen app's text is not loaded.
import { commonText } from '../shared/text-common';
import type { AppText } from '../shared/i18n';
import { consoleText } from './text-console';

export const consoleResources: AppText = {
  'zh-CN': { ...commonText.zhCN, console: consoleText.zhCN },
  en: { ...commonText.en, console: consoleText.en },
};

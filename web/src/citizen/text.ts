// The citizen app's first text: the shared keys, its own pages (`citizen`, with the service guide)
// and what its first screens show of cases (`cases`). The applying, my-cases and messages pages
// add the rest of their text when they load (pages-text.ts); the staff console's is never loaded.
import { commonText } from '../shared/text-common';
import type { AppText } from '../shared/i18n';
import { casesText } from './text-cases';
import { citizenText } from './text-citizen';
import { guideText } from './text-guide';

export const citizenResources: AppText = {
  'zh-CN': { ...commonText.zhCN, citizen: { ...citizenText.zhCN, guide: guideText.zhCN }, cases: casesText.zhCN },
  en: { ...commonText.en, citizen: { ...citizenText.en, guide: guideText.en }, cases: casesText.en },
};

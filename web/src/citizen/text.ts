// The citizen app's first text: the shared keys, its own pages (`citizen`, with the service guide),
// what its first screens show of cases (`cases`) and of account security (`security`: phone codes,
// 忘记密码) and the entries to 随手拍 (`reports`: its title and hint on the home page and 我的). The applying, my-cases and messages pages add the rest of their text when they load
// (pages-text.ts); the staff console's is never loaded.
import { commonText } from '../shared/text-common';
import type { AppText } from '../shared/i18n';
import { casesText } from './text-cases';
import { citizenText } from './text-citizen';
import { guideText } from './text-guide';
import { securityText } from './text-security';
import { reportsEntryText } from './text-reports-entry';
import { superappEntryText } from './text-superapp-registry';

export const citizenResources: AppText = {
  'zh-CN': {
    ...commonText.zhCN,
    citizen: { ...citizenText.zhCN, guide: guideText.zhCN },
    cases: casesText.zhCN,
    security: securityText.zhCN,
    reports: reportsEntryText.zhCN,
    superappEntry: superappEntryText.zhCN,
  },
  en: {
    ...commonText.en,
    citizen: { ...citizenText.en, guide: guideText.en },
    cases: casesText.en,
    security: securityText.en,
    reports: reportsEntryText.en,
    superappEntry: superappEntryText.en,
  },
};

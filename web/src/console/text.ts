// The staff console's first text: the shared keys, its own pages (`console`) and account security
// (`security`: the new-password step of sign-in, the accounts page) and ratings (`supervision`: its menu entries and pages) and random inspections (`inspConsole`) and city operations (`cityops`: events, grid tasks) and Open311 API keys (`open311`) and open-data publishing pipelines (`pipelines`) and its requests queue and datasets (`odportal`). The inbox and case desk
// (`desk`) and the catalogue and item editor (`editor`) add theirs when they load (desk-text.ts,
// editor-text.ts); the citizen app's text is not loaded.
import { commonText } from '../shared/text-common';
import type { AppText } from '../shared/i18n';
import { consoleText } from './text-console';
import { securityText } from './text-security';
import { supervisionText } from '../shared/text-supervision';
import { anomaliesText } from './text-anomalies';
import { inspConsoleText } from './text-inspections';
import { hotlineText } from './text-hotline';
import { cityopsText } from './text-cityops';
import { open311Text } from './text-open311';
import { pipelinesText } from './text-pipelines';
import { odportalText } from './text-opendata-portal';
import { civicConsoleText } from './text-cogov-civic';
import { votesConsoleText } from './text-cogov-votes';
import { appSupervisionText } from './text-superapp-supervision';
import { appReviewText } from './text-superapp-registry';

export const consoleResources: AppText = {
  'zh-CN': {
    ...commonText.zhCN,
    console: consoleText.zhCN,
    security: securityText.zhCN,
    supervision: supervisionText.zhCN,
    anomalies: anomaliesText.zhCN,
    inspConsole: inspConsoleText.zhCN,
    hotline: hotlineText.zhCN,
    cityops: cityopsText.zhCN,
    open311: open311Text.zhCN,
    pipelines: pipelinesText.zhCN,
    odportal: odportalText.zhCN,
    civicConsole: civicConsoleText.zhCN,
    votesConsole: votesConsoleText.zhCN,
    appSupervision: appSupervisionText.zhCN,
    appReview: appReviewText.zhCN,
  },
  en: {
    ...commonText.en,
    console: consoleText.en,
    security: securityText.en,
    supervision: supervisionText.en,
    anomalies: anomaliesText.en,
    inspConsole: inspConsoleText.en,
    hotline: hotlineText.en,
    cityops: cityopsText.en,
    open311: open311Text.en,
    pipelines: pipelinesText.en,
    odportal: odportalText.en,
    civicConsole: civicConsoleText.en,
    votesConsole: votesConsoleText.en,
    appSupervision: appSupervisionText.en,
    appReview: appReviewText.en,
  },
};

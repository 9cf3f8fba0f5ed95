// The text of the applying, my-cases and messages pages, added to the app's when the first of
// them loads (each imports this module): the home page does not wait for it.
import { addText } from '../shared/i18n';
import { casesPagesText } from './text-cases-pages';
import { exchangeText } from './text-exchange';
import { optionsText } from './text-options';

addText('cases', casesPagesText);
addText('cases', { zhCN: { options: optionsText.zhCN }, en: { options: optionsText.en } });
addText('exchange', exchangeText);

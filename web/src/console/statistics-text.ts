// The statistics page's text, added when it loads.
import { addText } from '../shared/i18n';
import { statisticsText } from './text-statistics';

addText('statistics', statisticsText);

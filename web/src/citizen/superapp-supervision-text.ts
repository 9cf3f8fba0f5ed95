// The text of 我的应用授权 and of app entries in the data tracker, added when either loads.
import { addText } from '../shared/i18n';
import { appDataText } from './text-superapp-supervision';

addText('appData', appDataText);

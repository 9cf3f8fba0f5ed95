// The city screen's text, added when it loads.
import { addText } from '../shared/i18n';
import { screenText } from './text-screen';

addText('screen', screenText);

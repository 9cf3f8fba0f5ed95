// The service-hall pages' text, added when the first of them loads.
import { addText } from '../shared/i18n';
import { hallsText } from './text-halls';

addText('halls', hallsText);

// The data-subject rights pages' text, added to the app's when the first of them loads (each
// imports this module).
import { addText } from '../shared/i18n';
import { rightsText } from './text-rights';

addText('rights', rightsText);

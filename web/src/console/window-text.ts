// The window page's text, added when it loads.
import { addText } from '../shared/i18n';
import { windowText } from './text-window';

addText('window', windowText);

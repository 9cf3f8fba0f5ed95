// The catalogue's and the item editor's text, added to the console's when one of them loads (each
// imports this module), with the service guide's labels (the catalogue shows an item as citizens see it).
import { guideText } from '../citizen/text-guide';
import { addText } from '../shared/i18n';
import { editorText } from './text-editor';

addText('editor', editorText);
addText('citizen', { zhCN: { guide: guideText.zhCN }, en: { guide: guideText.en } });

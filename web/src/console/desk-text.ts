// The inbox's and the case desk's text, added to the console's when one of them loads (each
// imports this module), with the labels of form options that the filed form shows as the
// citizen app does.
import { optionsText } from '../citizen/text-options';
import { addText } from '../shared/i18n';
import { deskText } from './text-desk';
import { evidenceText } from './text-evidence';

addText('desk', deskText);
addText('evidence', evidenceText);
addText('cases', { zhCN: { options: optionsText.zhCN }, en: { options: optionsText.en } });

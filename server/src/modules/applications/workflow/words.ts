/**
 * Decision words follow the item's type, as the national catalogue names its powers: a
 * licence (行政许可) is granted or refused (准予许可 / 不予许可), a confirmation (行政确认)
 * confirmed or not (予以确认 / 不予确认), a benefit (行政给付) granted or refused, a public
 * service done or not. A process definition is written once with the licence's words; the
 * case pins it reworded for its item's type (a new definition, so running cases keep theirs).
 * Pure.
 */
import type { LocalText, ProcessDefinition, StateDef } from './definition.ts';

export interface DecisionWords {
  /** The positive decision (the `approve` action, and `complete` where it decides). */
  grant: LocalText;
  /** The negative decision (`reject` where a decision is taken, not at acceptance). */
  refuse: LocalText;
  /** The refusal as an outcome (the rejected terminal). */
  refused: LocalText;
}

const t = (zh: string, en: string): LocalText => ({ zh, en });

export const DECISION_WORDS: Readonly<Record<string, DecisionWords>> = {
  licensing: { grant: t('准予许可', 'Approve'), refuse: t('不予许可', 'Reject'), refused: t('不予许可', 'Rejected') },
  confirmation: {
    grant: t('予以确认', 'Confirm'),
    refuse: t('不予确认', 'Refuse to confirm'),
    refused: t('不予确认', 'Not confirmed'),
  },
  benefit: {
    grant: t('准予给付', 'Grant the benefit'),
    refuse: t('不予给付', 'Refuse the benefit'),
    refused: t('不予给付', 'Benefit refused'),
  },
  adjudication: {
    grant: t('作出裁决', 'Decide'),
    refuse: t('驳回申请', 'Dismiss'),
    refused: t('驳回申请', 'Dismissed'),
  },
  reward: {
    grant: t('予以奖励', 'Grant the reward'),
    refuse: t('不予奖励', 'Refuse the reward'),
    refused: t('不予奖励', 'Reward refused'),
  },
};

/** Levies, other powers and public services: the case is handled or not. */
const HANDLED: DecisionWords = {
  grant: t('准予办理', 'Approve'),
  refuse: t('不予办理', 'Refuse'),
  refused: t('不予办理', 'Refused'),
};

export const wordsFor = (itemType: string): DecisionWords => DECISION_WORDS[itemType] ?? HANDLED;

const LICENCE = DECISION_WORDS.licensing!;
/** `from`'s words in `text` replaced by `to`'s (the English where it starts with them: "Approve and complete"). */
const swap = (text: LocalText, from: LocalText, to: LocalText): LocalText => ({
  zh: text.zh.replaceAll(from.zh, to.zh),
  en: text.en.startsWith(from.en) ? `${to.en}${text.en.slice(from.en.length)}` : text.en,
});

/** The definition with its decision words in the item type's terms (unchanged for a licence). */
export function wordedFor(def: ProcessDefinition, itemType: string): ProcessDefinition {
  const words = wordsFor(itemType);
  if (words === LICENCE) return def;
  const state = (s: StateDef): StateDef => {
    if (s.kind === 'terminal')
      return s.terminalOutcome === 'rejected' ? { ...s, name: swap(s.name, LICENCE.refused, words.refused) } : s;
    return {
      ...s,
      // 不予受理 at acceptance is not a decision on the matter: it keeps its words.
      name: swap(s.name, LICENCE.refuse, words.refuse),
      actions: s.actions.map((a) => {
        if (a.code === 'approve' || a.code === 'complete')
          return { ...a, name: swap(a.name, LICENCE.grant, words.grant) };
        if (a.code === 'reject' && s.code !== 'accept')
          return { ...a, name: swap(a.name, LICENCE.refuse, words.refuse) };
        return a;
      }),
    };
  };
  return { ...def, states: def.states.map(state) };
}

/** The five-level rating (非常满意…非常不满意), optional indicator scores and comment: the citizen app and the 评价器. */
import { useState } from 'react';
import { Button, Rate, Selector, TextArea } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { RatingBody } from '../shared/api/supervision';

const LEVELS = [5, 4, 3, 2, 1] as const;

export function RatingForm(props: {
  indicators: readonly string[];
  pending: boolean;
  onSubmit: (body: RatingBody) => void;
  testId: string;
  withComment?: boolean;
}) {
  const { t } = useTranslation();
  const [score, setScore] = useState<number | null>(null);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  return (
    <div data-testid={props.testId}>
      <Selector
        columns={1}
        options={LEVELS.map((l) => ({ label: t(`supervision.levels.${l}`), value: l }))}
        value={score === null ? [] : [score]}
        onChange={(v) => setScore(v[0] ?? null)}
        data-testid={`${props.testId}-levels`}
      />
      {props.indicators
        .filter((k) => k !== 'overall')
        .map((k) => (
          <div key={k} className="yw-rating-indicator">
            <span>{t(`supervision.indicators.${k}`)}</span>
            <Rate value={scores[k] ?? 0} onChange={(v) => setScores({ ...scores, [k]: v })} />
          </div>
        ))}
      {props.withComment !== false && (
        <TextArea
          placeholder={t('supervision.comment')}
          value={comment}
          onChange={setComment}
          maxLength={500}
          rows={2}
          data-testid={`${props.testId}-comment`}
        />
      )}
      <Button
        block
        color="primary"
        disabled={score === null}
        loading={props.pending}
        data-testid={`${props.testId}-submit`}
        onClick={() => {
          if (score === null) return;
          const indicators = Object.fromEntries(Object.entries(scores).filter(([, v]) => v >= 1));
          props.onSubmit({ score, indicators, comment: comment.trim() || null });
        }}
      >
        {t('supervision.submit')}
      </Button>
    </div>
  );
}

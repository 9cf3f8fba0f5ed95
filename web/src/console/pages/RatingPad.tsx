// 评价器: the window's rating pad. The clerk records the visit (the service item, and the case
// number if any), then turns the tablet to the applicant, who taps the rating (offline indicators).
// Anonymous: the rating names nobody.
import { useState } from 'react';
import { Alert, Button, Card, Input, Radio, Rate, Result, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { rateVisit, recordVisit, type WindowVisit } from '../../shared/api/supervision';
import { lt } from '../../shared/catalog';
import { errorMessage } from '../../shared/i18n';
import type { RatingBody } from '../../shared/api/supervision';

const LEVELS = [5, 4, 3, 2, 1] as const;

/** Big buttons for the five levels, stars for the offline indicators (antd: the console's kit). */
function PadForm(props: { indicators: readonly string[]; pending: boolean; onSubmit: (b: RatingBody) => void }) {
  const { t } = useTranslation();
  const [score, setScore] = useState<number | null>(null);
  const [scores, setScores] = useState<Record<string, number>>({});
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="pad-form">
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        size="large"
        value={score}
        onChange={(e) => setScore(Number(e.target.value))}
        options={LEVELS.map((l) => ({ label: t(`supervision.levels.${l}`), value: l }))}
      />
      {props.indicators
        .filter((k) => k !== 'overall')
        .map((k) => (
          <Space key={k}>
            <span style={{ display: 'inline-block', minWidth: 96 }}>{t(`supervision.indicators.${k}`)}</span>
            <Rate value={scores[k] ?? 0} onChange={(v) => setScores({ ...scores, [k]: v })} />
          </Space>
        ))}
      <Button
        type="primary"
        size="large"
        block
        disabled={score === null}
        loading={props.pending}
        data-testid="pad-form-submit"
        onClick={() => {
          if (score === null) return;
          props.onSubmit({ score, indicators: Object.fromEntries(Object.entries(scores).filter(([, v]) => v >= 1)) });
        }}
      >
        {t('supervision.submit')}
      </Button>
    </Space>
  );
}

export default function RatingPadPage() {
  const { t, i18n } = useTranslation();
  const record = useMutation(recordVisit);
  const rate = useMutation(rateVisit);
  const [itemCode, setItemCode] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [visit, setVisit] = useState<WindowVisit | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onError = (err: unknown) => setError(errorMessage(t, err));
  const reset = () => {
    setVisit(null);
    setDone(false);
    setCaseNumber('');
    setError(null);
  };
  return (
    <div data-testid="rating-pad" style={{ maxWidth: 560 }}>
      <Typography.Title level={3}>{t('supervision.console.pad.title')}</Typography.Title>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      {!visit && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input
            placeholder={t('supervision.console.pad.item')}
            value={itemCode}
            onChange={(e) => setItemCode(e.target.value)}
            data-testid="pad-item"
          />
          <Input
            placeholder={t('supervision.console.pad.caseNumber')}
            value={caseNumber}
            onChange={(e) => setCaseNumber(e.target.value)}
          />
          <Button
            type="primary"
            disabled={!itemCode.trim()}
            loading={record.isPending}
            data-testid="pad-start"
            onClick={() =>
              record.mutate(
                { itemCode: itemCode.trim(), caseNumber: caseNumber.trim() || null },
                { onSuccess: setVisit, onError },
              )
            }
          >
            {t('supervision.console.pad.start')}
          </Button>
        </Space>
      )}
      {visit && !done && (
        <Card
          title={`${t('supervision.console.pad.prompt')} · ${lt(visit.itemName, i18n.language)}`}
          className="yw-rating-pad"
        >
          <PadForm
            indicators={visit.indicators}
            pending={rate.isPending}
            onSubmit={(body) => rate.mutate({ id: visit.id, body }, { onSuccess: () => setDone(true), onError })}
          />
        </Card>
      )}
      {done && (
        <Result
          status="success"
          title={t('supervision.console.pad.done')}
          extra={<Button onClick={reset}>{t('supervision.console.pad.next')}</Button>}
        />
      )}
    </div>
  );
}

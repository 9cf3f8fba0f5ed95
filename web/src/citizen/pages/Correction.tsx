/**
 * 申请更正 (/me/corrections): the records departments keep about me, by registry; I choose a
 * record's item, say what it should be and why, and continue to the department's correction
 * item's ordinary application form (a draft filled with the choice), which I check and file.
 */
import { useState } from 'react';
import { Button, Input, List, Radio, TextArea, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { createDraft } from '../../shared/api/applications';
import { correctionsQuery } from '../../shared/api/exchange';
import { lt } from '../../shared/catalog';
import type { CorrectionTarget, OwnRegistryRecord } from '../../shared/contract';
import { errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import '../rights-text';
import '../rights.css';

export default function CorrectionPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('rights.correction.title')} testId="correction-page" backTo="/me">
      <RequireSignIn>
        <Correction />
      </RequireSignIn>
    </SubPage>
  );
}

interface Choice {
  target: CorrectionTarget;
  record: OwnRegistryRecord;
  field: string;
}

const show = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function Correction() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const list = useQuery(correctionsQuery());
  const [choice, setChoice] = useState<Choice | null>(null);
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const next = async () => {
    if (!choice?.target.itemCode) return;
    if (!value.trim() || !reason.trim()) {
      Toast.show({ content: t('rights.correction.required') });
      return;
    }
    const { target, record, field } = choice;
    const current = show(record.values[field]).slice(0, 500);
    setBusy(true);
    try {
      const draft = await createDraft({
        itemCode: target.itemCode!,
        form: {
          registry_code: target.registry,
          record_id: record.recordId,
          record_field: (record.labels[field]?.zh ?? field).slice(0, 60),
          ...(current ? { current_value: current } : {}),
          correct_value: value.trim(),
          correction_reason: reason.trim(),
        },
      });
      void navigate(`/apply/${encodeURIComponent(target.itemCode!)}?draft=${encodeURIComponent(draft.id)}`);
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  if (list.error)
    return (
      <div className="yw-card">
        <LoadError message={errorMessage(t, list.error)} onRetry={() => void list.refetch()} />
      </div>
    );
  if (!list.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  if (list.data.length === 0)
    return (
      <p className="yw-muted yw-center yw-mt" data-testid="correction-empty">
        {t('rights.correction.empty')}
      </p>
    );

  const chosen = (r: OwnRegistryRecord, f: string) => choice?.record.recordId === r.recordId && choice.field === f;
  return (
    <div className="yw-page">
      <p className="yw-muted">{t('rights.correction.intro')}</p>
      {list.data.map((target) => (
        <List
          mode="card"
          key={target.registry}
          header={`${lt(target.registryName, lng)} · ${lt(target.ownerDepartment.name, lng)}`}
          data-testid={`correction-registry-${target.registry}`}
        >
          {!target.itemCode && (
            <List.Item className="yw-muted">
              {t('rights.correction.notOffered', { department: lt(target.ownerDepartment.name, lng) })}
            </List.Item>
          )}
          {target.records.flatMap((record) =>
            Object.keys(record.values).map((f) => (
              <List.Item
                key={`${record.recordId}.${f}`}
                description={show(record.values[f]) || t('common.none')}
                disabled={!target.itemCode}
                onClick={() => target.itemCode && setChoice({ target, record, field: f })}
                extra={<Radio checked={chosen(record, f)} aria-label={lt(record.labels[f], lng) || f} />}
                data-testid={`correction-field-${target.registry}-${f}`}
              >
                {lt(record.labels[f], lng) || f}
              </List.Item>
            )),
          )}
        </List>
      ))}
      {choice && (
        <div className="yw-card" data-testid="correction-form">
          <p>
            {t('rights.correction.current')}
            {t('common.colon')}
            {show(choice.record.values[choice.field]) || t('common.none')}
          </p>
          <label className="yw-field">
            <span>{t('rights.correction.correctValue')}</span>
            <Input value={value} onChange={setValue} maxLength={500} data-testid="correction-value" />
          </label>
          <label className="yw-field">
            <span>{t('rights.correction.reason')}</span>
            <TextArea
              value={reason}
              onChange={setReason}
              maxLength={1000}
              rows={3}
              placeholder={t('rights.correction.reasonPlaceholder')}
              data-testid="correction-reason"
            />
          </label>
          <Button
            block
            color="primary"
            size="large"
            loading={busy}
            onClick={() => void next()}
            data-testid="correction-next"
          >
            {t('rights.correction.next')}
          </Button>
        </div>
      )}
    </div>
  );
}

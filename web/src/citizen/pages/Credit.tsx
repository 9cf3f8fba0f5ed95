/**
 * 信用记录 (/credit, /credit/:uscc): an enterprise's public credit record by its unified social
 * credit code, without sign-in: its credit grade (which weights its next random inspection) and
 * every published inspection result with the enterprise's statement.
 */
import { useState } from 'react';
import { Button, Form, Input, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { creditQuery, type CreditRecord } from '../../shared/api/inspections';
import { addText } from '../../shared/i18n';
import { QueryBody, SubPage } from '../components';
import { ResultCard } from '../inspection-parts';
import { inspectionsText } from '../text-inspections';

addText('inspections', inspectionsText);

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function Lookup({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState(false);
  const go = () => {
    const v = value.trim().toUpperCase();
    if (!USCC.test(v)) return setError(true);
    setError(false);
    void navigate(`/credit/${v}`);
  };
  return (
    <Form
      layout="vertical"
      footer={
        <Button block color="primary" onClick={go} data-testid="credit-lookup">
          {t('inspections.lookup')}
        </Button>
      }
    >
      <Form.Item label={t('inspections.usccLabel')} help={error ? t('inspections.usccInvalid') : undefined}>
        <Input
          value={value}
          onChange={setValue}
          maxLength={18}
          placeholder={t('inspections.usccPlaceholder')}
          onEnterPress={go}
          data-testid="credit-uscc"
        />
      </Form.Item>
    </Form>
  );
}

function Record({ record }: { record: CreditRecord }) {
  const { t } = useTranslation();
  const bad = record.creditGrade === 'C' || record.creditGrade === 'D';
  return (
    <>
      <List header={record.name} data-testid="credit-record">
        <List.Item extra={<span className="yw-break">{record.uscc}</span>}>{t('inspections.usccLabel')}</List.Item>
        <List.Item extra={record.industry}>{t('inspections.industry')}</List.Item>
        <List.Item extra={t(`inspections.risk.${record.riskLevel}`)}>{t('inspections.riskLevel')}</List.Item>
        <List.Item
          extra={
            <Tag color={bad ? 'warning' : 'success'} data-testid="credit-grade">
              {t(`inspections.grades.${record.creditGrade}`)}
            </Tag>
          }
        >
          {t('inspections.creditGrade')}
        </List.Item>
      </List>
      <div className="yw-inset">
        <h3 className="yw-mt">{t('inspections.results')}</h3>
        {record.inspections.length === 0 ? (
          <p className="yw-muted">{t('inspections.noResults')}</p>
        ) : (
          record.inspections.map((task) => <ResultCard key={task.id} task={task} />)
        )}
      </div>
    </>
  );
}

function CreditBody({ uscc }: { uscc: string }) {
  const { t } = useTranslation();
  const query = useQuery(creditQuery(uscc));
  return (
    <QueryBody
      query={query}
      notFound={t('inspections.creditNotFound')}
      loadFailed={t('inspections.creditFailed')}
      notFoundTestId="credit-not-found"
    >
      {(record) => <Record record={record} />}
    </QueryBody>
  );
}

export default function CreditPage() {
  const { t } = useTranslation();
  const { uscc = '' } = useParams();
  return (
    <SubPage title={t('inspections.creditTitle')} testId="credit-page">
      <p className="yw-muted yw-inset">{t('inspections.creditIntro')}</p>
      <Lookup key={uscc} initial={uscc} />
      {uscc && <CreditBody uscc={uscc.toUpperCase()} />}
    </SubPage>
  );
}

/**
 * 办件查询 (/lookup): anyone, signed in or not, follows a case by its number, the applicant's
 * name and the last 4 characters of the ID number (an enterprise: of its USCC). The answer is
 * the progress in plain words; wrong facts and an unknown number read the same.
 */
import { useState } from 'react';
import { Button, Form, Input } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { lookupCase } from '../../shared/api/applications';
import { lt } from '../../shared/catalog';
import { ApiError } from '../../shared/client';
import type { CaseLookup, CaseLookupInput } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { formatDate, overdueDaysOf, StatusTag } from '../case-parts';
import { FormError, SubPage } from '../components';
import '../pages-text';

export default function LookupPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<CaseLookupInput>();
  const find = useMutation({ mutationFn: lookupCase });
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<CaseLookup | null>(null);

  const onFinish = async (v: CaseLookupInput) => {
    setError(null);
    setFound(null);
    try {
      setFound(
        await find.mutateAsync({ caseNumber: v.caseNumber.trim(), name: v.name.trim(), idTail: v.idTail.trim() }),
      );
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'CASE_NOT_FOUND' ? t('cases.lookup.notFound') : errorMessage(t, err),
      );
    }
  };
  const required = (label: string) => [{ required: true, message: t('common.required', { field: label }) }];

  return (
    <SubPage title={t('cases.lookup.title')} testId="lookup-page">
      <p className="yw-muted">{t('cases.lookup.intro')}</p>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        data-testid="lookup-form"
        footer={
          <Button block type="submit" color="primary" size="large" loading={find.isPending} data-testid="lookup-submit">
            {t('cases.lookup.submit')}
          </Button>
        }
      >
        <Form.Item
          name="caseNumber"
          label={t('cases.lookup.caseNumber')}
          rules={required(t('cases.lookup.caseNumber'))}
        >
          <Input placeholder="330383-20261202-00000001" maxLength={40} data-testid="lookup-case-number" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('cases.lookup.name')}
          description={t('cases.lookup.nameHint')}
          rules={required(t('cases.lookup.name'))}
        >
          <Input maxLength={100} autoComplete="name" data-testid="lookup-name" />
        </Form.Item>
        <Form.Item
          name="idTail"
          label={t('cases.lookup.idTail')}
          description={t('cases.lookup.idTailHint')}
          rules={[
            ...required(t('cases.lookup.idTail')),
            { pattern: /^[0-9A-Za-z]{4}$/, message: t('cases.lookup.idTailFormat') },
          ]}
        >
          <Input maxLength={4} autoComplete="off" data-testid="lookup-id-tail" />
        </Form.Item>
      </Form>
      <FormError message={error} />
      {found && <Found c={found} />}
    </SubPage>
  );
}

function Found({ c }: { c: CaseLookup }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const overdue = overdueDaysOf(c);
  return (
    <section className="yw-card yw-case-hero" data-testid="lookup-result" data-status={c.status} aria-live="polite">
      <div className="yw-case-hero-top">
        <h2 className="yw-guide-name" data-testid="lookup-title">
          {lt(c.title, lng)}
        </h2>
        <StatusTag status={c.status} />
      </div>
      <p className={`yw-case-headline yw-case-headline-${c.status}`} data-testid="lookup-headline">
        {lt(c.headline, lng)}
      </p>
      <dl className="yw-kvs">
        <div className="yw-kv">
          <dt>{t('cases.case.number')}</dt>
          <dd>{c.caseNumber}</dd>
        </div>
        <div className="yw-kv">
          <dt>{t('cases.lookup.applicant')}</dt>
          <dd data-testid="lookup-applicant">{c.applicantName}</dd>
        </div>
        {c.handledBy && (
          <div className="yw-kv">
            <dt>{t('cases.case.handledBy')}</dt>
            <dd>{lt(c.handledBy, lng)}</dd>
          </div>
        )}
        {c.status === 'in_progress' && c.dueAt && (
          <div className="yw-kv">
            <dt>{t('cases.case.due')}</dt>
            <dd className={overdue ? 'yw-overdue' : undefined}>
              {overdue
                ? t('cases.case.overdueDays', {
                    count: overdue,
                    s: overdue === 1 ? '' : 's',
                    date: formatDate(c.dueAt, lng),
                  })
                : formatDate(c.dueAt, lng)}
            </dd>
          </div>
        )}
        <div className="yw-kv">
          <dt>{t('cases.case.submitted')}</dt>
          <dd>{formatDateTime(c.submittedAt, lng)}</dd>
        </div>
      </dl>
      {c.steps.length > 0 && (
        <ol className="yw-list yw-mt" data-testid="lookup-steps">
          {c.steps.map((s, i) => (
            <li key={i}>
              {formatDateTime(s.at, lng)} {lt(s.actionName, lng)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * 数据开放申请 (/opendata/requests): a signed-in citizen (or an enterprise's agent) asks the
 * department that holds some data to open it (what data, what for), and sees their requests
 * with each department's answer or refusal; the answer may point to a dataset.
 */
import { useRef } from 'react';
import { Button, Form, Input, List, Tag, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { departmentsQuery } from '../../shared/api/org';
import {
  myRequestsQuery,
  submitRequest,
  type DataRequest,
  type NewDataRequest,
} from '../../shared/api/opendata-portal';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import { opendataText } from '../text-opendata';
import '../opendata.css';

addText('opendata', opendataText);

const STATUS_COLOR: Record<DataRequest['status'], 'warning' | 'success' | 'default'> = {
  submitted: 'warning',
  answered: 'success',
  declined: 'default',
};

export default function OpenDataRequestsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('opendata.requests.title')} testId="opendata-requests" backTo="/opendata">
      <RequireSignIn>
        <Requests />
      </RequireSignIn>
    </SubPage>
  );
}

function Requests() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const en = lng.startsWith('en');
  const mine = useQuery(myRequestsQuery());
  const departments = useQuery(departmentsQuery());
  const submitting = useMutation(submitRequest);
  const [form] = Form.useForm<NewDataRequest>();
  // One key per request being written: a retry after a lost answer files nothing twice.
  const key = useRef(`odr-${crypto.randomUUID()}`);

  const submit = async (v: NewDataRequest) => {
    if (!v.title?.trim() || !v.description?.trim() || !v.purpose?.trim() || !v.departmentCode) {
      Toast.show({ content: t('opendata.requests.required') });
      return;
    }
    try {
      await submitting.mutateAsync({
        body: {
          title: v.title.trim(),
          description: v.description.trim(),
          purpose: v.purpose.trim(),
          departmentCode: v.departmentCode,
        },
        key: key.current,
      });
      key.current = `odr-${crypto.randomUUID()}`;
      form.resetFields();
      Toast.show({ icon: 'success', content: t('opendata.requests.submitted') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  return (
    <div className="yw-page">
      <p className="yw-muted">{t('opendata.requests.intro')}</p>
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{ departmentCode: '' }}
        onFinish={(v) => void submit(v)}
        data-testid="opendata-request-form"
        footer={
          <Button
            block
            type="submit"
            color="primary"
            loading={submitting.isPending}
            data-testid="opendata-request-submit"
          >
            {t('opendata.requests.submit')}
          </Button>
        }
      >
        <Form.Header>{t('opendata.requests.formTitle')}</Form.Header>
        <Form.Item name="title" label={t('opendata.requests.name')}>
          <Input
            maxLength={100}
            placeholder={t('opendata.requests.namePlaceholder')}
            data-testid="opendata-request-title"
          />
        </Form.Item>
        <Form.Item name="description" label={t('opendata.requests.description')}>
          <TextArea
            maxLength={2000}
            rows={3}
            placeholder={t('opendata.requests.descriptionPlaceholder')}
            data-testid="opendata-request-description"
          />
        </Form.Item>
        <Form.Item name="purpose" label={t('opendata.requests.purpose')}>
          <TextArea
            maxLength={1000}
            rows={2}
            placeholder={t('opendata.requests.purposePlaceholder')}
            data-testid="opendata-request-purpose"
          />
        </Form.Item>
        <Form.Item name="departmentCode" label={t('opendata.requests.department')}>
          <select
            className="yw-select"
            aria-label={t('opendata.requests.department')}
            data-testid="opendata-request-department"
          >
            <option value="" disabled>
              {t('opendata.requests.pickDepartment')}
            </option>
            {(departments.data ?? []).map((d) => (
              <option key={d.code} value={d.code}>
                {en ? d.nameEn : d.name}
              </option>
            ))}
          </select>
        </Form.Item>
      </Form>

      <h3>{t('opendata.requests.mine')}</h3>
      {mine.error ? (
        <div className="yw-card">
          <LoadError message={errorMessage(t, mine.error)} onRetry={() => void mine.refetch()} />
        </div>
      ) : !mine.data ? (
        <p className="yw-muted yw-center">{t('common.loading')}</p>
      ) : mine.data.length === 0 ? (
        <p className="yw-muted yw-center" data-testid="opendata-requests-empty">
          {t('opendata.requests.none')}
        </p>
      ) : (
        <List mode="card" data-testid="opendata-request-list">
          {mine.data.map((r) => (
            <List.Item
              key={r.id}
              data-testid="opendata-request"
              description={
                <>
                  <div>
                    {t('opendata.requests.asked', {
                      at: formatDateTime(r.createdAt, lng),
                      department: en ? r.department.nameEn : r.department.name,
                    })}
                  </div>
                  <div>{r.description}</div>
                  {r.answer && (
                    <div data-testid="opendata-request-answer">
                      {t('opendata.requests.answer')}
                      {t('common.colon')}
                      {r.answer}
                      {r.datasetName && (
                        <>
                          {' '}
                          <Link to={`/opendata/${r.datasetName}`}>{t('opendata.requests.dataset')}</Link>
                        </>
                      )}
                    </div>
                  )}
                </>
              }
              extra={
                <Tag color={STATUS_COLOR[r.status]} data-testid="opendata-request-status" data-status={r.status}>
                  {t(`opendata.requests.status.${r.status}`)}
                </Tag>
              }
            >
              {r.title}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

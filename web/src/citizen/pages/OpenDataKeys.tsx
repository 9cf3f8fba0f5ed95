/**
 * 我的 API 密钥 (/opendata/keys): a signed-in citizen (or an enterprise's agent, for it) asks for a
 * key to the live endpoints, naming it and its purpose; the key is shown once, with the datasets
 * that have a live endpoint and a call to try with it; the list shows each key's use and revokes.
 */
import { useState } from 'react';
import { Button, Dialog, Form, Input, List, Tag, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { opendataSearchQuery } from '../../shared/api/opendata';
import {
  apiKeysQuery,
  callLive,
  issueApiKey,
  revokeApiKey,
  type ApiKey,
  type LiveAnswer,
  type NewApiKey,
} from '../../shared/api/opendata-portal';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import { opendataText } from '../text-opendata';
import '../opendata.css';

addText('opendata', opendataText);

export default function OpenDataKeysPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('opendata.keys.title')} testId="opendata-keys" backTo="/opendata">
      <RequireSignIn>
        <Keys />
      </RequireSignIn>
    </SubPage>
  );
}

function Keys() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const keys = useQuery(apiKeysQuery());
  const issuing = useMutation(issueApiKey);
  const revoking = useMutation(revokeApiKey);
  const [form] = Form.useForm<NewApiKey>();
  const [issued, setIssued] = useState<string | null>(null);

  const issue = async (v: NewApiKey) => {
    if (!v.name?.trim() || !v.purpose?.trim()) {
      Toast.show({ content: t('opendata.keys.required') });
      return;
    }
    try {
      const made = await issuing.mutateAsync({ name: v.name.trim(), purpose: v.purpose.trim() });
      setIssued(made.key);
      form.resetFields();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  const revoke = async (k: ApiKey) => {
    const ok = await Dialog.confirm({
      content: t('opendata.keys.revokeConfirm'),
      confirmText: t('opendata.keys.revoke'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await revoking.mutateAsync(k.id);
      Toast.show({ icon: 'success', content: t('opendata.keys.revokedToast') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  if (keys.error)
    return (
      <div className="yw-card">
        <LoadError message={errorMessage(t, keys.error)} onRetry={() => void keys.refetch()} />
      </div>
    );
  if (!keys.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;

  return (
    <div className="yw-page">
      <p className="yw-muted">{t('opendata.keys.intro', { n: keys.data.requestsPerMinute })}</p>
      {issued && <Issued apiKey={issued} onDone={() => setIssued(null)} />}
      <Form
        form={form}
        layout="vertical"
        mode="card"
        onFinish={(v) => void issue(v)}
        data-testid="opendata-key-form"
        footer={
          <Button block type="submit" color="primary" loading={issuing.isPending} data-testid="opendata-key-submit">
            {t('opendata.keys.submit')}
          </Button>
        }
      >
        <Form.Header>{t('opendata.keys.issue')}</Form.Header>
        <Form.Item name="name" label={t('opendata.keys.name')}>
          <Input maxLength={100} placeholder={t('opendata.keys.namePlaceholder')} data-testid="opendata-key-name" />
        </Form.Item>
        <Form.Item name="purpose" label={t('opendata.keys.purpose')}>
          <TextArea
            maxLength={500}
            rows={2}
            placeholder={t('opendata.keys.purposePlaceholder')}
            data-testid="opendata-key-purpose"
          />
        </Form.Item>
      </Form>
      {keys.data.items.length === 0 ? (
        <p className="yw-muted yw-center">{t('opendata.keys.none')}</p>
      ) : (
        <List mode="card" data-testid="opendata-key-list">
          {keys.data.items.map((k) => (
            <List.Item
              key={k.id}
              data-testid="opendata-key"
              description={
                <>
                  <div>
                    {t('opendata.keys.prefix', { prefix: k.keyPrefix })} · {k.purpose}
                  </div>
                  <div>
                    {t('opendata.keys.created', { at: formatDateTime(k.createdAt, lng) })} ·{' '}
                    {k.lastUsedAt
                      ? t('opendata.keys.lastUsed', { at: formatDateTime(k.lastUsedAt, lng) })
                      : t('opendata.keys.neverUsed')}{' '}
                    · {t('opendata.keys.requests', { n: k.requests })}
                  </div>
                </>
              }
              extra={
                k.revokedAt ? (
                  <Tag data-testid="opendata-key-status">{t('opendata.keys.revoked')}</Tag>
                ) : (
                  <Button
                    size="mini"
                    color="danger"
                    fill="outline"
                    onClick={() => void revoke(k)}
                    data-testid="opendata-key-revoke"
                  >
                    {t('opendata.keys.revoke')}
                  </Button>
                )
              }
            >
              {k.name} {k.forEnterprise && <Tag color="primary">{t('opendata.keys.forEnterprise')}</Tag>}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

/** The key just issued (shown this once), and the live endpoints to try it on. */
function Issued({ apiKey, onDone }: { apiKey: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const live = useQuery(opendataSearchQuery({ res_format: 'API', page: 1, pageSize: 20 }));
  const [tried, setTried] = useState<{ id: string; answer: LiveAnswer } | null>(null);
  const origin = window.location.origin;

  const copy = () =>
    void navigator.clipboard?.writeText(apiKey).then(
      () => Toast.show({ content: t('opendata.keys.copied') }),
      () => undefined,
    );
  const tryIt = async (resourceId: string) => {
    try {
      setTried({ id: resourceId, answer: await callLive(resourceId, apiKey) });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  return (
    <div className="yw-card" data-testid="opendata-key-issued">
      <div className="yw-card-title">{t('opendata.keys.issued')}</div>
      <p className="yw-muted">{t('opendata.keys.issuedHelp')}</p>
      <p className="yw-key-value">
        <code data-testid="opendata-key-value">{apiKey}</code>
      </p>
      <Button size="small" onClick={copy}>
        {t('opendata.keys.copy')}
      </Button>{' '}
      <Button size="small" color="primary" onClick={onDone} data-testid="opendata-key-done">
        {t('opendata.keys.done')}
      </Button>
      <List header={t('opendata.keys.endpoints')} data-testid="opendata-live-endpoints">
        {(live.data?.items ?? []).flatMap((d) =>
          d.resources
            .filter((r) => r.format === 'API')
            .map((r) => (
              <List.Item
                key={r.id}
                description={
                  <code style={{ wordBreak: 'break-all' }}>{`curl -H "X-API-Key: …" ${origin}${r.path}?limit=10`}</code>
                }
                extra={
                  <Button size="mini" onClick={() => void tryIt(r.id)} data-testid={`opendata-try-${d.name}`}>
                    {t('opendata.keys.tryIt')}
                  </Button>
                }
              >
                {en ? d.titleEn : d.title}
                {tried?.id === r.id && <TryResult answer={tried.answer} />}
              </List.Item>
            )),
        )}
      </List>
    </div>
  );
}

function TryResult({ answer }: { answer: LiveAnswer }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <div data-testid="opendata-try-result">
      <p className="yw-muted">
        {t('opendata.keys.tryResult', { total: answer.total, version: answer.version, n: answer.rows.length })}
      </p>
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <table className="yw-table">
          <thead>
            <tr>
              {answer.columns.map((c) => (
                <th key={c.name}>{en ? c.titleEn : c.title}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {answer.rows.map((row, i) => (
              <tr key={i}>
                {answer.columns.map((c) => (
                  <td key={c.name}>{String(row[c.name] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

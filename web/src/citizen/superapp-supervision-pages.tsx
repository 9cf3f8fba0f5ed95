/**
 * 我的应用授权 / Apps and my data (/me/apps): each app that received data about me, which
 * claims, when and under which consent; an app's page (/me/apps/:id) with what it received,
 * withdrawing the consent, complaining about the app and my complaints' outcomes.
 */
import { useState } from 'react';
import { Button, Dialog, List, Selector, Tag, TextArea, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  fileComplaint,
  myAppQuery,
  myAppsQuery,
  withdrawApp,
  type AppComplaint,
  type MyAppData,
  type MyAppDetail,
  type NewAppComplaint,
} from '../shared/api/superapp-supervision';
import { lt } from '../shared/catalog';
import { formatDateTime } from '../shared/format';
import { errorMessage } from '../shared/i18n';
import { RequireSignIn } from './case-parts';
import { LoadError, SubPage } from './components';
import { useClaimLabel } from './superapp-supervision-claims';

function ConsentTag({ consent }: { consent: MyAppData['consent'] }) {
  const { t } = useTranslation();
  if (!consent) return <Tag fill="outline">{t('appData.noConsent')}</Tag>;
  return consent.withdrawnAt ? (
    <Tag fill="outline" data-testid="app-consent" data-state="withdrawn">
      {t('appData.consentWithdrawn')}
    </Tag>
  ) : (
    <Tag color="success" fill="outline" data-testid="app-consent" data-state="active">
      {t('appData.consentActive')}
    </Tag>
  );
}

export function MyAppsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('appData.title')} testId="my-apps-page" backTo="/me">
      <RequireSignIn>
        <MyApps />
      </RequireSignIn>
    </SubPage>
  );
}

function MyApps() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const claimLabel = useClaimLabel();
  const list = useQuery(myAppsQuery);
  if (list.error)
    return (
      <div className="yw-card">
        <LoadError message={errorMessage(t, list.error)} onRetry={() => void list.refetch()} />
      </div>
    );
  if (!list.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  return (
    <div className="yw-page">
      <p className="yw-muted">{t('appData.intro')}</p>
      {list.data.length === 0 ? (
        <p className="yw-muted yw-center yw-mt" data-testid="my-apps-empty">
          {t('appData.empty')}
        </p>
      ) : (
        <List mode="card" data-testid="my-apps">
          {list.data.map((a) => (
            <List.Item
              key={a.app.id}
              data-testid="my-app"
              data-slug={a.app.slug}
              prefix={a.app.icon ? <img src={a.app.icon} alt="" width={36} height={36} /> : undefined}
              onClick={() => void navigate(`/me/apps/${a.app.id}`)}
              description={
                <>
                  <div>
                    {t('appData.claims')}
                    {t('common.colon')}
                    {a.claims.map(claimLabel).join('、')}
                  </div>
                  <div>
                    {t('appData.last')}
                    {t('common.colon')}
                    {formatDateTime(a.lastAt, lng)} · {t('appData.times', { count: a.releases })}
                  </div>
                </>
              }
              extra={<ConsentTag consent={a.consent} />}
            >
              {lt(a.app.name, lng)}
              <span className="yw-muted"> · {a.app.ownerName}</span>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

export function MyAppPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <SubPage title={t('appData.title')} testId="my-app-page" backTo="/me/apps">
      <RequireSignIn>
        <MyApp id={id} />
      </RequireSignIn>
    </SubPage>
  );
}

function MyApp({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const claimLabel = useClaimLabel();
  const detail = useQuery(myAppQuery(id));
  const withdrawing = useMutation(withdrawApp);
  const [complaining, setComplaining] = useState(false);
  if (detail.error)
    return (
      <div className="yw-card">
        <LoadError message={errorMessage(t, detail.error)} onRetry={() => void detail.refetch()} />
      </div>
    );
  const d = detail.data;
  if (!d) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  const withdraw = async () => {
    const yes = await Dialog.confirm({
      content: t('appData.withdrawConfirm'),
      confirmText: t('appData.withdraw'),
      cancelText: t('common.cancel'),
    });
    if (!yes) return;
    try {
      await withdrawing.mutateAsync(id);
      Toast.show({ icon: 'success', content: t('appData.withdrawn') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };
  return (
    <div className="yw-page">
      <section className="yw-card" data-testid="my-app-head">
        <h2 data-testid="my-app-name">{lt(d.app.name, lng)}</h2>
        <p className="yw-muted">
          {d.app.ownerName} · {t(`appData.status.${d.app.status}`)}
        </p>
        {d.app.statusReason && d.app.status !== 'approved' && (
          <p role="note" data-testid="my-app-suspended">
            {t('appData.suspendedBecause', { reason: d.app.statusReason })}
          </p>
        )}
        <p>
          {t('appData.claims')}
          {t('common.colon')}
          <span data-testid="my-app-claims">{d.claims.map(claimLabel).join('、') || '—'}</span>
        </p>
        <p>
          {t('appData.consent')}
          {t('common.colon')}
          <ConsentTag consent={d.consent} />
        </p>
        <div className="yw-field-pair">
          {d.app.status === 'approved' && (
            <Button block onClick={() => void navigate(`/apps/${d.app.slug}`)} data-testid="my-app-open">
              {t('appData.open')}
            </Button>
          )}
          {d.consent && !d.consent.withdrawnAt && (
            <Button
              block
              color="danger"
              fill="outline"
              loading={withdrawing.isPending}
              onClick={() => void withdraw()}
              data-testid="my-app-withdraw"
            >
              {t('appData.withdraw')}
            </Button>
          )}
        </div>
      </section>
      <Complaints d={d} complaining={complaining} setComplaining={setComplaining} />
      <List header={t('appData.releases')} mode="card" data-testid="my-app-releases">
        {d.releases.map((r) => (
          <List.Item
            key={r.id}
            description={r.consentId ? `${t('appData.consent')} ${r.consentId.slice(0, 8)}` : undefined}
            extra={formatDateTime(r.at, lng)}
          >
            {t(`appData.via.${r.via}`)}
            {t('common.colon')}
            {r.claims.map(claimLabel).join('、')}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

function Complaints({
  d,
  complaining,
  setComplaining,
}: {
  d: MyAppDetail;
  complaining: boolean;
  setComplaining: (v: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="yw-card" data-testid="my-app-complaints">
      {d.complaints.length > 0 && <h3>{t('appData.complaints')}</h3>}
      {d.complaints.map((c: AppComplaint) => (
        <div key={c.id} className="yw-mt" data-testid="my-complaint" data-status={c.status}>
          <Tag color={c.status === 'upheld' ? 'success' : c.status === 'dismissed' ? 'default' : 'warning'}>
            {t(`appData.complaintStatus.${c.status}`)}
          </Tag>{' '}
          {t(`appData.categories.${c.category}`)} · {formatDateTime(c.createdAt, i18n.language)}
          <p>{c.text}</p>
          {c.reason && (
            <p className="yw-muted" data-testid="my-complaint-reason">
              {t('appData.reason')}
              {t('common.colon')}
              {c.reason}
            </p>
          )}
        </div>
      ))}
      {complaining ? (
        <ComplaintForm slug={d.app.slug} onDone={() => setComplaining(false)} />
      ) : (
        <Button block className="yw-mt" onClick={() => setComplaining(true)} data-testid="my-app-complain">
          {t('appData.complain')}
        </Button>
      )}
    </section>
  );
}

const CATEGORIES: NewAppComplaint['category'][] = ['privacy', 'fraud', 'broken', 'content', 'other'];

function ComplaintForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const { t } = useTranslation();
  const filing = useMutation(fileComplaint);
  // One key per complaint: a retry (a double tap, a lost answer) files it once.
  const [key] = useState(() => `complaint-${crypto.randomUUID()}`);
  const [category, setCategory] = useState<NewAppComplaint['category']>('privacy');
  const [text, setText] = useState('');
  const submit = async () => {
    try {
      await filing.mutateAsync({ slug, key, body: { category, text: text.trim() } });
      Toast.show({ icon: 'success', content: t('appData.submitted') });
      onDone();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };
  return (
    <div className="yw-mt" data-testid="complaint-form">
      <div className="yw-field">
        <span>{t('appData.category')}</span>
        <Selector
          columns={3}
          value={[category]}
          onChange={(v) => v[0] && setCategory(v[0])}
          options={CATEGORIES.map((c) => ({ label: t(`appData.categories.${c}`), value: c }))}
          data-testid="complaint-category"
        />
      </div>
      <label className="yw-field">
        <span>{t('appData.text')}</span>
        <TextArea value={text} onChange={setText} maxLength={2000} rows={4} showCount data-testid="complaint-text" />
      </label>
      <Button
        block
        color="primary"
        disabled={text.trim().length < 5}
        loading={filing.isPending}
        onClick={() => void submit()}
        data-testid="complaint-submit"
      >
        {t('appData.submit')}
      </Button>
    </div>
  );
}

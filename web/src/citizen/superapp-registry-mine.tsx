/**
 * 我的应用 (/enterprise/apps): an agent acting for an enterprise registers its mini-apps with a
 * manifest (JSON, docs/superapp-manifest.schema.json), submits new versions and reads each
 * version's review: status, reasons, added scopes, the automated pre-review's outcome.
 */
import { useState } from 'react';
import { Button, Tag, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { actAs as actAsCall, enterprisesQuery } from '../shared/api/identity';
import {
  myAppsQuery,
  registerApp,
  submitVersion,
  type AppDetail,
  type Manifest,
} from '../shared/api/superapp-registry';
import { useAuth } from '../shared/auth';
import type { ActingAs } from '../shared/contract';
import { errorMessage } from '../shared/i18n';
import { lt } from '../shared/catalog';
import { RequireSignIn } from './case-parts';
import { SubPage } from './components';
import './superapp-registry-parts';

const TEMPLATE: Manifest = {
  slug: 'my-water-bills',
  name: { zh: '水费缴纳', en: 'Water bills' },
  description: { zh: '查询并缴纳水费', en: 'See and pay water bills' },
  icon: 'https://example.cn/icon.png',
  category: 'utilities',
  entryUrl: 'https://water.example.cn/',
  redirectUris: ['https://water.example.cn/callback'],
  scopes: [
    { scope: 'openid', purpose: { zh: '登录', en: 'Sign you in' } },
    { scope: 'profile', purpose: { zh: '核对户主姓名', en: 'Check the account holder’s name' } },
  ],
  privacyPolicyUrl: 'https://water.example.cn/privacy',
  support: { phone: '0577-12345678' },
  elderMode: true,
  languages: ['zh-CN', 'en'],
};

function ManifestEditor({
  initial,
  onSubmit,
  busy,
}: {
  initial: Manifest;
  onSubmit: (m: Manifest) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const submit = () => {
    let parsed: Manifest;
    try {
      parsed = JSON.parse(text) as Manifest;
    } catch {
      Toast.show({ icon: 'fail', content: t('superappRegistry.badJson') });
      return;
    }
    onSubmit(parsed);
  };
  return (
    <div className="yw-manifest-editor">
      <label className="yw-muted">{t('superappRegistry.manifest')}</label>
      <TextArea
        value={text}
        onChange={setText}
        rows={16}
        aria-label={t('superappRegistry.manifest')}
        data-testid="manifest-editor"
      />
      <p className="yw-muted">{t('superappRegistry.manifestHelp')}</p>
      <Button block color="primary" loading={busy} onClick={submit} data-testid="manifest-submit">
        {t('superappRegistry.submit')}
      </Button>
    </div>
  );
}

function AppCard({ app }: { app: AppDetail }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const submit = useMutation(submitVersion);
  const latest = app.versions[0]!;
  return (
    <section className="yw-card" data-testid="my-app" data-slug={app.slug}>
      <h2 className="yw-card-title">
        {lt(latest.manifest.name, i18n.language)}{' '}
        <Tag data-testid="my-app-status">{t(`superappRegistry.status.${app.status}`)}</Tag>
      </h2>
      {app.liveVersion && <p className="yw-muted">{t('superappRegistry.live', { version: app.liveVersion })}</p>}
      {app.statusReason && <p>{t('superappRegistry.reason', { reason: app.statusReason })}</p>}
      {app.versions.map((v) => (
        <div key={v.version} className="yw-app-version" data-testid="my-app-version">
          <strong>{t('superappRegistry.version', { version: v.version })}</strong>{' '}
          <Tag>{t(`superappRegistry.status.${v.status}`)}</Tag>
          {v.reason && <p>{t('superappRegistry.reason', { reason: v.reason })}</p>}
          {v.addedScopes.length > 0 && (
            <p className="yw-muted">{t('superappRegistry.addedScopes', { scopes: v.addedScopes.join(', ') })}</p>
          )}
          {v.preReview && (
            <p className="yw-muted">
              {t('superappRegistry.preReview', { outcome: t(`superappRegistry.outcome.${v.preReview.outcome}`) })}
            </p>
          )}
        </div>
      ))}
      {app.status !== 'taken_down' &&
        (editing ? (
          <ManifestEditor
            initial={latest.manifest}
            busy={submit.isPending}
            onSubmit={(manifest) =>
              submit.mutate(
                { id: app.id, manifest },
                {
                  onSuccess: () => {
                    setEditing(false);
                    Toast.show({ icon: 'success', content: t('superappRegistry.submitted') });
                  },
                  onError: (err) => void Toast.show({ icon: 'fail', content: errorMessage(t, err) }),
                },
              )
            }
          />
        ) : (
          <Button className="yw-mt" size="small" onClick={() => setEditing(true)} data-testid="my-app-new-version">
            {t('superappRegistry.newVersion')}
          </Button>
        ))}
    </section>
  );
}

function MyApps({ acting }: { acting: ActingAs }) {
  const { t } = useTranslation();
  const apps = useQuery(myAppsQuery(acting.enterpriseId));
  const register = useMutation(registerApp);
  const [adding, setAdding] = useState(false);
  return (
    <>
      <div className="yw-acting" role="status">
        {t('superappRegistry.actingAs', { name: acting.name })}
      </div>
      <p className="yw-muted yw-inset">{t('superappRegistry.mineIntro')}</p>
      {apps.data?.length === 0 && <p className="yw-muted yw-inset">{t('superappRegistry.noApps')}</p>}
      {(apps.data ?? []).map((app) => (
        <AppCard key={app.id} app={app} />
      ))}
      <section className="yw-card">
        {adding ? (
          <ManifestEditor
            initial={TEMPLATE}
            busy={register.isPending}
            onSubmit={(manifest) =>
              register.mutate(manifest, {
                onSuccess: () => {
                  setAdding(false);
                  Toast.show({ icon: 'success', content: t('superappRegistry.submitted') });
                },
                onError: (err) => void Toast.show({ icon: 'fail', content: errorMessage(t, err) }),
              })
            }
          />
        ) : (
          <Button block color="primary" onClick={() => setAdding(true)} data-testid="register-app">
            {t('superappRegistry.register')}
          </Button>
        )}
      </section>
    </>
  );
}

function ChooseEnterprise() {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const enterprises = useQuery(enterprisesQuery());
  if (enterprises.data?.length === 0) return <p className="yw-muted yw-inset">{t('superappRegistry.noEnterprise')}</p>;
  return (
    <div className="yw-stack yw-inset">
      <p>{t('superappRegistry.chooseEnterprise')}</p>
      {(enterprises.data ?? []).map((e) => (
        <Button
          key={e.enterpriseId}
          block
          color="primary"
          onClick={() =>
            void actAsCall(e.enterpriseId).then(setMe, (err: unknown) =>
              Toast.show({ icon: 'fail', content: errorMessage(t, err) }),
            )
          }
          data-testid="apps-act-as"
        >
          {t('superappRegistry.actAs', { name: e.name })}
        </Button>
      ))}
    </div>
  );
}

function Body() {
  const { me } = useAuth();
  if (!me) return null;
  return me.actingAs ? <MyApps acting={me.actingAs} /> : <ChooseEnterprise />;
}

export default function MyAppsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('superappRegistry.mine')} testId="my-apps" backTo="/me">
      <RequireSignIn>
        <Body />
      </RequireSignIn>
    </SubPage>
  );
}

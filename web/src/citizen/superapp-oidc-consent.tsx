/**
 * Signing in to a mini-app (单点登录): the provider sends the browser to `/sso/:uid`; the person,
 * signed in to the citizen app (else sent to /login and back), sees the app and each scope with
 * the purpose the app declared, and agrees (the consent is recorded; the provider goes on to the
 * app) or declines (the app is told access_denied). `/sso/apps/:slug/consent?scope=…` is the same
 * page for the bridge, without a sign-in in progress: agreeing records the consent and goes back.
 */
import { useEffect } from 'react';
import { Button, Card, List, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { call, client } from '../shared/client';
import type { paths } from '../shared/contract';
import { addText, errorMessage } from '../shared/i18n';
import { RequireSignIn } from './case-parts';
import { LoadError, SubPage } from './components';
import { superappOidcText } from './text-superapp-oidc';
import './superapp-oidc.css';

addText('superappOidc', superappOidcText);

type InteractionView =
  paths['/api/superapp/oidc/interactions/{uid}']['get']['responses'][200]['content']['application/json'];
type Scope = InteractionView['scopes'][number];
type AppSummary = InteractionView['app'];
const lt = (t: { zh: string; en: string }, lng: string) => (lng === 'en' ? t.en : t.zh);

function ConsentCard(props: {
  app: AppSummary;
  scopes: Scope[];
  consented: boolean;
  accountFits: boolean;
  busy: boolean;
  agreeText: string;
  onAgree: () => void;
  onDecline?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { app } = props;
  const names = { app: lt(app.name, lng), owner: app.ownerName };
  return (
    <div className="yw-page" data-testid="sso-consent">
      <Card className="yw-card">
        <div className="yw-sso-app">
          <img src={app.icon} alt="" width={48} height={48} />
          <strong data-testid="sso-app-name">{names.app}</strong>
        </div>
        <p>{app.audience === 'staff' ? t('superappOidc.staffIntro', names) : t('superappOidc.intro', names)}</p>
      </Card>
      {!props.accountFits ? (
        <p className="yw-card" role="alert" data-testid="sso-wrong-kind">
          {t('superappOidc.wrongKind', { kind: t(`superappOidc.${app.audience}`) })}
        </p>
      ) : (
        <>
          <List mode="card" data-testid="sso-scopes">
            {props.scopes.map((s) => (
              <List.Item
                key={s.scope}
                data-testid="sso-scope"
                data-scope={s.scope}
                description={t('superappOidc.purpose', { purpose: lt(s.purpose, lng) })}
              >
                {lt(s.label, lng)}
              </List.Item>
            ))}
          </List>
          {props.consented && (
            <p className="yw-muted">
              <Tag color="success" fill="outline">
                {t('superappOidc.done')}
              </Tag>{' '}
              {t('superappOidc.already')}
            </p>
          )}
          <p className="yw-muted">{t('superappOidc.note')}</p>
          <p>
            <a href={app.privacyPolicyUrl} target="_blank" rel="noopener noreferrer">
              {t('superappOidc.privacy')}
            </a>
          </p>
          <Button
            block
            color="primary"
            size="large"
            loading={props.busy}
            onClick={props.onAgree}
            data-testid="sso-agree"
          >
            {props.agreeText}
          </Button>
        </>
      )}
      {props.onDecline && (
        <Button
          block
          size="large"
          className="yw-mt"
          disabled={props.busy}
          onClick={props.onDecline}
          data-testid="sso-decline"
        >
          {t('superappOidc.decline')}
        </Button>
      )}
    </div>
  );
}

function Interaction({ uid }: { uid: string }) {
  const { t } = useTranslation();
  const details = useQuery({
    queryKey: ['superapp', 'interaction', uid],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/superapp/oidc/interactions/{uid}', { params: { path: { uid } }, signal })),
    retry: false,
  });
  const decide = useMutation({
    mutationFn: (decision: 'allow' | 'deny') =>
      call(() =>
        client.POST('/api/superapp/oidc/interactions/{uid}', { params: { path: { uid } }, body: { decision } }),
      ),
    onSuccess: (r) => window.location.assign(r.redirectTo),
    onError: (err) => Toast.show({ icon: 'fail', content: errorMessage(t, err) }),
  });
  // Single sign-on: signed in and already consented (and the app did not ask to be asked): go on at once.
  const autoContinue = details.data?.continueWithoutAsking === true;
  const { mutate, isIdle } = decide;
  useEffect(() => {
    if (autoContinue && isIdle) mutate('allow');
  }, [autoContinue, isIdle, mutate]);
  if (details.error)
    return (
      <div className="yw-card" data-testid="sso-error">
        <LoadError message={errorMessage(t, details.error)} onRetry={() => void details.refetch()} />
      </div>
    );
  if (!details.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  const d = details.data;
  return (
    <ConsentCard
      app={d.app}
      scopes={d.scopes}
      consented={d.consented}
      accountFits={d.accountFits}
      busy={decide.isPending}
      agreeText={t('superappOidc.agree')}
      onAgree={() => decide.mutate('allow')}
      onDecline={() => decide.mutate('deny')}
    />
  );
}

export function SsoPage() {
  const { t } = useTranslation();
  const { uid = '' } = useParams();
  return (
    <SubPage title={t('superappOidc.title')} testId="sso-page" backTo="/">
      <RequireSignIn>
        <Interaction uid={uid} />
      </RequireSignIn>
    </SubPage>
  );
}

function AppConsent({ slug, scope }: { slug: string; scope: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const request = useQuery({
    queryKey: ['superapp', 'consent-request', slug, scope],
    queryFn: ({ signal }) =>
      call(() =>
        client.GET('/api/superapp/apps/{slug}/consent-request', {
          params: { path: { slug }, query: { scope } },
          signal,
        }),
      ),
    retry: false,
  });
  const give = useMutation({
    mutationFn: (scopes: Scope['scope'][]) =>
      call(() => client.PUT('/api/superapp/me/apps/{slug}/consent', { params: { path: { slug } }, body: { scopes } })),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('superappOidc.done') });
      void navigate(-1);
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorMessage(t, err) }),
  });
  if (request.error)
    return (
      <div className="yw-card" data-testid="sso-error">
        <LoadError message={errorMessage(t, request.error)} onRetry={() => void request.refetch()} />
      </div>
    );
  if (!request.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  const d = request.data;
  return (
    <ConsentCard
      app={d.app}
      scopes={d.scopes}
      consented={d.consented}
      accountFits
      busy={give.isPending}
      agreeText={t('superappOidc.agreeOnly')}
      onAgree={() => give.mutate(d.scopes.map((s) => s.scope))}
      onDecline={() => void navigate(-1)}
    />
  );
}

export function AppConsentPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  return (
    <SubPage title={t('superappOidc.consentTitle')} testId="app-consent-page" backTo="/">
      <RequireSignIn>
        <AppConsent slug={slug} scope={params.get('scope') ?? 'openid'} />
      </RequireSignIn>
    </SubPage>
  );
}

export default SsoPage;

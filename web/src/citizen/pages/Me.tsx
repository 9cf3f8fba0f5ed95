import { useState } from 'react';
import { Badge, Button, Dialog, List, Skeleton, Switch, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  actAs as actAsCall,
  endSession as endSessionCall,
  enterprisesQuery,
  sessionsQuery,
} from '../../shared/api/identity';
import { describeUserAgent, formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import type { AssuranceLevel, EnterpriseLink, Session } from '../../shared/contract';
import { useAuth } from '../../shared/auth';
import { useUnreadCount } from '../case-parts';
import { useElder } from '../elder';
import { credentialsText } from '../../shared/text-credentials';

addText('credentials', credentialsText);

const ASSURANCE_COLOR: Record<AssuranceLevel, string> = {
  registered: 'default',
  id_verified: 'primary',
  in_person: 'success',
};

export default function MePage() {
  const { t, i18n } = useTranslation();
  const { me, setMe, signOut } = useAuth();
  const elder = useElder();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<string | null>(null);
  const unread = useUnreadCount();
  const sessionsList = useQuery({ ...sessionsQuery(), enabled: !!me });
  const enterprisesList = useQuery({ ...enterprisesQuery(), enabled: !!me });
  const ending = useMutation(endSessionCall);
  const sessions: Session[] | null = sessionsList.isPending ? null : (sessionsList.data ?? []);
  const enterprises: EnterpriseLink[] | null = enterprisesList.isPending ? null : (enterprisesList.data ?? []);

  if (me === undefined) {
    return (
      <div className="yw-page">
        <Skeleton.Title animated />
        <Skeleton.Paragraph lineCount={5} animated />
      </div>
    );
  }

  if (me === null) {
    return (
      <div className="yw-page" data-testid="me-page">
        <div className="yw-card yw-center">
          <p className="yw-muted">{t('citizen.me.notSignedIn')}</p>
          <Button
            color="primary"
            block
            size="large"
            onClick={() => void navigate('/login', { state: { from: '/me' } })}
            data-testid="me-signin"
          >
            {t('common.signIn')}
          </Button>
          <Button block size="large" className="yw-mt" onClick={() => void navigate('/register')}>
            {t('common.register')}
          </Button>
        </div>
        <List mode="card">
          <List.Item onClick={() => void navigate('/settings')} data-testid="to-settings">
            {t('common.settings')}
          </List.Item>
        </List>
      </div>
    );
  }

  const actAs = async (ent: EnterpriseLink | null) => {
    setBusy(ent?.enterpriseId ?? 'self');
    try {
      const updated = await actAsCall(ent?.enterpriseId ?? null);
      setMe(updated);
      Toast.show({
        icon: 'success',
        content: ent ? t('citizen.me.switchedToEnterprise', { name: ent.name }) : t('citizen.me.switchedToSelf'),
      });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    } finally {
      setBusy(null);
    }
  };

  const endSession = async (s: Session) => {
    const ok = await Dialog.confirm({
      content: t('citizen.me.endSessionConfirm'),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await ending.mutateAsync(s.id);
      Toast.show({ icon: 'success', content: t('citizen.me.sessionEnded') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  const onSignOut = async () => {
    const ok = await Dialog.confirm({
      content: t('common.signOutConfirm'),
      confirmText: t('common.signOut'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await signOut();
    } catch {
      /* the session is gone either way */
    }
    Toast.show({ content: t('common.signedOut') });
    void navigate('/', { replace: true });
  };

  return (
    <div className="yw-page" data-testid="me-page">
      <section className="yw-profile">
        <div className="yw-avatar" aria-hidden="true">
          {me.displayName.slice(0, 1)}
        </div>
        <div>
          <div className="yw-profile-name" data-testid="me-name">
            {me.displayName}
          </div>
          <Tag
            color={ASSURANCE_COLOR[me.assuranceLevel]}
            fill="solid"
            data-testid="assurance-level"
            data-level={me.assuranceLevel}
          >
            {t(`assurance.${me.assuranceLevel}`)}
          </Tag>
        </div>
      </section>

      {me.actingAs && (
        <div className="yw-acting" data-testid="acting-as" role="status">
          {t('citizen.me.actingAs', { name: me.actingAs.name })}
        </div>
      )}

      <List mode="card" data-testid="me-cases">
        <List.Item onClick={() => void navigate('/cases')} data-testid="to-cases">
          {t('cases.me.cases')}
        </List.Item>
        <List.Item
          onClick={() => void navigate('/messages')}
          extra={unread > 0 ? <Badge content={unread > 99 ? '99+' : unread} data-testid="me-unread" /> : undefined}
          data-testid="to-messages"
        >
          {t('cases.me.messages')}
        </List.Item>
        <List.Item onClick={() => void navigate('/me/reports')} data-testid="to-reports">
          {t('reports.mine')}
        </List.Item>
        <List.Item onClick={() => void navigate('/wallet')} data-testid="to-wallet">
          {t('credentials.wallet')}
        </List.Item>
        <List.Item onClick={() => void navigate('/apps')} data-testid="to-app-centre">
          {t('superappEntry.centre')}
        </List.Item>
        <List.Item onClick={() => void navigate('/halls')} data-testid="to-halls">
          {t('citizen.me.halls')}
        </List.Item>
        <List.Item onClick={() => void navigate('/me/notifications')} data-testid="to-notify-settings">
          {t('cases.me.notify')}
        </List.Item>
      </List>

      <List mode="card" data-testid="me-data">
        <List.Item onClick={() => void navigate('/me/data-access')} data-testid="to-data-access">
          {t('citizen.me.dataAccess')}
        </List.Item>
        <List.Item onClick={() => void navigate('/me/consents')} data-testid="to-consents">
          {t('citizen.me.consents')}
        </List.Item>
        <List.Item onClick={() => void navigate('/me/apps')} data-testid="to-my-apps">
          {t('citizen.me.myApps')}
        </List.Item>
        <List.Item onClick={() => void navigate('/me/data')} data-testid="to-my-data">
          {t('citizen.me.myData')}
        </List.Item>
        <List.Item onClick={() => void navigate('/me/corrections')} data-testid="to-corrections">
          {t('citizen.me.corrections')}
        </List.Item>
        {enterprises && enterprises.length > 0 && (
          <List.Item onClick={() => void navigate('/me/inspections')} data-testid="to-inspections">
            {t('citizen.me.inspections')}
          </List.Item>
        )}
        {enterprises && enterprises.length > 0 && (
          <List.Item onClick={() => void navigate('/enterprise/apps')} data-testid="to-enterprise-apps">
            {t('superappEntry.mine')}
          </List.Item>
        )}
      </List>

      <List mode="card">
        <List.Item extra={<span data-testid="me-id-number">{me.idNumberMasked ?? t('common.none')}</span>}>
          {t('citizen.me.idNumber')}
        </List.Item>
        <List.Item extra={<span data-testid="me-phone">{me.phoneMasked ?? t('common.none')}</span>}>
          {t('citizen.me.phone')}
        </List.Item>
        {!elder && me.username && <List.Item extra={me.username}>{t('citizen.me.username')}</List.Item>}
        {!elder && <List.Item extra={t(`assurance.${me.assuranceLevel}`)}>{t('citizen.me.assurance')}</List.Item>}
      </List>

      {(!elder || (enterprises && enterprises.length > 0)) && (
        <List mode="card" header={t('citizen.me.enterprises')} data-testid="enterprises">
          {enterprises === null ? (
            <List.Item>
              <Skeleton.Paragraph lineCount={1} animated />
            </List.Item>
          ) : enterprises.length === 0 ? (
            <List.Item className="yw-muted">{t('citizen.me.noEnterprises')}</List.Item>
          ) : (
            enterprises.map((e) => {
              const active = me.actingAs?.enterpriseId === e.enterpriseId;
              return (
                <List.Item
                  key={e.enterpriseId}
                  description={`${t(`relation.${e.relation}`)} · ${e.uscc}`}
                  extra={
                    <Switch
                      checked={active}
                      loading={busy === e.enterpriseId || (active && busy === 'self')}
                      onChange={(on) => void actAs(on ? e : null)}
                      aria-label={t('citizen.me.actAs')}
                      data-testid={`act-as-${e.enterpriseId}`}
                    />
                  }
                >
                  {e.name}
                </List.Item>
              );
            })
          )}
        </List>
      )}

      {!elder && (
        <List mode="card" header={t('citizen.me.sessions')} data-testid="sessions">
          {sessions === null ? (
            <List.Item>
              <Skeleton.Paragraph lineCount={1} animated />
            </List.Item>
          ) : (
            sessions.map((s) => (
              <List.Item
                key={s.id}
                data-testid="session-item"
                description={[t('citizen.me.lastSeen', { time: formatDateTime(s.lastSeenAt, i18n.language) }), s.ip]
                  .filter(Boolean)
                  .join(' · ')}
                extra={
                  s.current ? (
                    <Tag color="primary" fill="outline">
                      {t('citizen.me.currentSession')}
                    </Tag>
                  ) : (
                    <Button
                      size="small"
                      color="danger"
                      fill="outline"
                      onClick={() => void endSession(s)}
                      data-testid="end-session"
                    >
                      {t('citizen.me.endSession')}
                    </Button>
                  )
                }
              >
                {describeUserAgent(s.userAgent) ?? t('citizen.me.unknownDevice')}
              </List.Item>
            ))
          )}
        </List>
      )}

      <List mode="card">
        <List.Item onClick={() => void navigate('/me/password')} data-testid="to-change-password">
          {t('common.changePassword')}
        </List.Item>
        <List.Item onClick={() => void navigate('/settings')} data-testid="to-settings">
          {t('common.settings')}
        </List.Item>
      </List>

      <div className="yw-page-actions">
        <Button
          block
          size="large"
          color="danger"
          fill="outline"
          onClick={() => void onSignOut()}
          data-testid="sign-out"
        >
          {t('common.signOut')}
        </Button>
      </div>
    </div>
  );
}

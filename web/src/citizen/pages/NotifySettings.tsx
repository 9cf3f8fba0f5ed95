/**
 * Notification settings (/me/notifications): in-app messages always; email as well when
 * the applicant gives an address and turns it on.
 */
import { useState } from 'react';
import { Button, Input, List, Switch, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { saveSettings, settingsQuery } from '../../shared/api/notify';
import type { NotificationSettings } from '../../shared/contract';
import { errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { FormError, LoadError, SubPage } from '../components';
import '../pages-text';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export default function NotifySettingsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('cases.notify.title')} testId="notify-settings-page">
      <RequireSignIn>
        <Loader />
      </RequireSignIn>
    </SubPage>
  );
}

function Loader() {
  const { t } = useTranslation();
  const query = useQuery(settingsQuery());
  if (query.error) {
    return (
      <div className="yw-card">
        <LoadError
          message={`${t('cases.notify.loadFailed')}${t('common.colon')}${errorMessage(t, query.error)}`}
          onRetry={() => void query.refetch()}
        />
      </div>
    );
  }
  if (!query.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  return <Settings initial={query.data} />;
}

function Settings({ initial }: { initial: NotificationSettings }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(initial);
  const [enabled, setEnabled] = useState(initial.emailEnabled);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const saving = useMutation(saveSettings);

  // The server answers the saved address masked; the masked form is never sent back. A typed
  // address replaces the saved one; without one the saved address is kept (left out).
  const save = async () => {
    const typed = email.trim();
    setError(null);
    if (typed && !EMAIL_RE.test(typed)) {
      setError(t('cases.notify.invalid'));
      return;
    }
    if (!typed && enabled === saved.emailEnabled) {
      Toast.show({ icon: 'success', content: t('cases.notify.saved') });
      return;
    }
    if (enabled && !typed && !saved.email) {
      setError(t('cases.notify.needed'));
      return;
    }
    setBusy(true);
    try {
      const next = await saving.mutateAsync(
        typed ? { email: typed, emailEnabled: enabled } : { emailEnabled: enabled },
      );
      setSaved(next);
      setEnabled(next.emailEnabled);
      setEmail('');
      Toast.show({ icon: 'success', content: t('cases.notify.saved') });
    } catch (err) {
      setError(
        err instanceof ApiError && err.details.some((d) => d.code === 'INVALID_EMAIL')
          ? t('cases.notify.invalid')
          : errorMessage(t, err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <List mode="card">
        <List.Item
          description={t('cases.notify.inAppDesc')}
          extra={<Switch checked disabled aria-label={t('cases.notify.inApp')} />}
        >
          {t('cases.notify.inApp')}
        </List.Item>
        <List.Item
          description={t('cases.notify.emailDesc')}
          extra={
            <Switch
              checked={enabled}
              onChange={setEnabled}
              aria-label={t('cases.notify.email')}
              data-testid="notify-email-enabled"
            />
          }
        >
          {t('cases.notify.email')}
        </List.Item>
        <List.Item
          description={
            <>
              {saved.email && (
                <div data-testid="notify-current">{t('cases.notify.current', { email: saved.email })}</div>
              )}
              {saved.email && (
                <div>{saved.emailEnabled && !enabled ? t('cases.notify.forget') : t('cases.notify.retypeHint')}</div>
              )}
            </>
          }
        >
          <label className="yw-field-label">
            {t('cases.notify.address')}
            <Input
              type="email"
              inputMode="email"
              autoComplete="email"
              value={email}
              onChange={setEmail}
              placeholder={t('cases.notify.placeholder')}
              clearable
              data-testid="notify-email"
            />
          </label>
        </List.Item>
      </List>
      <FormError message={error} />
      <div className="yw-page-actions">
        <Button block color="primary" size="large" loading={busy} onClick={() => void save()} data-testid="notify-save">
          {t('common.save')}
        </Button>
      </div>
    </>
  );
}

/**
 * 我的授权 (/me/consents): the consents I gave (the enterprise's when acting for one), each
 * with its service, purpose and data; withdrawing one refuses the reads that needed it.
 */
import { Button, Dialog, List, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { consentsQuery, withdrawConsent } from '../../shared/api/exchange';
import { useAuth } from '../../shared/auth';
import type { Consent } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import { useFieldLabel } from '../tracker-parts';
import '../rights-text';
import '../rights.css';

export default function ConsentsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('rights.consents.title')} testId="consents-page" backTo="/me">
      <RequireSignIn>
        <Consents />
      </RequireSignIn>
    </SubPage>
  );
}

function Consents() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const list = useQuery(consentsQuery());
  const withdrawing = useMutation(withdrawConsent);
  const fieldLabel = useFieldLabel(lng);

  const withdraw = async (c: Consent) => {
    const ok = await Dialog.confirm({
      content: t('rights.consents.withdrawConfirm'),
      confirmText: t('rights.consents.withdraw'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await withdrawing.mutateAsync(c.id);
      Toast.show({ icon: 'success', content: t('rights.consents.done') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  if (list.error)
    return (
      <div className="yw-card">
        <LoadError message={errorMessage(t, list.error)} onRetry={() => void list.refetch()} />
      </div>
    );
  if (!list.data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  return (
    <div className="yw-page">
      <p className="yw-muted">
        {me?.actingAs ? t('rights.consents.enterpriseIntro', { name: me.actingAs.name }) : t('rights.consents.intro')}
      </p>
      {list.data.length === 0 ? (
        <p className="yw-muted yw-center yw-mt" data-testid="consents-empty">
          {t('rights.consents.empty')}
        </p>
      ) : (
        <List mode="card" data-testid="consents-list">
          {list.data.map((c) => (
            <List.Item
              key={c.id}
              data-testid="consent-item"
              data-state={c.withdrawnAt ? 'withdrawn' : 'active'}
              description={
                <>
                  <div>
                    {t('rights.consents.fields')}
                    {t('common.colon')}
                    {c.fields.map(fieldLabel).join('、')}
                  </div>
                  <div>
                    {t('rights.consents.givenAt')}
                    {t('common.colon')}
                    {formatDateTime(c.givenAt, lng)} · {t('rights.consents.version', { version: c.version })}
                  </div>
                  {c.withdrawnAt && (
                    <div>
                      {t('rights.consents.withdrawnAt')}
                      {t('common.colon')}
                      {formatDateTime(c.withdrawnAt, lng)}
                    </div>
                  )}
                </>
              }
              extra={
                c.withdrawnAt ? (
                  <Tag fill="outline">{t('rights.consents.withdrawn')}</Tag>
                ) : (
                  <Button
                    size="small"
                    color="danger"
                    fill="outline"
                    loading={withdrawing.isPending && withdrawing.variables === c.id}
                    onClick={() => void withdraw(c)}
                    data-testid="consent-withdraw"
                  >
                    {t('rights.consents.withdraw')}
                  </Button>
                )
              }
            >
              {c.purpose}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

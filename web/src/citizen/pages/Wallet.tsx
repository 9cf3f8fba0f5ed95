/**
 * 卡包 (/wallet): the electronic certificates of the signed-in person, or of the enterprise
 * they act for; each opens its page (/wallet/:id) with the QR code to present at a window,
 * the rendering (HTML, PDF) and time-limited share links.
 */
import { List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { myCertificatesQuery, type Certificate } from '../../shared/api/credentials';
import { useAuth } from '../../shared/auth';
import { addText, errorMessage } from '../../shared/i18n';
import { credentialsText } from '../../shared/text-credentials';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';

addText('credentials', credentialsText);

export const statusColor = (s: Certificate['status']) =>
  s === 'active' ? 'success' : s === 'suspended' ? 'warning' : 'danger';

export default function WalletPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('credentials.wallet')} testId="wallet-page">
      <RequireSignIn>
        <Wallet />
      </RequireSignIn>
    </SubPage>
  );
}

function Wallet() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const query = useQuery(myCertificatesQuery());
  const lng = i18n.language;
  return (
    <>
      <p className="yw-muted">
        {me?.actingAs ? t('credentials.walletEnterprise', { name: me.actingAs.name }) : t('credentials.walletIntro')}
      </p>
      {query.error && <LoadError message={errorMessage(t, query.error)} onRetry={() => void query.refetch()} />}
      {query.data && query.data.length === 0 && (
        <p className="yw-muted" data-testid="wallet-empty">
          {t('credentials.empty')}
        </p>
      )}
      <List>
        {(query.data ?? []).map((c) => (
          <List.Item
            key={c.id}
            data-testid="wallet-item"
            data-status={c.status}
            data-number={c.number}
            onClick={() => void navigate(`/wallet/${c.id}`)}
            description={`${t('credentials.number')} ${c.number}`}
            extra={<Tag color={statusColor(c.status)}>{t(`credentials.status.${c.status}`)}</Tag>}
          >
            {lng.startsWith('zh') ? c.name.zh : c.name.en}
          </List.Item>
        ))}
      </List>
    </>
  );
}

/**
 * One certificate in the card wallet (/wallet/:id): its facts and status, the QR code to
 * present at a window, the HTML and PDF renderings, and share links (time-limited, revocable;
 * each visit is recorded in the holder's data-use record).
 */
import { useState } from 'react';
import { Button, Selector, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  certificateHtmlUrl,
  certificatePdfUrl,
  certificateQuery,
  shareCertificate,
  sharesQuery,
  unshare,
  type ShareCreated,
} from '../../shared/api/credentials';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { credentialsText } from '../../shared/text-credentials';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import { statusColor } from './Wallet';

addText('credentials', credentialsText);

const MINUTES = { m30: 30, h24: 24 * 60, d7: 7 * 24 * 60 } as const;
type Span = keyof typeof MINUTES;

export default function WalletCertificatePage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('credentials.wallet')} testId="certificate-page" backTo="/wallet">
      <RequireSignIn>
        <CertificateView />
      </RequireSignIn>
    </SubPage>
  );
}

function CertificateView() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery(certificateQuery(id));
  const shares = useQuery(sharesQuery(id));
  const share = useMutation(shareCertificate);
  const withdraw = useMutation(unshare);
  const [span, setSpan] = useState<Span>('m30');
  const [made, setMade] = useState<ShareCreated | null>(null);
  if (query.error) return <LoadError message={errorMessage(t, query.error)} onRetry={() => void query.refetch()} />;
  const c = query.data;
  if (!c) return null;
  const zh = i18n.language.startsWith('zh');

  const onShare = async () => {
    try {
      setMade(await share.mutateAsync({ id, minutes: MINUTES[span] }));
      void shares.refetch();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };
  const onWithdraw = async (shareId: string) => {
    try {
      await withdraw.mutateAsync(shareId);
      Toast.show({ content: t('credentials.shareWithdrawn') });
      if (made?.id === shareId) setMade(null);
      void shares.refetch();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  return (
    <>
      <section className="yw-card" data-testid="certificate" data-status={c.status}>
        <div className="yw-case-hero-top">
          <h2 className="yw-card-title">{zh ? c.name.zh : c.name.en}</h2>
          <Tag color={statusColor(c.status)}>{t(`credentials.status.${c.status}`)}</Tag>
        </div>
        <dl className="yw-kvs">
          <dt>{t('credentials.number')}</dt>
          <dd data-testid="certificate-number">{c.number}</dd>
          <dt>{t('credentials.holder')}</dt>
          <dd>{c.holder}</dd>
          <dt>{t('credentials.issuedAt')}</dt>
          <dd>{formatDateTime(c.issuedAt, i18n.language)}</dd>
          <dt>{t('credentials.validUntil')}</dt>
          <dd>{c.validUntil ? formatDateTime(c.validUntil, i18n.language) : t('credentials.longTerm')}</dd>
          <dt>{t('credentials.caseNumber')}</dt>
          <dd>{c.caseNumber}</dd>
        </dl>
        <figure className="yw-qr">
          <img src={c.qr} alt={t('credentials.present')} width={200} height={200} data-testid="certificate-qr" />
          <figcaption className="yw-muted">{t('credentials.present')}</figcaption>
        </figure>
        <p>
          <a href={certificateHtmlUrl(id)} target="_blank" rel="noreferrer">
            {t('credentials.html')}
          </a>
          {' · '}
          <a href={certificatePdfUrl(id)} target="_blank" rel="noreferrer">
            {t('credentials.pdf')}
          </a>
          {' · '}
          <Link to={`/transparency?certificate=${encodeURIComponent(c.id)}`} data-testid="certificate-in-log">
            {t('credentials.inLog')}
          </Link>
        </p>
      </section>

      <section className="yw-card" aria-label={t('credentials.share')}>
        <h2 className="yw-card-title">{t('credentials.share')}</h2>
        <p className="yw-muted">{t('credentials.shareVisitsHint')}</p>
        <Selector
          options={(Object.keys(MINUTES) as Span[]).map((k) => ({
            label: t(`credentials.shareOptions.${k}`),
            value: k,
          }))}
          value={[span]}
          onChange={(v) => v[0] && setSpan(v[0])}
        />
        <Button
          block
          color="primary"
          className="yw-mt"
          loading={share.isPending}
          onClick={() => void onShare()}
          data-testid="share-create"
        >
          {t('credentials.shareCreate')}
        </Button>
        {made && (
          <div className="yw-mt" data-testid="share-made">
            <p>{t('credentials.shareLink')}</p>
            <img src={made.qr} alt={t('credentials.shareLink')} width={180} height={180} />
            <p>
              <a href={made.path} data-testid="share-link">
                {made.url}
              </a>
            </p>
            <Button
              size="small"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(made.url)
                  .then(() => Toast.show({ content: t('credentials.shareCopied') }))
              }
            >
              {t('credentials.shareCopy')}
            </Button>
          </div>
        )}
        {(shares.data ?? []).length > 0 && (
          <>
            <h3>{t('credentials.shares')}</h3>
            <ul className="yw-plain-list" data-testid="share-list">
              {(shares.data ?? []).map((s) => (
                <li key={s.id}>
                  {formatDateTime(s.createdAt, i18n.language)} → {formatDateTime(s.expiresAt, i18n.language)}{' '}
                  <Tag color={s.active ? 'success' : 'default'}>
                    {s.active ? t('credentials.shareActive') : t('credentials.shareEnded')}
                  </Tag>{' '}
                  {s.active && (
                    <Button size="mini" onClick={() => void onWithdraw(s.id)}>
                      {t('credentials.shareWithdraw')}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

/**
 * The home page's "my cases" card for a signed-in person: unread messages, the cases in
 * progress (the first few) and applications left as drafts.
 */
import { Badge } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { casesQuery, draftsQuery } from '../shared/api/applications';
import { errorMessage } from '../shared/i18n';
import { CaseRow, useUnreadCount } from './case-parts';
import { LoadError } from './components';
import { useElder } from './elder';

export function MyCasesCard() {
  const { t } = useTranslation();
  const elder = useElder();
  const unread = useUnreadCount();
  const shown = elder ? 2 : 3;
  // Acting for an enterprise, its cases; as oneself, one's own: the auth provider forgets the
  // personal queries when who the app speaks for changes.
  const cases = useQuery(casesQuery({ status: 'open', pageSize: shown }));
  const drafts = useQuery(draftsQuery());
  const draftCount = drafts.data?.items.length ?? 0;

  return (
    <section className="yw-card" aria-labelledby="my-cases-title" data-testid="my-cases">
      <h2 id="my-cases-title" className="yw-card-title">
        {t('cases.home.title')}
        <Link to="/cases" className="yw-card-more" data-testid="my-cases-all">
          {t('cases.home.all')} ›
        </Link>
      </h2>
      <Link to="/messages" className="yw-home-messages" data-testid="home-messages">
        <span>{t('cases.home.messages')}</span>
        {unread > 0 ? (
          <span className="yw-home-messages-count" data-testid="home-unread">
            <Badge content={Badge.dot} /> {t('cases.home.unread', { count: unread })} ›
          </span>
        ) : (
          <span className="yw-muted">{t('cases.home.noUnread')}</span>
        )}
      </Link>
      {cases.error ? (
        <LoadError
          message={`${t('cases.list.loadFailed')}${t('common.colon')}${errorMessage(t, cases.error)}`}
          onRetry={() => void cases.refetch()}
        />
      ) : !cases.data ? (
        <p className="yw-muted">{t('common.loading')}</p>
      ) : cases.data.items.length === 0 ? (
        <p className="yw-muted" data-testid="my-cases-empty">
          {t('cases.home.empty')}
        </p>
      ) : (
        <ul className="yw-results yw-results-plain">
          {cases.data.items.map((c) => (
            <li key={c.id}>
              <CaseRow c={c} />
            </li>
          ))}
        </ul>
      )}
      {draftCount > 0 && (
        <Link to="/cases" className="yw-home-drafts" data-testid="home-drafts">
          {t('cases.home.drafts', { count: draftCount, s: draftCount === 1 ? '' : 's' })} ›
        </Link>
      )}
    </section>
  );
}

import { Switch } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { AppCentreLink } from '../superapp-registry-entry';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { bundlesQuery, getItems, itemsQuery } from '../../shared/api/catalog';
import { useAuth } from '../../shared/auth';
import { formatPromised, formatVisits, labelOf, lt } from '../../shared/catalog';
import { errorMessage } from '../../shared/i18n';
import { LoadError } from '../components';
import { setElder, useElder } from '../elder';
import { SearchIcon } from '../icons';
import { MyCasesCard } from '../my-cases-card';

/** Themes that have services, the most served first: from every current item (the server caps a page at 100). */
const themesQuery = {
  queryKey: ['catalog', 'home-themes'],
  queryFn: async ({ signal }: { signal: AbortSignal }) => {
    const all = await getItems({ page: 1, pageSize: 100 }, signal);
    const counts = new Map<string, number>();
    for (const it of all.items) for (const th of it.themes) counts.set(th, (counts.get(th) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([theme]) => theme);
  },
};

/** The popular services as the home page asks for them before anyone is known to be signed in. */
const popularQuery = (targetUser?: 'person' | 'enterprise') => itemsQuery({ page: 1, pageSize: 8, targetUser });

/**
 * Start the home page's data before the first render (index.html preloads the first two while
 * the scripts download, so these usually answer from the preload). Resolves when they have.
 */
export function prefetchHome(client: QueryClient): Promise<unknown> {
  return Promise.all([client.prefetchQuery(popularQuery()), client.prefetchQuery(bundlesQuery())]);
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { me } = useAuth();
  const elder = useElder();
  const navigate = useNavigate();
  // The most used services, for whom one applies: an enterprise's when acting for one, a person's as oneself.
  const applicant = me ? (me.actingAs ? 'enterprise' : 'person') : undefined;
  const popular = useQuery(popularQuery(applicant));
  const bundles = useQuery(bundlesQuery());
  const themes = useQuery(themesQuery);

  const popularItems = (popular.data?.items ?? []).slice(0, elder ? 4 : 8);
  const themeList = (themes.data ?? []).slice(0, elder ? 6 : 12);

  return (
    <div className="yw-home" data-testid="home-page">
      <header className="yw-home-header">
        <div className="yw-home-top">
          <div>
            <h1 className="yw-greeting" data-testid="greeting">
              {me ? t('citizen.home.greeting', { name: me.displayName }) : t('citizen.home.greetingGuest')}
            </h1>
            {!elder && <p className="yw-tagline">{t('citizen.home.tagline')}</p>}
          </div>
          <label className="yw-elder-toggle">
            <span>{t('citizen.home.elderSwitch')}</span>
            <Switch
              checked={elder}
              onChange={setElder}
              data-testid="home-elder-switch"
              aria-label={t('citizen.home.elderSwitch')}
            />
          </label>
        </div>
        <button
          type="button"
          onClick={() => void navigate('/services')}
          className="yw-search"
          data-testid="home-search"
        >
          <SearchIcon />
          <span>{t('citizen.home.searchPlaceholder')}</span>
        </button>
      </header>

      {me?.actingAs && (
        <Link to="/me" className="yw-acting yw-acting-banner" data-testid="home-acting-as" role="status">
          {t('citizen.me.actingAs', { name: me.actingAs.name })} ›
        </Link>
      )}
      {me && <MyCasesCard />}
      <AppCentreLink />
      <Link to="/report" className="yw-card yw-lookup-link" data-testid="home-report">
        <span className="yw-lookup-link-title">{t('reports.title')}</span>
        <span className="yw-muted">{t('reports.homeHint')} ›</span>
      </Link>
      <Link to="/lookup" className="yw-card yw-lookup-link" data-testid="home-lookup">
        <span className="yw-lookup-link-title">{t('cases.home.lookup')}</span>
        <span className="yw-muted">{t('cases.home.lookupHint')} ›</span>
      </Link>
      <Link to="/ratings/figures" className="yw-card yw-lookup-link" data-testid="home-ratings">
        <span className="yw-lookup-link-title">{t('cases.home.ratings')}</span>
        <span className="yw-muted">{t('cases.home.ratingsHint')} ›</span>
      </Link>
      <Link to="/credit" className="yw-card yw-lookup-link" data-testid="home-credit">
        <span className="yw-lookup-link-title">{t('cases.home.credit')}</span>
        <span className="yw-muted">{t('cases.home.creditHint')} ›</span>
      </Link>

      <section className="yw-card" aria-labelledby="popular-title" data-testid="popular-services">
        <h2 id="popular-title" className="yw-card-title">
          {t('citizen.home.popularTitle')}
          <Link to="/services" className="yw-card-more" data-testid="popular-more">
            {t('citizen.home.more')} ›
          </Link>
        </h2>
        {popular.error ? (
          <LoadError
            message={`${t('citizen.home.loadFailed')}${t('common.colon')}${errorMessage(t, popular.error)}`}
            onRetry={() => void popular.refetch()}
          />
        ) : popular.isPending ? (
          <p className="yw-muted">{t('common.loading')}</p>
        ) : popularItems.length === 0 ? (
          <p className="yw-muted">{t('citizen.home.popularEmpty')}</p>
        ) : (
          <ul className="yw-popular">
            {popularItems.map((it) => (
              <li key={it.code}>
                <Link
                  to={`/services/${encodeURIComponent(it.code)}`}
                  className="yw-popular-item"
                  data-testid="popular-item"
                >
                  <span className="yw-popular-name">{lt(it.name, lng)}</span>
                  <span className="yw-popular-meta">
                    <span className={it.visits === 0 ? 'yw-tag yw-tag-green' : 'yw-tag'}>
                      {formatVisits(t, it.visits)}
                    </span>
                    {!elder && <span className="yw-tag">{formatPromised(t, it.promisedLimit)}</span>}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="yw-card" aria-labelledby="life-events-title" data-testid="life-events">
        <h2 id="life-events-title" className="yw-card-title">
          {t('citizen.home.lifeEventsTitle')}
        </h2>
        {!elder && <p className="yw-card-desc">{t('citizen.home.lifeEventsDesc')}</p>}
        {bundles.error ? (
          <LoadError
            message={`${t('citizen.home.loadFailed')}${t('common.colon')}${errorMessage(t, bundles.error)}`}
            onRetry={() => void bundles.refetch()}
          />
        ) : bundles.isPending ? (
          <p className="yw-muted">{t('common.loading')}</p>
        ) : (
          <div className="yw-life-events">
            {(bundles.data?.items ?? []).map((b) => (
              <Link
                key={b.code}
                to={`/bundles/${encodeURIComponent(b.code)}`}
                className="yw-life-event"
                data-testid="life-event"
                data-code={b.code}
              >
                <span className="yw-life-event-name">{lt(b.name, lng)}</span>
                {!elder && <span className="yw-life-event-desc">{lt(b.description, lng)}</span>}
                <span className="yw-life-event-count">
                  {t('citizen.home.lifeEventItems', {
                    count: b.itemCodes.length,
                    s: b.itemCodes.length === 1 ? '' : 's',
                  })}{' '}
                  ›
                </span>
              </Link>
            ))}
          </div>
        )}
      </section>

      {themeList.length > 0 && (
        <section className="yw-card" aria-labelledby="themes-title" data-testid="themes">
          <h2 id="themes-title" className="yw-card-title">
            {t('citizen.home.themesTitle')}
          </h2>
          <div className="yw-themes">
            {themeList.map((th) => (
              <Link
                key={th}
                to={`/services?theme=${encodeURIComponent(th)}`}
                className="yw-theme"
                data-testid="theme-link"
                data-theme={th}
              >
                {labelOf(t, 'themes', th)}
              </Link>
            ))}
          </div>
        </section>
      )}

      {me === null && (
        <section className="yw-card yw-signin-prompt">
          <p>{t('citizen.home.signInPrompt')}</p>
          <div className="yw-row">
            <Link className="yw-button yw-button-primary" to="/login" data-testid="home-signin">
              {t('common.signIn')}
            </Link>
            <Link className="yw-button" to="/register" data-testid="home-register">
              {t('common.register')}
            </Link>
          </div>
        </section>
      )}
    </div>
  );
}

/**
 * 应用中心 (/apps): the approved mini-apps by category, each opening at /apps/<slug> in the super
 * app's host page. zh-CN and English, elder mode (larger type, no descriptions).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { publicAppsQuery, type AppCategory } from '../shared/api/superapp-registry';
import { errorMessage } from '../shared/i18n';
import { LoadError, SubPage } from './components';
import { AppTile } from './superapp-registry-parts';

/** In the app centre's order; every category the server knows (checked by `satisfies`). */
const CATEGORIES = Object.keys({
  government: true,
  utilities: true,
  health: true,
  transport: true,
  education: true,
  public_safety: true,
  life: true,
} satisfies Record<AppCategory, true>) as AppCategory[];

export default function AppCentrePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('category');
  const category = CATEGORIES.find((c) => c === chosen);
  const apps = useQuery(publicAppsQuery({ category }));
  const shown = category ? [category] : CATEGORIES;
  const chip = (value: AppCategory | undefined, label: string) => (
    <button
      key={value ?? 'all'}
      type="button"
      className={`yw-suggestion${value === category ? ' yw-suggestion-active' : ''}`}
      aria-pressed={value === category}
      onClick={() => setParams(value ? { category: value } : {}, { replace: true })}
      data-testid="app-category"
      data-category={value ?? 'all'}
    >
      {label}
    </button>
  );
  return (
    <SubPage title={t('superappRegistry.centre')} testId="app-centre" backTo="/">
      <nav className="yw-app-categories" aria-label={t('superappRegistry.centre')}>
        {chip(undefined, t('superappRegistry.all'))}
        {CATEGORIES.map((c) => chip(c, t(`superappRegistry.categories.${c}`)))}
      </nav>
      {apps.error ? (
        <div className="yw-card">
          <LoadError message={errorMessage(t, apps.error)} onRetry={() => void apps.refetch()} />
        </div>
      ) : apps.data === undefined ? (
        <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>
      ) : (
        shown.map((c) => {
          const list = apps.data.filter((a) => a.category === c);
          if (!list.length && !category) return null;
          return (
            <section key={c} className="yw-card" aria-labelledby={`apps-${c}`} data-testid="app-category-section">
              <h2 id={`apps-${c}`} className="yw-card-title">
                {t(`superappRegistry.categories.${c}`)}
              </h2>
              {list.length ? (
                list.map((app) => <AppTile key={app.slug} app={app} />)
              ) : (
                <p className="yw-muted">{t('superappRegistry.none')}</p>
              )}
            </section>
          );
        })
      )}
    </SubPage>
  );
}

/**
 * The app centre's pieces used elsewhere in the citizen app: an app's tile and the apps that
 * match a search (the search page). Each app opens at
 * /apps/<slug> (the bridge's host page).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { publicAppsQuery, type PublicApp } from '../shared/api/superapp-registry';
import { lt } from '../shared/catalog';
import { addText } from '../shared/i18n';
import { superappRegistryText } from './text-superapp-registry';
import './superapp-registry.css';

addText('superappRegistry', superappRegistryText);

export function AppTile({ app }: { app: PublicApp }) {
  const { t, i18n } = useTranslation();
  return (
    <Link to={`/apps/${app.slug}`} className="yw-app-tile" data-testid="app-tile" data-slug={app.slug}>
      <img className="yw-app-icon" src={app.icon} alt="" width={48} height={48} />
      <span className="yw-app-text">
        <span className="yw-app-name">{lt(app.name, i18n.language)}</span>
        <span className="yw-app-desc">{lt(app.description, i18n.language)}</span>
        <span className="yw-app-owner">{t('superappRegistry.by', { owner: app.ownerName })}</span>
      </span>
    </Link>
  );
}

/** Approved apps matching the search words (nothing when none match). */
export function AppResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const apps = useQuery(publicAppsQuery({ q }));
  if (!apps.data?.length) return null;
  return (
    <section className="yw-card" aria-labelledby="search-apps-title" data-testid="search-apps">
      <h2 id="search-apps-title" className="yw-card-title">
        {t('superappRegistry.searchApps')}
      </h2>
      {apps.data.map((app) => (
        <AppTile key={app.slug} app={app} />
      ))}
    </section>
  );
}

/** The home page's entry to the app centre (应用中心), with the first screen's text (no page text loaded). */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function AppCentreLink() {
  const { t } = useTranslation();
  return (
    <Link to="/apps" className="yw-card yw-lookup-link" data-testid="home-app-centre">
      <span className="yw-lookup-link-title">{t('superappEntry.centre')}</span>
      <span className="yw-muted">{t('superappEntry.centreHint')} ›</span>
    </Link>
  );
}

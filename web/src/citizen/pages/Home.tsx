import { Grid, Switch, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../shared/auth';
import { setElder, useElder } from '../elder';

// Service categories shown as "coming soon": the catalogue is not connected yet, so
// nothing here pretends to be a working service.
const CATEGORIES = [
  { key: 'social', glyph: '社', color: '#d4380d' },
  { key: 'medical', glyph: '医', color: '#08979c' },
  { key: 'fund', glyph: '金', color: '#d48806' },
  { key: 'household', glyph: '户', color: '#1d39c4' },
  { key: 'tax', glyph: '税', color: '#531dab' },
  { key: 'business', glyph: '企', color: '#c41d7f' },
  { key: 'transport', glyph: '行', color: '#389e0d' },
  { key: 'education', glyph: '学', color: '#0958d9' },
] as const;

export function HomePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const elder = useElder();
  const categories = elder ? CATEGORIES.slice(0, 4) : CATEGORIES;
  const comingSoon = () => Toast.show({ content: t('citizen.home.comingSoon') });

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
            <Switch checked={elder} onChange={setElder} data-testid="home-elder-switch" aria-label={t('citizen.home.elderSwitch')} />
          </label>
        </div>
        <button type="button" onClick={comingSoon} className="yw-search" data-testid="home-search" aria-disabled="true">
          <svg width="1em" height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            <circle cx="11" cy="11" r="7" />
            <path d="m20 20-3.5-3.5" />
          </svg>
          <span>{t('citizen.home.searchPlaceholder')}</span>
        </button>
      </header>

      <section className="yw-card" aria-labelledby="services-title">
        <h2 id="services-title" className="yw-card-title">
          {t('citizen.home.servicesTitle')}
          <span className="yw-badge-soon">{t('citizen.home.comingSoon')}</span>
        </h2>
        <Grid columns={elder ? 2 : 4} gap={elder ? 16 : 8} data-testid="service-grid">
          {categories.map((c) => (
            <Grid.Item key={c.key}>
              <button type="button" className="yw-service" onClick={comingSoon} aria-disabled="true">
                <span className="yw-service-icon" style={{ background: c.color }} aria-hidden="true">
                  {c.glyph}
                </span>
                <span className="yw-service-name">{t(`citizen.home.categories.${c.key}`)}</span>
              </button>
            </Grid.Item>
          ))}
        </Grid>
        <p className="yw-notice" data-testid="services-coming">{t('citizen.home.comingNotice')}</p>
      </section>

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

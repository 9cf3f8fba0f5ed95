import { Component, lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Button, ConfigProvider, DotLoading, TabBar } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from '../shared/auth';
import { useUnreadCount } from './case-parts';
import { CommunityIcon, HomeIcon, UserIcon } from './icons';
import { HomePage } from './pages/Home';
import { ErrorBlock } from './error-block';
import './cases.css';
import './exchange.css';

const MePage = lazy(() => import('./pages/Me'));
const AppCentrePage = lazy(() => import('./superapp-registry-centre'));
const OwnAppsPage = lazy(() => import('./superapp-registry-mine'));
const DrawPage = lazy(() => import('./pages/Draw'));
const OpenDataPage = lazy(() => import('./pages/OpenData'));
const OpenDatasetPage = lazy(() => import('./pages/OpenDataset'));
const OpenDataKeysPage = lazy(() => import('./pages/OpenDataKeys'));
const OpenDataRequestsPage = lazy(() => import('./pages/OpenDataRequests'));
const CreditPage = lazy(() => import('./pages/Credit'));
const EnterpriseInspectionsPage = lazy(() => import('./pages/EnterpriseInspections'));
const LoginPage = lazy(() => import('./pages/Login'));
const RegisterPage = lazy(() => import('./pages/Register'));
const ForgotPasswordPage = lazy(() => import('./pages/ForgotPassword'));
const SettingsPage = lazy(() => import('./pages/Settings'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePassword'));
const SearchPage = lazy(() => import('./pages/Search'));
const GuidePage = lazy(() => import('./pages/Guide'));
const BundlePage = lazy(() => import('./pages/Bundle'));
const ApplyPage = lazy(() => import('./pages/Apply'));
const CasesPage = lazy(() => import('./pages/Cases'));
const CaseDetailPage = lazy(() => import('./pages/CaseDetail'));
const MessagesPage = lazy(() => import('./pages/Messages'));
const NotifySettingsPage = lazy(() => import('./pages/NotifySettings'));
const LookupPage = lazy(() => import('./pages/Lookup'));
const HallsPage = lazy(() => import('./pages/Halls'));
const HallDetailPage = lazy(() => import('./pages/HallDetail'));
const AppointmentsPage = lazy(() => import('./pages/Appointments'));
const ScreenPage = lazy(() => import('./pages/Screen'));
const KioskPage = lazy(() => import('./pages/Kiosk'));
const DataTrackerPage = lazy(() => import('./pages/DataTracker'));
const ConsentsPage = lazy(() => import('./pages/Consents'));
const MyDataPage = lazy(() => import('./pages/MyData'));
const CorrectionPage = lazy(() => import('./pages/Correction'));
const WalletPage = lazy(() => import('./pages/Wallet'));
const WalletCertificatePage = lazy(() => import('./pages/WalletCertificate'));
const VerifyPage = lazy(() => import('./pages/Verify'));
const TransparencyPage = lazy(() => import('./pages/Transparency'));
const RatingsPage = lazy(() => import('./pages/Ratings'));
const RatingFiguresPage = lazy(() => import('./pages/RatingFigures'));
const ReportPage = lazy(() => import('./pages/Report'));
const MyReportsPage = lazy(() => import('./pages/MyReports'));
const ReportDetailPage = lazy(() => import('./pages/ReportDetail'));
const CogovPage = lazy(() => import('./cogov/Cogov'));
const MyAppsPage = lazy(() => import('./superapp-supervision-pages').then((m) => ({ default: m.MyAppsPage })));
const MyAppPage = lazy(() => import('./superapp-supervision-pages').then((m) => ({ default: m.MyAppPage })));
const SsoPage = lazy(() => import('./superapp-oidc-consent'));
const AppConsentPage = lazy(() => import('./superapp-oidc-consent').then((m) => ({ default: m.AppConsentPage })));
const MiniAppPage = lazy(() => import('./superapp-bridge-page'));

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="yw-page-loading" role="status" aria-live="polite">
      {t('common.loading')} <DotLoading />
    </div>
  );
}

function TabLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const active = location.pathname.startsWith('/me') ? '/me' : location.pathname.startsWith('/cogov') ? '/cogov' : '/';
  return (
    <div className="yw-tab-layout">
      <main className="yw-tab-content">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <nav className="yw-tabbar" aria-label="main">
        <TabBar activeKey={active} onChange={(key) => void navigate(key)} safeArea>
          <TabBar.Item
            key="/"
            icon={(a: boolean) => <HomeIcon active={a} />}
            title={<span data-testid="tab-home">{t('citizen.tabs.home')}</span>}
          />
          <TabBar.Item
            key="/cogov"
            icon={(a: boolean) => <CommunityIcon active={a} />}
            title={<span data-testid="tab-cogov">{t('citizen.tabs.cogov')}</span>}
          />
          <TabBar.Item
            key="/me"
            icon={(a: boolean) => <UserIcon active={a} />}
            title={<span data-testid="tab-me">{t('citizen.tabs.me')}</span>}
            badge={unread > 0 ? (unread > 99 ? '99+' : unread) : undefined}
          />
        </TabBar>
      </nav>
    </div>
  );
}

function PageFailed() {
  const { t } = useTranslation();
  return (
    <ErrorBlock
      status="default"
      title={t('cases.app.failed')}
      description={t('cases.app.failedHint')}
      className="yw-empty"
      data-testid="page-failed"
    >
      <Button color="primary" onClick={() => window.location.reload()}>
        {t('cases.app.reload')}
      </Button>
    </ErrorBlock>
  );
}

/**
 * A page that failed to render or load (e.g. its code changed with a new release while the
 * app was open) shows a way out instead of a blank screen. Keyed by the path: moving to
 * another page starts afresh.
 */
class PageBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    console.error('page failed', error);
  }

  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function Boundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <PageBoundary key={pathname}>{children}</PageBoundary>;
}

function ScrollToTop() {
  const { pathname } = useLocation();
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <BrowserRouter>
        <ScrollToTop />
        <AuthProvider>
          <Boundary>
            <Suspense fallback={<PageLoading />}>
              <Routes>
                <Route element={<TabLayout />}>
                  <Route index element={<HomePage />} />
                  <Route path="me" element={<MePage />} />
                  <Route path="cogov/*" element={<CogovPage />} />
                </Route>
                <Route path="login" element={<LoginPage />} />
                <Route path="register" element={<RegisterPage />} />
                <Route path="forgot-password" element={<ForgotPasswordPage />} />
                <Route path="settings" element={<SettingsPage />} />
                <Route path="me/password" element={<ChangePasswordPage />} />
                <Route path="services" element={<SearchPage />} />
                <Route path="services/:code" element={<GuidePage />} />
                <Route path="bundles/:code" element={<BundlePage />} />
                <Route path="apply/bundle/:code" element={<ApplyPage kind="bundle" />} />
                <Route path="apply/:code" element={<ApplyPage kind="item" />} />
                <Route path="cases" element={<CasesPage />} />
                <Route path="cases/:id" element={<CaseDetailPage />} />
                <Route path="messages" element={<MessagesPage />} />
                <Route path="me/notifications" element={<NotifySettingsPage />} />
                <Route path="me/data-access" element={<DataTrackerPage />} />
                <Route path="me/consents" element={<ConsentsPage />} />
                <Route path="me/apps" element={<MyAppsPage />} />
                <Route path="me/apps/:id" element={<MyAppPage />} />
                <Route path="me/data" element={<MyDataPage />} />
                <Route path="me/corrections" element={<CorrectionPage />} />
                <Route path="lookup" element={<LookupPage />} />
                <Route path="halls" element={<HallsPage />} />
                <Route path="halls/:code" element={<HallDetailPage />} />
                <Route path="appointments" element={<AppointmentsPage />} />
                <Route path="screen/:hall" element={<ScreenPage />} />
                <Route path="kiosk/:hall" element={<KioskPage />} />
                <Route path="wallet" element={<WalletPage />} />
                <Route path="wallet/:id" element={<WalletCertificatePage />} />
                <Route path="verify" element={<VerifyPage />} />
                <Route path="transparency" element={<TransparencyPage />} />
                <Route path="ratings" element={<RatingsPage />} />
                <Route path="ratings/figures" element={<RatingFiguresPage />} />
                <Route path="inspections/draws/:id" element={<DrawPage />} />
                <Route path="opendata" element={<OpenDataPage />} />
                <Route path="opendata/keys" element={<OpenDataKeysPage />} />
                <Route path="opendata/requests" element={<OpenDataRequestsPage />} />
                <Route path="opendata/:name" element={<OpenDatasetPage />} />
                <Route path="credit" element={<CreditPage />} />
                <Route path="credit/:uscc" element={<CreditPage />} />
                <Route path="me/inspections" element={<EnterpriseInspectionsPage />} />
                <Route path="apps" element={<AppCentrePage />} />
                <Route path="enterprise/apps" element={<OwnAppsPage />} />
                <Route path="report" element={<ReportPage />} />
                <Route path="me/reports" element={<MyReportsPage />} />
                <Route path="me/reports/:id" element={<ReportDetailPage />} />
                <Route path="sso/:uid" element={<SsoPage />} />
                <Route path="sso/apps/:slug/consent" element={<AppConsentPage />} />
                <Route path="apps/:slug" element={<MiniAppPage />} />
                <Route path="*" element={<Navigate to="/" replace />} />
              </Routes>
            </Suspense>
          </Boundary>
        </AuthProvider>
      </BrowserRouter>
    </ConfigProvider>
  );
}

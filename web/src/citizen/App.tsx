import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { ConfigProvider, DotLoading, TabBar } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from '../shared/auth';
import { HomeIcon, UserIcon } from './icons';
import { HomePage } from './pages/Home';

const MePage = lazy(() => import('./pages/Me'));
const LoginPage = lazy(() => import('./pages/Login'));
const RegisterPage = lazy(() => import('./pages/Register'));
const SettingsPage = lazy(() => import('./pages/Settings'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePassword'));
const SearchPage = lazy(() => import('./pages/Search'));
const GuidePage = lazy(() => import('./pages/Guide'));
const BundlePage = lazy(() => import('./pages/Bundle'));

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
  const active = location.pathname.startsWith('/me') ? '/me' : '/';
  return (
    <div className="yw-tab-layout">
      <main className="yw-tab-content">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <nav className="yw-tabbar" aria-label="main">
        <TabBar activeKey={active} onChange={(key) => void navigate(key)} safeArea>
          <TabBar.Item key="/" icon={(a: boolean) => <HomeIcon active={a} />} title={<span data-testid="tab-home">{t('citizen.tabs.home')}</span>} />
          <TabBar.Item key="/me" icon={(a: boolean) => <UserIcon active={a} />} title={<span data-testid="tab-me">{t('citizen.tabs.me')}</span>} />
        </TabBar>
      </nav>
    </div>
  );
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
          <Suspense fallback={<PageLoading />}>
            <Routes>
              <Route element={<TabLayout />}>
                <Route index element={<HomePage />} />
                <Route path="me" element={<MePage />} />
              </Route>
              <Route path="login" element={<LoginPage />} />
              <Route path="register" element={<RegisterPage />} />
              <Route path="settings" element={<SettingsPage />} />
              <Route path="me/password" element={<ChangePasswordPage />} />
              <Route path="services" element={<SearchPage />} />
              <Route path="services/:code" element={<GuidePage />} />
              <Route path="bundles/:code" element={<BundlePage />} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </AuthProvider>
      </BrowserRouter>
    </ConfigProvider>
  );
}

import { lazy, Suspense } from 'react';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthProvider, useAuth } from '../shared/auth';
import { Loading } from './common';
import { homeOf } from './home';
import { ConsoleLayout } from './Layout';

const LoginPage = lazy(() => import('./pages/Login'));
const AppReviewQueuePage = lazy(() => import('./superapp-registry-queue'));
const AppReviewPage = lazy(() => import('./superapp-registry-app'));
const DepartmentsPage = lazy(() => import('./pages/Departments'));
const CommunitiesPage = lazy(() => import('./pages/Communities'));
const StaffPage = lazy(() => import('./pages/Staff'));
const AccountPage = lazy(() => import('./pages/Account'));
const AccountsPage = lazy(() => import('./pages/Accounts'));
const CatalogPage = lazy(() => import('./pages/Catalog'));
const InboxPage = lazy(() => import('./pages/Inbox'));
const CaseDeskPage = lazy(() => import('./pages/CaseDesk'));
const ItemEditorPage = lazy(() => import('./pages/ItemEditor'));
const FinancePage = lazy(() => import('./pages/Finance'));
const WindowPage = lazy(() => import('./pages/Window'));
const GrantsPage = lazy(() => import('./pages/Grants'));
const SystemsPage = lazy(() => import('./pages/Systems'));
const CertificatesPage = lazy(() => import('./pages/Certificates'));
const SupervisionPage = lazy(() => import('./pages/Supervision'));
const RatingPadPage = lazy(() => import('./pages/RatingPad'));
const DeadlinesPage = lazy(() => import('./pages/Deadlines'));
const StatisticsPage = lazy(() => import('./pages/Statistics'));
const AnomaliesPage = lazy(() => import('./pages/Anomalies'));
const AppSupervisionPage = lazy(() => import('./pages/SuperappSupervision'));
const AppSupervisionAppPage = lazy(() => import('./pages/SuperappSupervisionApp'));
const AppComplaintsPage = lazy(() => import('./pages/SuperappComplaints'));
const InspectionsPage = lazy(() => import('./pages/Inspections'));
const InspectorTasksPage = lazy(() => import('./pages/InspectorTasks'));
const HotlinePage = lazy(() => import('./pages/Hotline'));
const CityEventsPage = lazy(() => import('./pages/CityEvents'));
const CityEventPage = lazy(() => import('./pages/CityEvent'));
const GridTasksPage = lazy(() => import('./pages/GridTasks'));
const Open311KeysPage = lazy(() => import('./pages/Open311Keys'));
const CityScreenPage = lazy(() => import('./pages/CityScreen'));
const PipelinesPage = lazy(() => import('./pages/Pipelines'));
const PipelinePage = lazy(() => import('./pages/Pipeline'));
const OpendataRequestsPage = lazy(() => import('./pages/OpendataRequests'));
const OpendataDatasetsPage = lazy(() => import('./pages/OpendataDatasets'));
const CogovCommunityPage = lazy(() => import('./pages/CogovCommunity'));
const CogovDraftsPage = lazy(() => import('./pages/CogovDrafts'));
const CogovCommitteePage = lazy(() => import('./pages/CogovCommittee'));
const CogovModerationPage = lazy(() => import('./pages/CogovModeration'));

function Gate() {
  const { t } = useTranslation();
  const { me, signOut } = useAuth();
  if (me === undefined) return <Loading />;
  if (me === null) return <LoginPage />;
  if (me.kind !== 'staff') {
    return (
      <Result
        status="403"
        title={t('console.notStaff')}
        extra={[
          <Button key="out" type="primary" onClick={() => void signOut()} data-testid="sign-out">
            {t('common.signOut')}
          </Button>,
          <Button key="citizen" href="/">
            {t('console.toCitizen')}
          </Button>,
        ]}
      />
    );
  }
  const home = homeOf(me);
  return (
    <Routes>
      {/* 城市运行大屏: full screen, outside the console's frame */}
      <Route path="screen" element={<CityScreenPage />} />
      <Route element={<ConsoleLayout />}>
        <Route index element={<Navigate to={home} replace />} />
        <Route path="org" element={<Navigate to="/org/departments" replace />} />
        <Route path="org/departments" element={<DepartmentsPage />} />
        <Route path="org/communities" element={<CommunitiesPage />} />
        <Route path="org/staff" element={<StaffPage />} />
        <Route path="catalog" element={<CatalogPage />} />
        <Route path="catalog/new" element={<ItemEditorPage />} />
        <Route path="catalog/:code/edit" element={<ItemEditorPage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="halls" element={<WindowPage />} />
        <Route path="cases/:id" element={<CaseDeskPage />} />
        <Route path="finance" element={<FinancePage />} />
        <Route path="exchange/grants" element={<GrantsPage />} />
        <Route path="exchange/systems" element={<SystemsPage />} />
        <Route path="certificates" element={<CertificatesPage />} />
        <Route path="supervision" element={<SupervisionPage />} />
        <Route path="statistics" element={<StatisticsPage />} />
        <Route path="rating-pad" element={<RatingPadPage />} />
        <Route path="supervision/deadlines" element={<DeadlinesPage />} />
        <Route path="anomalies" element={<AnomaliesPage />} />
        <Route path="inspections" element={<InspectionsPage />} />
        <Route path="inspections/tasks" element={<InspectorTasksPage />} />
        <Route path="hotline" element={<HotlinePage />} />
        <Route path="cityops/events" element={<CityEventsPage />} />
        <Route path="cityops/events/:id" element={<CityEventPage />} />
        <Route path="cityops/grid" element={<GridTasksPage />} />
        <Route path="cityops/open311-keys" element={<Open311KeysPage />} />
        <Route path="opendata/pipelines" element={<PipelinesPage />} />
        <Route path="opendata/pipelines/:key" element={<PipelinePage />} />
        <Route path="opendata/requests" element={<OpendataRequestsPage />} />
        <Route path="opendata/datasets" element={<OpendataDatasetsPage />} />
        <Route path="cogov/community" element={<CogovCommunityPage />} />
        <Route path="cogov/drafts" element={<CogovDraftsPage />} />
        <Route path="cogov/committee" element={<CogovCommitteePage />} />
        <Route path="cogov/moderation" element={<CogovModerationPage />} />
        <Route path="superapp/supervision" element={<AppSupervisionPage />} />
        <Route path="superapp/supervision/:id" element={<AppSupervisionAppPage />} />
        <Route path="superapp/complaints" element={<AppComplaintsPage />} />
        <Route path="superapp/review" element={<AppReviewQueuePage />} />
        <Route path="superapp/review/:id" element={<AppReviewPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="accounts" element={<AccountsPage />} />
        <Route path="*" element={<Navigate to={home} replace />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#c8102e', borderRadius: 6 } }}
    >
      <AntApp>
        <BrowserRouter basename="/console">
          <AuthProvider>
            <Suspense fallback={<Loading />}>
              <Gate />
            </Suspense>
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

import { Suspense } from 'react';
import { App as AntApp, Avatar, Dropdown, Layout, Menu, Segmented, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../shared/auth';
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../shared/i18n';
import { Loading } from './common';

const { Header, Sider, Content } = Layout;

/** Who sees city events (一网统管): operators, grid workers, supervisors and the departments that handle them. */
const CITYOPS_ROLES = new Set<string>([
  'city_operator',
  'grid_worker',
  'supervisor',
  'clerk',
  'reviewer',
  'approver',
  'department_admin',
]);

export function ConsoleLayout() {
  const { t } = useTranslation();
  const { me, signOut } = useAuth();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  const items: MenuProps['items'] = [
    {
      key: 'org',
      label: t('console.menu.org'),
      type: 'group',
      children: [
        { key: '/org/departments', label: <span data-testid="menu-departments">{t('console.menu.departments')}</span> },
        { key: '/org/communities', label: <span data-testid="menu-communities">{t('console.menu.communities')}</span> },
        { key: '/org/staff', label: <span data-testid="menu-staff">{t('console.menu.staff')}</span> },
      ],
    },
    { type: 'divider' },
    { key: '/inbox', label: <span data-testid="menu-inbox">{t('console.menu.inbox')}</span> },
    { key: '/halls', label: <span data-testid="menu-halls">{t('console.menu.halls')}</span> },
    { key: '/catalog', label: <span data-testid="menu-catalog">{t('console.menu.catalog')}</span> },
    ...(me?.roles.includes('department_admin')
      ? [{ key: '/exchange/grants', label: <span data-testid="menu-grants">{t('console.menu.grants')}</span> }]
      : []),
    ...(me?.roles.some((r) => r === 'system_admin' || r === 'department_admin')
      ? [{ key: '/exchange/systems', label: <span data-testid="menu-systems">{t('console.menu.systems')}</span> }]
      : []),
    { key: '/certificates', label: <span data-testid="menu-certificates">{t('console.menu.certificates')}</span> },
    ...(me?.roles.some((r) => r === 'city_operator' || r === 'supervisor')
      ? [{ key: '/screen', label: <span data-testid="menu-city-screen">{t('console.menu.cityScreen')}</span> }]
      : []),
    ...(me?.roles.some((r) => r === 'supervisor' || r === 'department_admin')
      ? [
          { key: '/supervision', label: <span data-testid="menu-supervision">{t('supervision.console.menu')}</span> },
          {
            key: '/supervision/deadlines',
            label: <span data-testid="menu-deadlines">{t('console.menu.deadlines')}</span>,
          },
          {
            key: '/statistics',
            label: <span data-testid="menu-statistics">{t('supervision.console.statsMenu')}</span>,
          },
        ]
      : []),
    ...(me?.roles.some((r) => r === 'supervisor' || r === 'department_admin')
      ? [{ key: '/anomalies', label: <span data-testid="menu-anomalies">{t('anomalies.menu')}</span> }]
      : []),
    ...(me?.roles.some((r) => r === 'supervisor' || r === 'department_admin')
      ? [{ key: '/inspections', label: <span data-testid="menu-inspections">{t('inspConsole.menu')}</span> }]
      : []),
    ...(me?.roles.includes('reviewer')
      ? [{ key: '/inspections/tasks', label: <span data-testid="menu-inspector">{t('inspConsole.tasksMenu')}</span> }]
      : []),
    ...(me?.roles.some((r) => r === 'clerk' || r === 'reviewer' || r === 'approver' || r === 'department_admin')
      ? [{ key: '/rating-pad', label: <span data-testid="menu-rating-pad">{t('supervision.console.padMenu')}</span> }]
      : []),
    ...(me?.roles.some((r) => CITYOPS_ROLES.has(r))
      ? [{ key: '/cityops/events', label: <span data-testid="menu-city-events">{t('cityops.menu.events')}</span> }]
      : []),
    ...(me?.roles.includes('grid_worker')
      ? [{ key: '/cityops/grid', label: <span data-testid="menu-grid-tasks">{t('cityops.menu.grid')}</span> }]
      : []),
    ...(me?.roles.includes('city_operator')
      ? [
          {
            key: '/cityops/open311-keys',
            label: <span data-testid="menu-open311-keys">{t('open311.menu')}</span>,
          },
        ]
      : []),
    ...(me?.roles.includes('city_operator')
      ? [{ key: '/hotline', label: <span data-testid="menu-hotline">{t('hotline.menu')}</span> }]
      : []),
    ...(me?.roles.some((r) => r === 'data_officer' || r === 'department_admin')
      ? [
          { key: '/opendata/pipelines', label: <span data-testid="menu-pipelines">{t('pipelines.menu')}</span> },
          {
            key: '/opendata/datasets',
            label: <span data-testid="menu-od-datasets">{t('odportal.datasetsMenu')}</span>,
          },
          {
            key: '/opendata/requests',
            label: <span data-testid="menu-od-requests">{t('odportal.requestsMenu')}</span>,
          },
        ]
      : []),
    ...(me?.roles.includes('finance')
      ? [{ key: '/finance', label: <span data-testid="menu-finance">{t('console.menu.finance')}</span> }]
      : []),
    ...(me?.roles.some((r) => r === 'security_admin' || r === 'system_admin')
      ? [{ key: '/accounts', label: <span data-testid="menu-accounts">{t('security.accounts.menu')}</span> }]
      : []),
    // 一网共治 (civic): community staff's tasks and notices; departments' drafts for comment.
    ...(me?.posts.some((p) => p.communityId)
      ? [
          {
            key: '/cogov/community',
            label: <span data-testid="menu-cogov-community">{t('civicConsole.communityMenu')}</span>,
          },
        ]
      : []),
    // 一网共治 (core): the committee's proposals and consultations; moderators' queue.
    ...(me?.posts.some((p) => p.communityId && p.roles.includes('committee'))
      ? [
          {
            key: '/cogov/committee',
            label: <span data-testid="menu-cogov-committee">{t('votesConsole.committeeMenu')}</span>,
          },
        ]
      : []),
    ...(me?.posts.some((p) => p.roles.includes('moderator'))
      ? [
          {
            key: '/cogov/moderation',
            label: <span data-testid="menu-cogov-moderation">{t('votesConsole.moderationMenu')}</span>,
          },
        ]
      : []),
    // 超级App: the app reviewer's supervision of mini-apps (figures, data obtained, complaints).
    ...(me?.posts.some((p) => p.roles.includes('app_reviewer'))
      ? [
          {
            key: '/superapp/supervision',
            label: <span data-testid="menu-app-supervision">{t('appSupervision.menu')}</span>,
          },
          {
            key: '/superapp/complaints',
            label: <span data-testid="menu-app-complaints">{t('appSupervision.complaintsMenu')}</span>,
          },
        ]
      : []),
    // 超级App: the app reviewer's queue of mini-app versions and every app's decisions.
    ...(me?.roles.includes('app_reviewer')
      ? [{ key: '/superapp/review', label: <span data-testid="menu-app-review">{t('appReview.menu')}</span> }]
      : []),
    ...(me?.roles.includes('department_admin')
      ? [{ key: '/cogov/drafts', label: <span data-testid="menu-cogov-drafts">{t('civicConsole.draftsMenu')}</span> }]
      : []),
    { type: 'divider' },
    { key: '/account', label: <span data-testid="menu-account">{t('console.menu.account')}</span> },
  ];

  const doSignOut = async () => {
    try {
      await signOut();
    } finally {
      void message.success(t('common.signedOut'));
      void navigate('/', { replace: true });
    }
  };

  return (
    <Layout className="yw-console">
      <Sider breakpoint="lg" collapsedWidth={0} width={220} theme="light" className="yw-sider">
        <div className="yw-logo">
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          <span>{t('console.title')}</span>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[menuKeyOf(pathname)]}
          items={items}
          onClick={({ key }) => void navigate(key)}
          data-testid="side-menu"
        />
      </Sider>
      <Layout>
        <Header className="yw-header">
          <Typography.Text type="secondary" className="yw-header-subtitle">
            {t('console.subtitle')}
          </Typography.Text>
          <Space size="middle">
            <Segmented<Language>
              size="small"
              value={currentLanguage()}
              onChange={(v) => setLanguage(v)}
              options={LANGUAGES.map((l) => ({
                value: l,
                label: <span data-testid={`console-lang-${l}`}>{l === 'en' ? 'EN' : '中文'}</span>,
              }))}
              aria-label={t('common.language')}
            />
            <Dropdown
              menu={{
                items: [
                  { key: 'account', label: t('console.menu.account'), onClick: () => void navigate('/account') },
                  { type: 'divider' },
                  {
                    key: 'out',
                    danger: true,
                    label: <span data-testid="header-sign-out">{t('common.signOut')}</span>,
                    onClick: () => void doSignOut(),
                  },
                ],
              }}
            >
              <Space className="yw-user" data-testid="current-user">
                <Avatar style={{ background: '#c8102e' }}>{me?.displayName.slice(0, 1)}</Avatar>
                <span>{me?.displayName}</span>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content className="yw-content">
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}

/** The menu entry a page belongs to: a case opened from the inbox keeps 待办 selected, an item editor 服务事项. */
function menuKeyOf(pathname: string): string {
  if (pathname.startsWith('/cases/')) return '/inbox';
  if (pathname.startsWith('/catalog/')) return '/catalog';
  if (pathname.startsWith('/opendata/pipelines')) return '/opendata/pipelines';
  if (pathname.startsWith('/cityops/events/')) return '/cityops/events';
  if (pathname.startsWith('/superapp/supervision/')) return '/superapp/supervision';
  if (pathname.startsWith('/superapp/review/')) return '/superapp/review';
  return pathname;
}

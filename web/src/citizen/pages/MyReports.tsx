/** 我的随手拍 (/me/reports): the city problems the person reported or follows, newest first. */
import { Button, InfiniteScroll, List, Tag } from 'antd-mobile';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { myReportsInfinite } from '../../shared/api/cityops';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { addText, errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import { ErrorBlock } from '../error-block';
import { statusColor } from '../report-parts';
import { reportsText } from '../text-reports';
import '../reports.css';

addText('reports', reportsText);

export default function MyReportsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('reports.mine')} testId="my-reports-page" backTo="/me">
      <RequireSignIn>
        <MyReports />
      </RequireSignIn>
    </SubPage>
  );
}

function MyReports() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const list = useInfiniteQuery(myReportsInfinite());
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const newReport = (
    <div className="yw-page-actions">
      <Button block color="primary" size="large" onClick={() => void navigate('/report')} data-testid="my-reports-new">
        {t('reports.newReport')}
      </Button>
    </div>
  );

  if (list.error && items.length === 0)
    return (
      <div className="yw-card">
        <LoadError
          message={`${t('reports.loadFailed')}${t('common.colon')}${errorMessage(t, list.error)}`}
          onRetry={() => void list.refetch()}
        />
      </div>
    );
  if (list.isPending) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  if (items.length === 0)
    return (
      <>
        <ErrorBlock status="empty" title={t('reports.mineEmpty')} description="" data-testid="my-reports-empty" />
        {newReport}
      </>
    );

  return (
    <>
      <List mode="card" data-testid="my-reports">
        {items.map((e) => (
          <List.Item
            key={e.id}
            onClick={() => void navigate(`/me/reports/${e.id}`)}
            data-testid="my-report"
            data-number={e.number}
            description={
              <>
                <div className="yw-report-desc">{e.description}</div>
                <div>
                  {e.number} · {formatDateTime(e.openedAt, lng)}
                </div>
              </>
            }
          >
            <div className="yw-report-row">
              <span className="yw-report-row-title">{lt(e.category.name, lng)}</span>
              <Tag color={statusColor(e.status)} data-testid="my-report-status" data-status={e.status}>
                {t(`reports.statuses.${e.status}`)}
              </Tag>
            </div>
          </List.Item>
        ))}
      </List>
      <InfiniteScroll loadMore={() => list.fetchNextPage().then(() => undefined)} hasMore={list.hasNextPage}>
        {list.hasNextPage ? t('common.loading') : ''}
      </InfiniteScroll>
      {newReport}
    </>
  );
}

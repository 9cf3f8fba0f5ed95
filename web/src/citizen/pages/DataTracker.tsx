/**
 * 谁查了我的数据 (/me/data-access): every read of my data by a department, a member of staff or
 * a system (and every refused one), newest first, with filters; the enterprise's list for its
 * legal representative and agents (the one acted for is shown first).
 */
import { useState } from 'react';
import { Button, Collapse, Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { exchangeKeys, trackerPage } from '../../shared/api/exchange';
import { enterprisesQuery } from '../../shared/api/identity';
import { useAuth } from '../../shared/auth';
import { errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import { EntryCard, FilterForm, useFieldLabel, type TrackerFilters } from '../tracker-parts';
import '../rights-text';
import '../rights.css';

const PAGE = 20;

export default function DataTrackerPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('rights.tracker.title')} testId="tracker-page" backTo="/me">
      <RequireSignIn>
        <Tracker />
      </RequireSignIn>
    </SubPage>
  );
}

function Tracker() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const enterprises = useQuery(enterprisesQuery()).data ?? [];
  const [subject, setSubject] = useState<string | null>(me?.actingAs?.enterpriseId ?? null);
  const [filters, setFilters] = useState<TrackerFilters>({});
  const fieldLabel = useFieldLabel(i18n.language);
  const list = useInfiniteQuery({
    queryKey: exchangeKeys.tracker(subject, filters),
    queryFn: ({ pageParam, signal }) =>
      trackerPage(subject, { ...filters, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="yw-page yw-tracker" data-testid="tracker">
      <p className="yw-muted">{t('rights.tracker.intro')}</p>
      {enterprises.length > 0 && (
        <div className="yw-field" data-testid="tracker-subject">
          <span>{t('rights.tracker.subject')}</span>
          <Selector
            columns={1}
            value={[subject ?? '']}
            onChange={(v) => v.length > 0 && setSubject(v[0] || null)}
            options={[
              { label: t('rights.tracker.self'), value: '' },
              ...enterprises.map((e) => ({ label: e.name, value: e.enterpriseId })),
            ]}
          />
        </div>
      )}
      <Collapse>
        <Collapse.Panel
          key="filters"
          title={<span data-testid="tracker-filters-toggle">{t('rights.tracker.filters')}</span>}
        >
          <FilterForm onApply={setFilters} />
        </Collapse.Panel>
      </Collapse>
      {list.error ? (
        <div className="yw-card">
          <LoadError message={errorMessage(t, list.error)} onRetry={() => void list.refetch()} />
        </div>
      ) : list.isPending ? (
        <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="yw-muted yw-center yw-mt" data-testid="tracker-empty">
          {t('rights.tracker.empty')}
        </p>
      ) : (
        <div data-testid="tracker-list">
          {entries.map((e) => (
            <EntryCard key={e.id} e={e} fieldLabel={fieldLabel} />
          ))}
          {list.hasNextPage ? (
            <Button
              block
              loading={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
              data-testid="tracker-more"
            >
              {t('rights.tracker.more')}
            </Button>
          ) : (
            <p className="yw-muted yw-center">{t('rights.tracker.end')}</p>
          )}
        </div>
      )}
    </div>
  );
}

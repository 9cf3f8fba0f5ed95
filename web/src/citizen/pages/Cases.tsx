/**
 * My cases (/cases): drafts not yet submitted, then the cases in three tabs: in progress,
 * waiting for a correction, and closed (completed, not approved, withdrawn).
 */
import { useState } from 'react';
import { Badge, Button, CapsuleTabs, Dialog, Tabs, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/i18n';
import { useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { casesQuery, deleteDraft, draftsQuery } from '../../shared/api/applications';
import { useAuth } from '../../shared/auth';
import type { CaseListQuery, CaseStatus, DraftSummary } from '../../shared/contract';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { applyPath } from '../apply-target';
import { CaseRow, RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import '../pages-text';
import { ErrorBlock } from '../error-block';

const TABS = ['open', 'correction', 'closed'] as const;
type Tab = (typeof TABS)[number];
/** The statuses of a closed case, each a filter of the closed tab. */
const CLOSED = ['completed', 'rejected', 'withdrawn'] as const satisfies readonly CaseStatus[];
type Closed = (typeof CLOSED)[number];
const PAGE = 20;
const MAX_PAGE_SIZE = 200;

export default function CasesPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('cases.title')} testId="cases-page">
      <RequireSignIn>
        <Cases />
      </RequireSignIn>
    </SubPage>
  );
}

function Cases() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'open';
  const closed: Closed = (CLOSED as readonly string[]).includes(params.get('closed') ?? '')
    ? (params.get('closed') as Closed)
    : 'completed';
  const { me } = useAuth();
  const corrections = useQuery(casesQuery({ status: 'correction', page: 1, pageSize: 1 }));
  const toCorrect = corrections.data?.total ?? 0;

  const select = (next: Record<string, string>) =>
    setParams((p) => ({ ...Object.fromEntries(p), ...next }), { replace: true });

  return (
    <>
      {me?.actingAs && (
        <p className="yw-acting" data-testid="cases-acting-as" role="status">
          {t('citizen.me.actingAs', { name: me.actingAs.name })}
        </p>
      )}
      <Drafts />
      <Tabs activeKey={tab} onChange={(k) => select({ tab: k })} className="yw-case-tabs" data-testid="case-tabs">
        {TABS.map((k) => (
          <Tabs.Tab
            key={k}
            title={
              <span data-testid={`case-tab-${k}`}>
                {k === 'correction' && toCorrect > 0 ? (
                  <Badge content={toCorrect} style={{ '--right': '-10px' }}>
                    {t(`cases.tabs.${k}`)}
                  </Badge>
                ) : (
                  t(`cases.tabs.${k}`)
                )}
              </span>
            }
          />
        ))}
      </Tabs>
      {tab === 'closed' && (
        <CapsuleTabs activeKey={closed} onChange={(k) => select({ closed: k })} className="yw-closed-filter">
          {CLOSED.map((k) => (
            <CapsuleTabs.Tab key={k} title={t(`cases.closedFilter.${k}`)} />
          ))}
        </CapsuleTabs>
      )}
      <CaseList key={tab === 'closed' ? closed : tab} status={tab === 'closed' ? closed : tab} tab={tab} />
    </>
  );
}

/** One tab's cases, newest first; "load more" asks for a longer first page (the list stays in order). */
function CaseList({ status, tab }: { status: NonNullable<CaseListQuery['status']>; tab: Tab }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [pages, setPages] = useState(1);
  const size = Math.min(PAGE * pages, MAX_PAGE_SIZE);
  const query = useQuery({ ...casesQuery({ status, page: 1, pageSize: size }), placeholderData: keepPreviousData });
  const data = query.data;

  if (query.error) {
    return (
      <div className="yw-card">
        <LoadError
          message={`${t('cases.list.loadFailed')}${t('common.colon')}${errorMessage(t, query.error)}`}
          onRetry={() => void query.refetch()}
        />
      </div>
    );
  }
  if (!data) return <p className="yw-muted yw-center yw-mt">{t('common.loading')}</p>;
  if (data.items.length === 0) {
    return (
      <ErrorBlock
        status="empty"
        title={t(`cases.list.empty.${tab}`)}
        description=""
        className="yw-empty"
        data-testid="cases-empty"
      >
        <Button color="primary" fill="outline" onClick={() => void navigate('/services')}>
          {t('cases.list.findServices')}
        </Button>
      </ErrorBlock>
    );
  }
  const more = data.items.length < data.total && size < MAX_PAGE_SIZE;
  return (
    <div className="yw-case-list" data-testid="case-list" data-status={status}>
      <ul className="yw-results">
        {data.items.map((c) => (
          <li key={c.id}>
            <CaseRow c={c} />
          </li>
        ))}
      </ul>
      <p className="yw-center yw-muted">
        {more ? (
          <Button
            fill="none"
            color="primary"
            loading={query.isPlaceholderData}
            onClick={() => setPages(pages + 1)}
            data-testid="cases-more"
          >
            {t('cases.list.loadMore')}
          </Button>
        ) : (
          t('common.total', { total: data.total })
        )}
      </p>
    </div>
  );
}

function draftPath(d: DraftSummary): string {
  const path = d.kind === 'bundle' ? applyPath('bundle', d.bundleCode ?? '') : applyPath('item', d.itemCode ?? '');
  return `${path}?draft=${encodeURIComponent(d.id)}`;
}

/** Applications started but not submitted. */
function Drafts() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const query = useQuery(draftsQuery());
  const del = useMutation(deleteDraft);
  const drafts = query.data?.items ?? [];
  if (drafts.length === 0) return null;

  const remove = async (d: DraftSummary) => {
    const ok = await Dialog.confirm({
      content: t('cases.drafts.deleteConfirm'),
      confirmText: t('cases.drafts.delete'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await del.mutateAsync(d.id);
      Toast.show({ icon: 'success', content: t('cases.drafts.deleted') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };

  return (
    <section className="yw-card" data-testid="drafts">
      <h2 className="yw-card-title">{t('cases.drafts.title')}</h2>
      <ul className="yw-drafts">
        {drafts.map((d) => (
          <li key={d.id} className="yw-draft" data-testid="draft-row" data-draft-id={d.id}>
            <div className="yw-draft-body">
              <span className="yw-draft-title">{lt(d.title, lng)}</span>
              <span className="yw-muted yw-draft-time">
                {t('cases.drafts.updated', { time: formatDateTime(d.updatedAt, lng) })}
              </span>
            </div>
            <div className="yw-draft-actions">
              <Button
                size="small"
                color="primary"
                onClick={() => void navigate(draftPath(d))}
                data-testid="draft-continue"
              >
                {t('cases.drafts.continue')}
              </Button>
              <Button size="small" fill="none" onClick={() => void remove(d)} data-testid="draft-delete">
                {t('cases.drafts.delete')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

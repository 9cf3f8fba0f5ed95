// 待办: the work items the signed-in staff member may act on (scope, deadline flags, step,
// case number, sorting), with claim and release per row; and 办件查询: the cases of the
// staff member's departments in any status. Filters live in the URL, so coming back from
// a case shows the same list.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../shared/auth';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { casesQuery, claim as claimCall, inboxQuery } from '../../shared/api/applications';
import { lt } from '../../shared/catalog';
import {
  CASE_STATUSES,
  type CaseListQuery,
  type CaseSummary,
  type InboxPage,
  type InboxQuery,
  type LocalText,
  type Person,
  type WorkItem,
} from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { SearchBox, usePaging } from '../common';
import { CaseStatusTag, Deadline, deskErrorMessage, When } from '../desk';
import '../desk-text';

type Scope = NonNullable<InboxQuery['scope']>;
type Flag = NonNullable<InboxQuery['flag']>;
type Sort = NonNullable<InboxQuery['sort']>;
type StatusFilter = NonNullable<CaseListQuery['status']>;

const SCOPES: readonly Scope[] = ['all', 'mine', 'unclaimed'];
const FLAGS: readonly Flag[] = ['overdue', 'at_risk'];
const STATUS_FILTERS: readonly StatusFilter[] = ['open', ...CASE_STATUSES];

/** One search parameter as a typed value (the fallback when absent or not one of `allowed`). */
function pick<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const v = params.get(name);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** Reads and writes the page's filters in the URL (replacing the entry, so Back leaves the page). */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  return { params, set };
}

export default function InboxPage() {
  const { t } = useTranslation();
  const { params, set } = useFilters();
  const tab = params.get('tab') === 'cases' ? 'cases' : 'work';
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('desk.inbox')}
        </Typography.Title>
      }
      data-testid="inbox-page"
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === 'cases' ? 'cases' : undefined })}
        items={[
          { key: 'work', label: <span data-testid="tab-work">{t('desk.tabs.work')}</span>, children: <WorkTab /> },
          { key: 'cases', label: <span data-testid="tab-cases">{t('desk.tabs.cases')}</span>, children: <CasesTab /> },
        ]}
      />
    </Card>
  );
}

const rowKey = (w: Pick<WorkItem, 'caseId' | 'branch'>) => `${w.caseId}:${w.branch ?? ''}`;

/** A claim or release shown before the server has answered and the list has reloaded. */
interface Override {
  claimedBy: Person | null;
  /** The call has returned and a reload is under way: drop the override when it arrives. */
  settled: boolean;
}

function WorkTab() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const { params, set } = useFilters();
  const scope = pick(params, 'scope', SCOPES) ?? 'all';
  const flag = pick(params, 'flag', FLAGS);
  const sort = pick<Sort>(params, 'sort', ['deadline', 'submitted']) ?? 'deadline';
  const state = params.get('state') ?? undefined;
  const q = params.get('q') ?? '';
  const { page, pageSize, restart, pagination } = usePaging();
  const query: InboxQuery = { scope, flag, state, q: q || undefined, sort, page, pageSize };
  const list = useQuery({ ...inboxQuery(query), placeholderData: keepPreviousData });
  const data = list.data;
  const claimMutation = useMutation(claimCall);

  // Claims and releases in flight, and the steps seen so far (the options of the step filter).
  const [overrides, setOverrides] = useState<Record<string, Override>>({});
  const [states, setStates] = useState<Record<string, LocalText>>({});
  const [seen, setSeen] = useState<InboxPage | undefined>(undefined);
  if (data !== seen) {
    setSeen(data);
    if (data) {
      setStates((prev) => {
        const next = { ...prev };
        for (const w of data.items) next[w.state] ??= w.stateName;
        return next;
      });
      setOverrides((prev) => Object.fromEntries(Object.entries(prev).filter(([, o]) => !o.settled)));
    }
  }

  const filter = (changes: Record<string, string | undefined>) => {
    restart();
    set(changes);
  };

  const claimOrRelease = async (w: WorkItem, claim: boolean) => {
    const k = rowKey(w);
    const mine: Person | null = claim && me ? { id: me.id, name: me.displayName } : null;
    setOverrides((prev) => ({ ...prev, [k]: { claimedBy: mine, settled: false } }));
    try {
      // Reloads the lists (this one included) once the server has it.
      await claimMutation.mutateAsync({ id: w.caseId, branch: w.branch, release: !claim });
      void message.success(t(claim ? 'desk.claimed' : 'desk.released', { caseNumber: w.caseNumber }));
      setOverrides((prev) => ({ ...prev, [k]: { claimedBy: mine, settled: true } }));
    } catch (err) {
      void message.error(deskErrorMessage(t, err));
      setOverrides((prev) => Object.fromEntries(Object.entries(prev).filter(([key]) => key !== k)));
      void list.refetch();
    }
  };

  const claimedBy = (w: WorkItem): Person | null => {
    const o = overrides[rowKey(w)];
    return o ? o.claimedBy : w.claimedBy;
  };

  const columns: TableColumnsType<WorkItem> = [
    {
      title: t('desk.col.caseNumber'),
      key: 'caseNumber',
      width: 210,
      render: (_, w) => (
        <Link
          to={`/cases/${w.caseId}`}
          className="yw-code"
          style={{ whiteSpace: 'nowrap', fontSize: 13 }}
          data-testid="case-link"
          onClick={(e) => e.stopPropagation()}
        >
          {w.caseNumber}
        </Link>
      ),
    },
    {
      title: t('desk.col.title'),
      key: 'title',
      render: (_, w) => (
        <Space size={4} wrap>
          <span>{lt(w.title, lng)}</span>
          {/* In a parallel state (joint review, a bundle) each department works on its own branch. */}
          {w.branchName && (
            <Tag color="geekblue" data-testid="row-branch">
              {lt(w.branchName, lng)}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('desk.col.state'),
      key: 'state',
      width: 90,
      render: (_, w) => <span data-testid="row-state">{lt(w.stateName, lng)}</span>,
    },
    { title: t('desk.col.applicant'), dataIndex: 'applicantName', width: 90 },
    { title: t('desk.col.submitted'), key: 'submitted', width: 135, render: (_, w) => <When at={w.submittedAt} /> },
    {
      title: t('desk.col.deadline'),
      key: 'deadline',
      width: 190,
      render: (_, w) => <Deadline at={w.deadlineAt} overdue={w.overdue} atRisk={w.atRisk} />,
    },
    {
      title: t('desk.col.claimedBy'),
      key: 'claimedBy',
      width: 90,
      render: (_, w) => {
        const by = claimedBy(w);
        return by ? (
          <span data-testid="row-claimed-by">{by.name}</span>
        ) : (
          <Typography.Text type="secondary" data-testid="row-claimed-by">
            {t('desk.unclaimed')}
          </Typography.Text>
        );
      },
    },
    {
      title: t('desk.col.actions'),
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_, w) => {
        const by = claimedBy(w);
        const pending = overrides[rowKey(w)] !== undefined;
        if (by === null) {
          return (
            <Button
              size="small"
              loading={pending}
              onClick={(e) => {
                e.stopPropagation();
                void claimOrRelease(w, true);
              }}
              data-testid="row-claim"
            >
              {t('desk.claim')}
            </Button>
          );
        }
        if (me && by.id === me.id) {
          return (
            <Button
              size="small"
              loading={pending}
              onClick={(e) => {
                e.stopPropagation();
                void claimOrRelease(w, false);
              }}
              data-testid="row-release"
            >
              {t('desk.release')}
            </Button>
          );
        }
        return null;
      },
    },
  ];

  const counts = data?.counts;
  const count = (n: number | undefined) => (n === undefined ? '' : ` ${n}`);
  const stateOptions = Object.entries(states).map(([code, name]) => ({ value: code, label: lt(name, lng) }));
  if (state && !states[state]) stateOptions.push({ value: state, label: state });

  return (
    <div data-testid="work-tab">
      <div className="yw-toolbar">
        <Segmented<Scope>
          value={scope}
          onChange={(v) => filter({ scope: v === 'all' ? undefined : v })}
          options={[
            {
              value: 'all',
              label: (
                <span data-testid="scope-all">
                  {t('desk.scope.all')}
                  {count(counts?.all)}
                </span>
              ),
            },
            {
              value: 'mine',
              label: (
                <span data-testid="scope-mine">
                  {t('desk.scope.mine')}
                  {count(counts?.mine)}
                </span>
              ),
            },
            {
              value: 'unclaimed',
              label: (
                <span data-testid="scope-unclaimed">
                  {t('desk.scope.unclaimed')}
                  {count(counts?.unclaimed)}
                </span>
              ),
            },
          ]}
        />
        <Select<Flag>
          allowClear
          style={{ minWidth: 150 }}
          placeholder={t('desk.filter.flag')}
          value={flag}
          onChange={(v) => filter({ flag: v })}
          options={[
            { value: 'overdue', label: `${t('desk.flag.overdue')}${count(counts?.overdue)}` },
            { value: 'at_risk', label: `${t('desk.flag.atRisk')}${count(counts?.atRisk)}` },
          ]}
          data-testid="filter-flag"
        />
        <Select<string>
          allowClear
          style={{ minWidth: 150 }}
          placeholder={t('desk.filter.state')}
          value={state}
          onChange={(v) => filter({ state: v })}
          options={stateOptions}
          data-testid="filter-state"
        />
        <SearchBox
          placeholder={t('desk.filter.search')}
          onSearch={(v) => filter({ q: v || undefined })}
          testId="inbox-search"
          maxWidth={260}
        />
        <Space style={{ marginLeft: 'auto' }}>
          <Typography.Text type="secondary">{t('desk.filter.sort')}</Typography.Text>
          <Segmented<Sort>
            value={sort}
            onChange={(v) => filter({ sort: v === 'deadline' ? undefined : v })}
            options={[
              { value: 'deadline', label: t('desk.filter.byDeadline') },
              { value: 'submitted', label: <span data-testid="sort-submitted">{t('desk.filter.bySubmitted')}</span> },
            ]}
          />
        </Space>
      </div>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={deskErrorMessage(t, list.error)} style={{ marginBottom: 16 }} />
      )}
      <div data-testid="inbox-table">
        <Table<WorkItem>
          rowKey={rowKey}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isPending || list.isPlaceholderData}
          size="middle"
          scroll={{ x: 1040 }}
          locale={{ emptyText: t('desk.emptyWork') }}
          pagination={pagination(data?.total ?? 0)}
          onRow={(w) => ({ onClick: () => void navigate(`/cases/${w.caseId}`), style: { cursor: 'pointer' } })}
        />
      </div>
    </div>
  );
}

function CasesTab() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const { params, set } = useFilters();
  const status = pick(params, 'status', STATUS_FILTERS);
  const q = params.get('cq') ?? '';
  const { page, pageSize, restart, pagination } = usePaging();
  const query: CaseListQuery = { status, q: q || undefined, page, pageSize };
  const list = useQuery({ ...casesQuery(query), placeholderData: keepPreviousData });
  const data = list.data;

  const filter = (changes: Record<string, string | undefined>) => {
    restart();
    set(changes);
  };

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('desk.col.caseNumber'),
      key: 'caseNumber',
      width: 210,
      render: (_, c) => (
        <Link
          to={`/cases/${c.id}`}
          className="yw-code"
          style={{ whiteSpace: 'nowrap', fontSize: 13 }}
          data-testid="case-link"
          onClick={(e) => e.stopPropagation()}
        >
          {c.caseNumber}
        </Link>
      ),
    },
    { title: t('desk.col.title'), key: 'title', render: (_, c) => lt(c.title, lng) },
    { title: t('desk.col.department'), key: 'department', width: 140, render: (_, c) => lt(c.departmentName, lng) },
    {
      title: t('desk.col.status'),
      key: 'status',
      width: 150,
      render: (_, c) => (
        <Space size={4} wrap>
          <CaseStatusTag status={c.status} />
          {c.status === 'in_progress' && <span>{lt(c.stateName, lng)}</span>}
        </Space>
      ),
    },
    { title: t('desk.col.applicant'), dataIndex: 'applicantName', width: 90 },
    { title: t('desk.col.submitted'), key: 'submitted', width: 135, render: (_, c) => <When at={c.submittedAt} /> },
    {
      title: t('desk.col.closed'),
      key: 'closed',
      width: 150,
      render: (_, c) =>
        c.closedAt ? (
          <When at={c.closedAt} />
        ) : c.dueAt ? (
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {t('desk.promisedBy', { at: formatDateTime(c.dueAt, lng) })}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div data-testid="cases-tab">
      <div className="yw-toolbar">
        <Select<StatusFilter>
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('desk.filter.anyStatus')}
          value={status}
          onChange={(v) => filter({ status: v })}
          options={STATUS_FILTERS.map((s) => ({
            value: s,
            label: s === 'open' ? t('desk.filter.open') : t(`desk.status.${s}`),
          }))}
          data-testid="filter-status"
        />
        <SearchBox
          placeholder={t('desk.filter.search')}
          onSearch={(v) => filter({ cq: v || undefined })}
          testId="cases-search"
          maxWidth={260}
        />
      </div>
      {list.error !== undefined && (
        <Alert type="error" showIcon title={deskErrorMessage(t, list.error)} style={{ marginBottom: 16 }} />
      )}
      <div data-testid="cases-table">
        <Table<CaseSummary>
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isPending || list.isPlaceholderData}
          size="middle"
          scroll={{ x: 1040 }}
          locale={{ emptyText: t('desk.emptyCases') }}
          pagination={pagination(data?.total ?? 0)}
          onRow={(c) => ({ onClick: () => void navigate(`/cases/${c.id}`), style: { cursor: 'pointer' } })}
        />
      </div>
    </div>
  );
}

// 办件办理: one case as the staff member sees it. The header (number, status, deadline,
// applicant), what the staff member may do now (claim, release, the workflow actions), the
// filed form and materials, each department's branch, and the full history.
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Result,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { DescriptionsProps, TableColumnsType, TimelineItemProps } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { caseQuery, claim as claimCall, materialUrl } from '../../shared/api/applications';
import { lt, useDepartmentName } from '../../shared/catalog';
import { CaseEvidence } from '../case-evidence';
import type { AvailableAction, BranchView, CaseView, HistoryEntry, MaterialView } from '../../shared/contract';
import { Loading } from '../common';
import { ActionDialog } from '../action-dialog';
import { ResubmissionChanges } from '../case-changes';
import { CaseFormView } from '../case-form-view';
import { ResultFileLinks } from '../result-files';
import { CaseStatusTag, Deadline, DeadlineFlags, deskErrorMessage, formatSize, isStale, When } from '../desk';
import { CasePaymentState } from '../payments-parts';
import '../desk-text';

/** A case the viewer may not see answers exactly like one that does not exist; so does a malformed id. */
const isNotFound = (err: unknown) =>
  err instanceof ApiError && (err.status === 404 || (err.status === 400 && err.code === 'VALIDATION_FAILED'));

export default function CaseDeskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  // An action or claim answers with the case as it now is: the query's data is replaced by it.
  const query = useQuery(caseQuery(id));
  const c = query.data;
  const reload = () => void query.refetch();

  const backToInbox = () => {
    // Back keeps the inbox's filters; a case opened directly goes to the inbox.
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    void (idx > 0 ? navigate(-1) : navigate('/inbox'));
  };

  if (query.error && !c) {
    if (isNotFound(query.error)) {
      return (
        <Card>
          <Result
            status="404"
            title={t('desk.case.notFound')}
            extra={
              <Button type="primary" onClick={() => void navigate('/inbox')}>
                {t('desk.case.toInbox')}
              </Button>
            }
            data-testid="case-not-found"
          />
        </Card>
      );
    }
    return (
      <Alert
        type="error"
        showIcon
        title={deskErrorMessage(t, query.error)}
        action={<Button onClick={reload}>{t('common.retry')}</Button>}
        data-testid="case-error"
      />
    );
  }
  if (!c) return <Loading />;
  return <Desk c={c} onReload={reload} onBack={backToInbox} />;
}

function Desk({ c, onReload, onBack }: { c: CaseView; onReload: () => void; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departmentName = useDepartmentName(lng);
  const { message } = AntApp.useApp();
  const [acting, setActing] = useState<AvailableAction | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);
  const claimMutation = useMutation(claimCall);

  const branchName = (code: string | null) => {
    if (code === null) return t('desk.case.mainLine');
    const b = c.branches.find((x) => x.code === code);
    return b ? lt(b.name, lng) : code;
  };

  const claimOrRelease = async (branch: string | null, claim: boolean) => {
    setClaiming(`${claim ? 'claim' : 'release'}:${branch ?? ''}`);
    try {
      await claimMutation.mutateAsync({ id: c.id, branch, release: !claim });
      void message.success(t(claim ? 'desk.claimed' : 'desk.released', { caseNumber: c.caseNumber }));
    } catch (err) {
      void message.error(deskErrorMessage(t, err));
      if (isStale(err)) onReload();
    } finally {
      setClaiming(null);
    }
  };

  const summary: DescriptionsProps['items'] = [
    {
      key: 'applicant',
      label: t('desk.case.applicant'),
      children: <span data-testid="case-applicant">{c.applicantName}</span>,
    },
    { key: 'department', label: t('desk.case.department'), children: lt(c.departmentName, lng) },
    {
      key: 'state',
      label: t('desk.case.state'),
      children: <span data-testid="case-state">{lt(c.stateName, lng)}</span>,
    },
    { key: 'handledBy', label: t('desk.case.handledBy'), children: c.handledBy ? lt(c.handledBy, lng) : '—' },
    { key: 'submitted', label: t('desk.case.submitted'), children: <When at={c.submittedAt} /> },
    {
      key: 'deadline',
      label: t('desk.case.deadline'),
      children: <Deadline at={c.deadlineAt} overdue={c.overdue} atRisk={c.atRisk} />,
    },
    { key: 'due', label: t('desk.case.due'), children: <When at={c.dueAt} /> },
    ...(c.closedAt ? [{ key: 'closed', label: t('desk.case.closed'), children: <When at={c.closedAt} /> }] : []),
    {
      key: 'items',
      label: c.kind === 'bundle' ? t('desk.case.bundle') : t('desk.case.items'),
      span: 'filled' as const,
      children: (
        <Space orientation="vertical" size={0}>
          {c.items.map((it) => (
            <span key={it.code}>
              {t('desk.case.itemVersion', { name: lt(it.name, lng), version: it.version })}
              {c.kind === 'bundle' && (
                <Typography.Text type="secondary"> · {departmentName(it.departmentCode)}</Typography.Text>
              )}
            </span>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="case-desk" data-case-id={c.id} data-seq={c.seq}>
      <Card style={{ marginBottom: 16 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap align="center">
            <Button onClick={onBack} data-testid="case-back">
              {t('desk.case.back')}
            </Button>
            <Typography.Title level={4} style={{ margin: 0 }}>
              <Typography.Text copyable={{ text: c.caseNumber }} className="yw-code" data-testid="case-number">
                {c.caseNumber}
              </Typography.Text>{' '}
              <span data-testid="case-title">{lt(c.title, lng)}</span>
            </Typography.Title>
            <CaseStatusTag status={c.status} />
            <DeadlineFlags overdue={c.overdue} atRisk={c.atRisk} />
            <Button type="link" onClick={onReload} data-testid="case-reload">
              {t('desk.case.reload')}
            </Button>
          </Space>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={summary} />
          <Outcome c={c} />
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <ResubmissionChanges c={c} />
            <Card title={t('desk.form.title')}>
              <CaseFormView c={c} />
            </Card>
            <Card title={t('desk.materials.title')}>
              <Materials c={c} />
            </Card>
            {c.evidence.length > 0 && (
              <Card title={t('evidence.title')}>
                <CaseEvidence c={c} />
              </Card>
            )}
            {c.branches.length > 0 && (
              <Card title={t('desk.branches.title')}>
                <Branches branches={c.branches} />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('desk.case.handle')} data-testid="case-actions">
              {c.actions.length === 0 && c.claimable.length === 0 && c.releasable.length === 0 ? (
                <Typography.Text type="secondary" data-testid="no-actions">
                  {t('desk.case.noActions')}
                </Typography.Text>
              ) : (
                <Space wrap>
                  {c.claimable.map((b) => (
                    <Button
                      key={`claim:${b ?? ''}`}
                      loading={claiming === `claim:${b ?? ''}`}
                      onClick={() => void claimOrRelease(b, true)}
                      data-testid={b ? `claim-${b}` : 'claim'}
                    >
                      {b ? t('desk.case.claimBranch', { branch: branchName(b) }) : t('desk.claim')}
                    </Button>
                  ))}
                  {c.releasable.map((b) => (
                    <Button
                      key={`release:${b ?? ''}`}
                      loading={claiming === `release:${b ?? ''}`}
                      onClick={() => void claimOrRelease(b, false)}
                      data-testid={b ? `release-${b}` : 'release'}
                    >
                      {b ? t('desk.case.releaseBranch', { branch: branchName(b) }) : t('desk.release')}
                    </Button>
                  ))}
                  {c.actions.map((a) => (
                    <Button
                      key={`${a.action}:${a.branch ?? ''}`}
                      type={a.action === 'reject' || a.action === 'request_correction' ? 'default' : 'primary'}
                      danger={a.action === 'reject'}
                      onClick={() => setActing(a)}
                      data-testid={a.branch ? `action-${a.action}-${a.branch}` : `action-${a.action}`}
                    >
                      {lt(a.name, lng)}
                      {a.branch ? ` · ${branchName(a.branch)}` : ''}
                    </Button>
                  ))}
                </Space>
              )}
            </Card>
            <CasePaymentState caseId={c.id} />
            <Card title={t('desk.history.title')}>
              <History c={c} branchName={branchName} />
            </Card>
          </Space>
        </Col>
      </Row>
      <ActionDialog
        c={c}
        action={acting}
        onClose={() => setActing(null)}
        onDone={() => setActing(null)}
        onStale={() => {
          setActing(null);
          onReload();
        }}
      />
    </div>
  );
}

/** What the case came to (the result, or the refusal), or the open correction notice. */
function Outcome({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  if (c.result) {
    return (
      <Alert
        type="success"
        showIcon
        title={t('desk.outcome.result')}
        description={
          <>
            <div style={{ whiteSpace: 'pre-wrap' }}>{c.result.note}</div>
            {c.result.documentNumber && (
              <div>
                {t('desk.labelled', { label: t('desk.outcome.documentNumber') })}
                <span className="yw-code" data-testid="case-document-number">
                  {c.result.documentNumber}
                </span>
              </div>
            )}
            <ResultFileLinks c={c} />
          </>
        }
        data-testid="case-result"
      />
    );
  }
  if (c.rejection) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('desk.outcome.rejection')}
        description={
          <>
            <div>
              {t('desk.labelled', { label: t('desk.outcome.reason') })}
              {c.rejection.reason}
            </div>
            <div>
              {t('desk.labelled', { label: t('desk.outcome.legalBasis') })}
              {c.rejection.legalBasis}
            </div>
          </>
        }
        data-testid="case-rejection"
      />
    );
  }
  if (c.status === 'correction' && c.correction) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('desk.outcome.correction')}
        description={
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            {c.correction.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ol>
        }
        data-testid="case-correction"
      />
    );
  }
  return null;
}

function Materials({ c }: { c: CaseView }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const columns: TableColumnsType<MaterialView> = [
    { title: t('desk.materials.name'), key: 'name', render: (_, m) => lt(m.name, lng) },
    {
      title: t('desk.materials.file'),
      key: 'file',
      render: (_, m) => (
        <Space orientation="vertical" size={0}>
          <span>{m.fileName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.mediaType} · {formatSize(m.size, lng)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('desk.materials.sha256'),
      key: 'sha256',
      width: 220,
      render: (_, m) => (
        <Typography.Text
          className="yw-code"
          style={{ fontSize: 12 }}
          copyable={{ text: m.sha256 }}
          data-testid="material-sha256"
        >
          {m.sha256}
        </Typography.Text>
      ),
    },
    {
      key: 'open',
      width: 80,
      render: (_, m) => (
        <a href={materialUrl(c.id, m.code)} target="_blank" rel="noopener noreferrer" data-testid="material-open">
          {t('desk.materials.open')}
        </a>
      ),
    },
  ];
  if (c.materials.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desk.materials.empty')} />;
  return (
    <div data-testid="case-materials">
      <Table<MaterialView> rowKey="code" columns={columns} dataSource={c.materials} pagination={false} size="small" />
    </div>
  );
}

function Branches({ branches }: { branches: BranchView[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const columns: TableColumnsType<BranchView> = [
    { title: t('desk.branches.department'), key: 'name', render: (_, b) => lt(b.name, lng) },
    {
      title: t('desk.branches.state'),
      key: 'state',
      width: 120,
      render: (_, b) => (
        // A finished part: green when it went through (approved, done), red when it was refused.
        <Tag
          color={
            b.outcome === 'approved' ? 'green' : b.outcome === 'rejected' ? 'red' : b.done ? 'default' : 'processing'
          }
          data-testid="branch-state"
        >
          {lt(b.stateName, lng)}
        </Tag>
      ),
    },
    {
      title: t('desk.branches.deadline'),
      key: 'deadline',
      width: 150,
      render: (_, b) => (b.done ? '—' : <When at={b.deadlineAt} />),
    },
    {
      title: t('desk.branches.outcome'),
      key: 'outcome',
      render: (_, b) => {
        if (b.result) {
          return (
            <div style={{ whiteSpace: 'pre-wrap' }}>
              {b.result.documentNumber
                ? t('desk.history.resultWithNumber', { note: b.result.note, number: b.result.documentNumber })
                : b.result.note}
            </div>
          );
        }
        if (b.rejection) {
          return (
            <div style={{ whiteSpace: 'pre-wrap' }}>
              {b.rejection.reason}
              <Typography.Text type="secondary"> · {b.rejection.legalBasis}</Typography.Text>
            </div>
          );
        }
        return '—';
      },
    },
    {
      title: t('desk.branches.claimedBy'),
      key: 'claimedBy',
      width: 100,
      render: (_, b) =>
        b.claimedBy?.name ?? (b.done ? '—' : <Typography.Text type="secondary">{t('desk.unclaimed')}</Typography.Text>),
    },
  ];
  return (
    <div data-testid="case-branches">
      <Table<BranchView>
        rowKey="code"
        tableLayout="fixed"
        columns={columns}
        dataSource={branches}
        pagination={false}
        size="small"
      />
    </div>
  );
}

const ACTION_COLOURS: Record<string, string> = {
  reject: 'red',
  request_correction: 'orange',
  withdraw: 'gray',
  complete: 'green',
  approve: 'green',
};

function History({ c, branchName }: { c: CaseView; branchName: (code: string | null) => string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departmentName = useDepartmentName(lng);

  const organisation = (h: HistoryEntry) =>
    h.actorOrganisation === 'applicant'
      ? t('desk.history.applicant')
      : h.actorOrganisation === 'system'
        ? t('desk.history.system')
        : departmentName(h.actorOrganisation);

  const submitted: TimelineItemProps = {
    key: 'submitted',
    color: 'gray',
    content: (
      <div data-testid="history-submitted">
        <When at={c.submittedAt} small />
        <div>
          <Typography.Text strong>{t('desk.history.submitted')}</Typography.Text>
          <Typography.Text type="secondary">
            {' · '}
            {c.applicantName}
          </Typography.Text>
        </div>
      </div>
    ),
  };
  const items: TimelineItemProps[] = c.history.map((h) => ({
    key: h.seq,
    color: ACTION_COLOURS[h.action] ?? 'blue',
    content: (
      <div data-testid="history-entry" data-action={h.action}>
        <When at={h.at} small />
        <div>
          <Typography.Text strong>{lt(h.actionName, lng)}</Typography.Text>
          <Typography.Text type="secondary" data-testid="history-actor">
            {' · '}
            {h.actorName === organisation(h)
              ? h.actorName
              : t('desk.history.actor', { name: h.actorName, organisation: organisation(h) })}
          </Typography.Text>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {/* A department's step inside a parallel state leaves the case's own step as it was. */}
          {[
            h.branch !== null ? t('desk.history.branch', { branch: branchName(h.branch) }) : null,
            h.from !== h.to ? t('desk.history.transition', { from: lt(h.fromName, lng), to: lt(h.toName, lng) }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
        <HistoryDetails h={h} />
      </div>
    ),
  }));
  return (
    <div data-testid="case-history">
      <Timeline items={[submitted, ...items]} />
    </div>
  );
}

function HistoryDetails({ h }: { h: HistoryEntry }) {
  const { t } = useTranslation();
  const line = (label: string, text: string, testId: string) => (
    <div data-testid={testId} style={{ whiteSpace: 'pre-wrap' }}>
      <Typography.Text type="secondary">{t('desk.labelled', { label })}</Typography.Text>
      {text}
    </div>
  );
  return (
    <div style={{ marginTop: 4 }}>
      {h.comment && line(t('desk.history.comment'), h.comment, 'history-comment')}
      {h.reason && line(t('desk.history.reason'), h.reason, 'history-reason')}
      {h.legalBasis && line(t('desk.history.legalBasis'), h.legalBasis, 'history-legal-basis')}
      {h.correctionItems && h.correctionItems.length > 0 && (
        <div data-testid="history-correction-items">
          <Typography.Text type="secondary">
            {t('desk.labelled', { label: t('desk.history.correctionItems') })}
          </Typography.Text>
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            {h.correctionItems.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ol>
        </div>
      )}
      {h.result &&
        line(
          t('desk.history.result'),
          h.result.documentNumber
            ? t('desk.history.resultWithNumber', { note: h.result.note, number: h.result.documentNumber })
            : h.result.note,
          'history-result',
        )}
    </div>
  );
}

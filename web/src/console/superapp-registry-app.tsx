/**
 * One mini-app under review (/superapp/review/:id): its manifest (the version chosen, the one in
 * review by default), the automated pre-review's report (run again on demand), every version with
 * its decision, and the reviewer's decisions: approve, reject with a reason, suspend, reinstate,
 * take down (each audited; the organisation is told).
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Input, Modal, Space, Table, Tag } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  appQuery,
  approveVersion,
  decideApp,
  rejectVersion,
  runPreReview,
  type AppDecision,
  type AppDetail,
  type AppVersion,
} from '../shared/api/superapp-registry';
import { lt } from '../shared/catalog';
import { formatDateTime } from '../shared/format';
import { errorMessage } from '../shared/i18n';
import { OutcomeTag } from './superapp-registry-queue';

type Decision = 'approve' | 'reject' | AppDecision;
const LABEL: Record<Decision, string> = {
  approve: 'approve',
  reject: 'reject',
  suspend: 'suspend',
  reinstate: 'reinstate',
  'take-down': 'takeDown',
};

function DecideDialog({
  app,
  version,
  decision,
  onClose,
}: {
  app: AppDetail;
  version: number;
  decision: Decision;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const approve = useMutation(approveVersion);
  const reject = useMutation(rejectVersion);
  const decide = useMutation(decideApp);
  const [text, setText] = useState('');
  const optional = decision === 'approve';
  const done = {
    onSuccess: () => {
      void message.success(t('appReview.done'));
      onClose();
    },
    onError: (e: unknown) => void message.error(errorMessage(t, e)),
  };
  const go = () => {
    const reason = text.trim();
    if (decision === 'approve') approve.mutate({ id: app.id, version, ...(reason ? { note: reason } : {}) }, done);
    else if (decision === 'reject') reject.mutate({ id: app.id, version, reason }, done);
    else decide.mutate({ id: app.id, decision, reason }, done);
  };
  return (
    <Modal
      open
      title={`${t(`appReview.${LABEL[decision]}`)} · ${app.slug}`}
      onCancel={onClose}
      okText={t('appReview.confirm')}
      okButtonProps={{
        disabled: !optional && text.trim().length < 2,
        loading: approve.isPending || reject.isPending || decide.isPending,
        'data-testid': 'review-confirm',
      }}
      onOk={go}
    >
      <Input.TextArea
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={optional ? t('appReview.note') : t('appReview.reasonPlaceholder')}
        data-testid="review-reason"
      />
    </Modal>
  );
}

function Report({ app, v }: { app: AppDetail; v: AppVersion }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const run = useMutation(runPreReview);
  const report = v.preReview;
  return (
    <Card
      size="small"
      title={t('appReview.report')}
      className="yw-mt"
      extra={
        <Button
          size="small"
          loading={run.isPending}
          onClick={() =>
            run.mutate({ id: app.id, version: v.version }, { onError: (e) => void message.error(errorMessage(t, e)) })
          }
          data-testid="review-run-pre-review"
        >
          {t('appReview.runPreReview')}
        </Button>
      }
      data-testid="pre-review-report"
    >
      {report ? (
        <>
          <p>
            <OutcomeTag outcome={report.outcome} /> {formatDateTime(report.ranAt, i18n.language)} ·{' '}
            {t('appReview.browser')}: {report.browser ?? '—'} {report.note ? `· ${report.note}` : ''}
          </p>
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={report.checks}
            columns={[
              { title: t('appReview.check'), dataIndex: 'name', render: (n: string) => t(`appReview.checks.${n}`) },
              {
                title: t('appReview.outcomeCol'),
                dataIndex: 'outcome',
                render: (o: 'pass' | 'fail' | 'not-run') => <OutcomeTag outcome={o} />,
              },
              { title: t('appReview.details'), dataIndex: 'details' },
            ]}
          />
        </>
      ) : (
        <p className="yw-muted">{t('appReview.noReport')}</p>
      )}
    </Card>
  );
}

function Manifest({ v }: { v: AppVersion }) {
  const { t, i18n } = useTranslation();
  const m = v.manifest;
  return (
    <Descriptions bordered size="small" column={1} data-testid="review-manifest">
      <Descriptions.Item label={t('appReview.app')}>
        <img src={m.icon} alt="" width={32} height={32} style={{ verticalAlign: 'middle', marginRight: 8 }} />
        {lt(m.name, i18n.language)} — {lt(m.description, i18n.language)}
      </Descriptions.Item>
      <Descriptions.Item label={t('appReview.category')}>{m.category}</Descriptions.Item>
      <Descriptions.Item label={t('appReview.entryUrl')}>{m.entryUrl}</Descriptions.Item>
      <Descriptions.Item label={t('appReview.redirectUris')}>{m.redirectUris.join(' ')}</Descriptions.Item>
      <Descriptions.Item label={t('appReview.scopes')}>
        {m.scopes.map((s) => (
          <div key={s.scope}>
            <Tag color={v.addedScopes.includes(s.scope) ? 'orange' : undefined}>{s.scope}</Tag>
            {lt(s.purpose, i18n.language)}
          </div>
        ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('appReview.privacy')}>{m.privacyPolicyUrl}</Descriptions.Item>
      <Descriptions.Item label={t('appReview.support')}>
        {[m.support.phone, m.support.email].filter(Boolean).join(' · ')}
      </Descriptions.Item>
      <Descriptions.Item label={t('appReview.languages')}>
        {m.languages.join(', ')} · {t('appReview.elderMode')}: {m.elderMode ? '✓' : '✗'}
      </Descriptions.Item>
    </Descriptions>
  );
}

export default function AppReviewPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const app = useQuery(appQuery(id));
  const [chosen, setChosen] = useState<number | null>(null);
  const [deciding, setDeciding] = useState<{ decision: Decision; version: number } | null>(null);
  if (!app.data) return <Card loading={app.isPending}>{app.error ? errorMessage(t, app.error) : null}</Card>;
  const a = app.data;
  const inReview = a.versions.find((v) => v.status === 'in_review');
  const v = a.versions.find((x) => x.version === chosen) ?? inReview ?? a.versions[0]!;
  const act = (decision: Decision, version = v.version) => setDeciding({ decision, version });
  return (
    <Card
      title={
        <span data-testid="review-app-title">
          {a.slug} · {a.ownerName} ({a.ownerUscc}){' '}
          <Tag data-testid="review-app-status">{t(`appReview.statuses.${a.status}`)}</Tag>
        </span>
      }
      extra={
        <Space wrap>
          {v.status === 'in_review' && (
            <>
              <Button type="primary" onClick={() => act('approve')} data-testid="review-approve">
                {t('appReview.approve')}
              </Button>
              <Button danger onClick={() => act('reject')} data-testid="review-reject">
                {t('appReview.reject')}
              </Button>
            </>
          )}
          {a.status === 'approved' && (
            <Button onClick={() => act('suspend')} data-testid="review-suspend">
              {t('appReview.suspend')}
            </Button>
          )}
          {a.status === 'suspended' && (
            <Button onClick={() => act('reinstate')} data-testid="review-reinstate">
              {t('appReview.reinstate')}
            </Button>
          )}
          {a.status !== 'taken_down' && (
            <Button danger onClick={() => act('take-down')} data-testid="review-take-down">
              {t('appReview.takeDown')}
            </Button>
          )}
        </Space>
      }
      data-testid="app-review-detail"
    >
      {a.statusReason && (
        <p>
          {t('appReview.reason')}: {a.statusReason}
        </p>
      )}
      <h3>
        {t('appReview.manifest')} · {t('appReview.version')} {v.version}
      </h3>
      <Manifest v={v} />
      <Report app={a} v={v} />
      <Card size="small" title={t('appReview.versions')} className="yw-mt">
        <Table
          size="small"
          rowKey="version"
          pagination={false}
          dataSource={a.versions}
          onRow={(r) => ({ onClick: () => setChosen(r.version), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('appReview.version'), dataIndex: 'version' },
            {
              title: t('appReview.status'),
              dataIndex: 'status',
              render: (s: AppVersion['status']) => t(`appReview.statuses.${s}`),
            },
            { title: t('appReview.addedScopes'), dataIndex: 'addedScopes', render: (s: string[]) => s.join(', ') },
            {
              title: t('appReview.preReview'),
              key: 'pre',
              render: (_, r) => <OutcomeTag outcome={r.preReview?.outcome ?? null} />,
            },
            {
              title: t('appReview.submittedAt'),
              dataIndex: 'submittedAt',
              render: (d: string) => formatDateTime(d, i18n.language),
            },
            { title: t('appReview.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '' },
          ]}
        />
      </Card>
      {deciding && (
        <DecideDialog
          app={a}
          version={deciding.version}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
        />
      )}
    </Card>
  );
}

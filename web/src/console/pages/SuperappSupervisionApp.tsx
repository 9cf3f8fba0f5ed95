/**
 * An app's supervision (/superapp/supervision/:id), for the app reviewer: what personal data it
 * obtained (totals by claim, the newest releases with persons masked and their consent), its
 * complaints with decide buttons, and its daily usage and errors.
 */
import { lazy, Suspense } from 'react';
import { Card, Col, Descriptions, Row, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { appSupervisionQuery, appUsageQuery } from '../../shared/api/superapp-supervision';
import { lt } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { Loading } from '../common';
import { ComplaintTable } from '../superapp-complaint-parts';

const UsageChart = lazy(() => import('../superapp-usage-chart'));

export default function SuperappSupervisionAppPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { id = '' } = useParams();
  const view = useQuery(appSupervisionQuery(id));
  const usage = useQuery(appUsageQuery(id));
  if (view.error) return <p role="alert">{errorMessage(t, view.error)}</p>;
  const v = view.data;
  if (!v) return <Loading />;
  return (
    <div data-testid="app-supervision-detail">
      <Card title={lt(v.app.name, lng)} extra={<Tag>{t(`appSupervision.statuses.${v.app.status}`)}</Tag>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('appSupervision.owner')}>{v.app.ownerName}</Descriptions.Item>
          <Descriptions.Item label={t('appSupervision.releases')}>{v.releases}</Descriptions.Item>
          <Descriptions.Item label={t('appSupervision.people')}>{v.people}</Descriptions.Item>
        </Descriptions>
        {v.app.statusReason && <p data-testid="app-status-reason">{v.app.statusReason}</p>}
        <p className="yw-muted">
          {t('appSupervision.towards', { count: v.upheldTowardsSuspension, limit: v.suspendAfterUpheld })}
        </p>
      </Card>
      <Row gutter={16} className="yw-mt">
        <Col xs={24} lg={8}>
          <Card title={t('appSupervision.claimTotals')} size="small">
            <Table
              rowKey="claim"
              size="small"
              pagination={false}
              dataSource={v.claimTotals}
              columns={[
                { title: t('appSupervision.claim'), dataIndex: 'claim' },
                { title: t('appSupervision.count'), dataIndex: 'count' },
              ]}
              data-testid="app-claim-totals"
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('appSupervision.recentReleases')} size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={{ pageSize: 10 }}
              dataSource={v.recentReleases}
              columns={[
                { title: t('appSupervision.person'), dataIndex: 'person' },
                { title: t('appSupervision.claim'), key: 'claims', render: (_, r) => r.claims.join(', ') },
                { title: t('appSupervision.via'), dataIndex: 'via' },
                {
                  title: t('appSupervision.consent'),
                  key: 'consent',
                  render: (_, r) => r.consentId?.slice(0, 8) ?? '—',
                },
                { title: t('appSupervision.at'), key: 'at', render: (_, r) => formatDateTime(r.at, lng) },
              ]}
              data-testid="app-recent-releases"
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('appSupervision.complaints')} className="yw-mt" size="small">
        <ComplaintTable items={v.complaints} showApp={false} />
      </Card>
      <Card title={t('appSupervision.usage')} className="yw-mt" size="small">
        {usage.data ? (
          <>
            <Suspense fallback={<Loading />}>
              <UsageChart usage={usage.data} />
            </Suspense>
            {usage.data.recentErrors.length > 0 && (
              <Table
                rowKey={(e) => `${e.at}-${e.name}`}
                size="small"
                pagination={false}
                dataSource={usage.data.recentErrors}
                title={() => t('appSupervision.recentErrors')}
                columns={[
                  { title: t('appSupervision.at'), key: 'at', render: (_, e) => formatDateTime(e.at, lng) },
                  { title: 'name', dataIndex: 'name' },
                  { title: 'detail', key: 'detail', render: (_, e) => JSON.stringify(e.detail) },
                ]}
              />
            )}
          </>
        ) : usage.error ? (
          <p role="alert">{errorMessage(t, usage.error)}</p>
        ) : (
          <Loading />
        )}
      </Card>
    </div>
  );
}

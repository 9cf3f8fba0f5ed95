// 城市事件详情: what was reported, where (on the map), by whom (never for an anonymous report),
// its routing, the handler's result and the reporter's rating; the history; the actions the caller
// may take; and the possible duplicates an operator can merge into this event.
import { useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Modal,
  Result,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  areasQuery,
  duplicatesQuery,
  eventHistoryQuery,
  eventQuery,
  mergeEvent,
  type Duplicate,
  type EventDetail,
} from '../../shared/api/cityops';
import { lt } from '../../shared/catalog';
import { ApiError } from '../../shared/client';
import { CommunityMap } from '../../shared/community-map';
import { formatDateTime } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { Loading, localName } from '../common';
import { actionsFor, ActionDialog, type ActionKind } from '../cityops-actions';
import { Deadline, HistoryTimeline, Photos, StatusTag } from '../cityops-parts';

export default function CityEventPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const event = useQuery(eventQuery(id));
  if (event.error)
    return event.error instanceof ApiError && event.error.status === 404 ? (
      <Result status="404" title={t('cityops.detail.notFound')} data-testid="event-not-found" />
    ) : (
      <Alert type="error" showIcon title={errorMessage(t, event.error)} />
    );
  if (!event.data) return <Loading />;
  return <EventView e={event.data} />;
}

function EventView({ e }: { e: EventDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const history = useQuery(eventHistoryQuery(e.id));
  const areas = useQuery(areasQuery());
  const [action, setAction] = useState<ActionKind | null>(null);
  const point = useMemo(() => (e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : null), [e.lat, e.lng]);
  const focus = useMemo(() => (e.grid ? [e.grid.code] : e.community ? [e.community.code] : []), [e.grid, e.community]);
  const actions = actionsFor(e);
  const none = t('cityops.none');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="event-page" data-status={e.status}>
      <Link to="/cityops/events">← {t('cityops.detail.back')}</Link>
      <Card
        title={
          <Space wrap>
            <span data-testid="event-number">{t('cityops.detail.title', { number: e.number })}</span>
            <StatusTag status={e.status} />
            {e.urgent && <Tag color="red">{t('cityops.urgent')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'close' ? 'primary' : 'default'}
                onClick={() => setAction(a)}
                data-testid={`action-${a}`}
              >
                {t(`cityops.actions.${a}`)}
              </Button>
            ))}
          </Space>
        }
      >
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={14}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('cityops.columns.category')}>{lt(e.category.name, lng)}</Descriptions.Item>
              <Descriptions.Item label={t('cityops.columns.source')}>
                {t(`cityops.sources.${e.source}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('cityops.detail.description')}>
                <span style={{ whiteSpace: 'pre-wrap' }} data-testid="event-description">
                  {e.description}
                </span>
              </Descriptions.Item>
              {e.address && <Descriptions.Item label={t('cityops.detail.address')}>{e.address}</Descriptions.Item>}
              <Descriptions.Item label={t('cityops.detail.community')}>
                {e.community ? localName({ name: e.community.name, nameEn: e.community.nameEn }, lng) : none}
              </Descriptions.Item>
              <Descriptions.Item label={t('cityops.detail.grid')}>
                <span data-testid="event-grid" data-code={e.grid?.code ?? ''}>
                  {e.grid ? `${localName({ name: e.grid.name, nameEn: e.grid.nameEn }, lng)}（${e.grid.code}）` : none}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('cityops.detail.department')}>
                <span data-testid="event-department">{e.department ? localName(e.department, lng) : none}</span>
              </Descriptions.Item>
              {e.coDepartments.length > 0 && (
                <Descriptions.Item label={t('cityops.detail.coDepartments')}>
                  {e.coDepartments.map((d) => localName(d, lng)).join('、')}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('cityops.columns.deadline')}>
                <Deadline e={e} />
              </Descriptions.Item>
              <Descriptions.Item label={t('cityops.columns.openedAt')}>
                {formatDateTime(e.openedAt, lng)}
              </Descriptions.Item>
              <Descriptions.Item label={t('cityops.detail.reporter')}>
                <span data-testid="event-reporter">
                  {e.anonymous
                    ? t('cityops.anonymous')
                    : e.contact
                      ? [e.contact.name, e.contact.phone, e.contact.email].filter(Boolean).join(' · ') || none
                      : none}
                </span>
              </Descriptions.Item>
              {e.mergedInto && (
                <Descriptions.Item label={t('cityops.detail.mergedInto')}>
                  <Link to={`/cityops/events/${e.mergedInto.id}`}>{e.mergedInto.number}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
            {e.photos.length > 0 && (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('cityops.detail.photos')}
                </Typography.Title>
                <Photos eventId={e.id} ids={e.photos} testId="event-photos" />
              </>
            )}
          </Col>
          <Col xs={24} lg={10}>
            {point ? (
              <CommunityMap
                areas={areas.data ?? []}
                point={point}
                focus={focus}
                highlight={e.grid?.code ?? null}
                label={t('cityops.mapLabel')}
                testId="event-map"
              />
            ) : (
              <Empty description={e.address ?? none} />
            )}
          </Col>
        </Row>
      </Card>
      {e.status === 'closed' && (
        <Card title={t('cityops.kinds.closed')} data-testid="event-result">
          <Descriptions column={1} size="small">
            {e.closedAt && (
              <Descriptions.Item label={t('cityops.detail.closedAt')}>
                {formatDateTime(e.closedAt, lng)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('cityops.detail.closeNote')}>{e.closeNote ?? none}</Descriptions.Item>
            {e.rating !== null && (
              <Descriptions.Item label={t('cityops.detail.rating')}>
                <span data-testid="event-rating">{'★'.repeat(e.rating)}</span>
                {e.ratingComment ? ` ${e.ratingComment}` : ''}
              </Descriptions.Item>
            )}
            {e.reopenUntil && (
              <Descriptions.Item label={t('cityops.detail.reopenUntil')}>
                {formatDateTime(e.reopenUntil, lng)}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Photos eventId={e.id} ids={e.closePhotos} testId="event-close-photos" />
        </Card>
      )}
      {e.viewer.mayDispatch && e.status !== 'closed' && e.status !== 'merged' && <Duplicates e={e} />}
      <Card title={t('cityops.detail.history')}>
        {history.data ? <HistoryTimeline items={history.data} /> : <Loading />}
      </Card>
      <ActionDialog event={e} kind={action} onClose={() => setAction(null)} />
    </Space>
  );
}

/** Near-duplicates of this event; merging one makes its reporters follow this event. */
function Duplicates({ e }: { e: EventDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { message } = AntApp.useApp();
  const dups = useQuery(duplicatesQuery(e.id));
  const merge = useMutation(mergeEvent);
  const mergeOne = (d: Duplicate) =>
    Modal.confirm({
      title: t('cityops.duplicates.mergeConfirm', { number: d.event.number }),
      okText: t('cityops.actions.confirm'),
      cancelText: t('cityops.actions.cancel'),
      onOk: () =>
        merge
          .mutateAsync({ id: d.event.id, body: { intoId: e.id } })
          .then(() => void message.success(t('cityops.duplicates.merged', { number: d.event.number })))
          .catch((err: unknown) => void message.error(errorMessage(t, err))),
    });
  return (
    <Card title={t('cityops.duplicates.title')} data-testid="event-duplicates">
      <Typography.Paragraph type="secondary">{t('cityops.duplicates.hint')}</Typography.Paragraph>
      <List<Duplicate>
        loading={dups.isLoading}
        dataSource={dups.data ?? []}
        locale={{ emptyText: t('cityops.duplicates.none') }}
        renderItem={(d) => (
          <List.Item
            data-testid={`duplicate-${d.event.number}`}
            actions={[
              <Button key="merge" size="small" onClick={() => mergeOne(d)} data-testid="duplicate-merge">
                {t('cityops.duplicates.mergeInto')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Link to={`/cityops/events/${d.event.id}`}>{d.event.number}</Link>
                  <StatusTag status={d.event.status} testId="duplicate-status" />
                </Space>
              }
              description={`${lt(d.event.category.name, lng)} · ${t('cityops.duplicates.distance', {
                meters: d.distanceMetres,
              })} · ${formatDateTime(d.event.openedAt, lng)} · ${d.event.description}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

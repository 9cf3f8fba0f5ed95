// 网格任务: the grid worker's phone page (the console at phone width; staff sign in here with their
// second factor). Their grid's open events, the nearest deadline first, each closed on the spot
// with a note and photos; and 巡查上报, a problem found on patrol reported as an event of the grid.
import { useMemo, useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Drawer, Empty, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { newIdempotencyKey } from '../../shared/api/applications';
import {
  areasQuery,
  categoriesQuery,
  gridEventsQuery,
  reportPatrol,
  type EventSummary,
} from '../../shared/api/cityops';
import { useAuth } from '../../shared/auth';
import { communityQuery } from '../../shared/api/org';
import { lt } from '../../shared/catalog';
import { CommunityMap } from '../../shared/community-map';
import type { LatLng } from '../../shared/geo';
import { errorMessage } from '../../shared/i18n';
import { ActionDialog } from '../cityops-actions';
import { Deadline, PhotoField, placeOf, StatusTag, type PickedPhoto } from '../cityops-parts';
import { Loading } from '../common';

export default function GridTasksPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const post = me?.posts.find((p) => p.roles.includes('grid_worker') && p.gridId);
  // The worker's grid's code (the map's polygons are keyed by code), from their community's grids.
  const community = useQuery({ ...communityQuery(post?.communityId ?? ''), enabled: !!post?.communityId });
  const gridCode = community.data?.grids.find((g) => g.id === post?.gridId)?.code ?? null;
  const list = useQuery(gridEventsQuery());
  const [closing, setClosing] = useState<EventSummary | null>(null);
  const [patrol, setPatrol] = useState(false);
  if (!me?.roles.includes('grid_worker')) return <Alert type="info" showIcon title={t('cityops.grid.notGridWorker')} />;
  return (
    <div className="yw-grid-tasks" data-testid="grid-tasks-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('cityops.grid.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setPatrol(true)} data-testid="patrol-open">
          {t('cityops.grid.patrol')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('cityops.grid.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={errorMessage(t, list.error)} />}
      {list.isPending ? (
        <Loading />
      ) : (list.data ?? []).length === 0 ? (
        <Empty description={t('cityops.grid.empty')} data-testid="grid-empty" />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {(list.data ?? []).map((e) => (
            <TaskCard key={e.id} e={e} onClose={() => setClosing(e)} />
          ))}
        </Space>
      )}
      <ActionDialog
        event={{ id: closing?.id ?? '', department: closing?.department ?? null }}
        kind={closing ? 'close' : null}
        onClose={() => setClosing(null)}
      />
      <Drawer
        open={patrol}
        onClose={() => setPatrol(false)}
        title={t('cityops.grid.patrolTitle')}
        placement="bottom"
        size="large"
        destroyOnHidden
      >
        <PatrolForm gridCode={gridCode} onDone={() => setPatrol(false)} />
      </Drawer>
    </div>
  );
}

function TaskCard({ e, onClose }: { e: EventSummary; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <Card
      size="small"
      title={
        <Space size={4} wrap>
          {lt(e.category.name, lng)}
          {e.urgent && <Tag color="red">{t('cityops.urgent')}</Tag>}
        </Space>
      }
      extra={<StatusTag status={e.status} />}
      data-testid={`grid-task-${e.number}`}
    >
      <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ whiteSpace: 'pre-wrap' }}>
        {e.description}
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        {e.number} · {placeOf(e, lng) || e.address || t('cityops.none')}
      </Typography.Text>
      <div style={{ margin: '6px 0' }}>
        {t('cityops.columns.deadline')}：<Deadline e={e} />
      </div>
      <Space>
        <Link to={`/cityops/events/${e.id}`}>
          <Button>{t('cityops.grid.open')}</Button>
        </Link>
        <Button type="primary" onClick={onClose} data-testid="grid-close">
          {t('cityops.grid.close')}
        </Button>
      </Space>
    </Card>
  );
}

interface PatrolValues {
  categoryCode: string;
  description: string;
}

function PatrolForm({ gridCode, onDone }: { gridCode: string | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { message } = AntApp.useApp();
  const categories = useQuery(categoriesQuery());
  const areas = useQuery(areasQuery());
  const [point, setPoint] = useState<LatLng | null>(null);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const key = useRef<string | null>(null);
  const send = useMutation(reportPatrol);
  const focus = useMemo(() => (gridCode ? [gridCode] : []), [gridCode]);

  const locate = () => {
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint({ lat: pos.coords.latitude, lng: pos.coords.longitude });
      },
      () => {
        setLocating(false);
        setProblem(t('cityops.grid.locateFailed'));
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = (v: PatrolValues) => {
    if (!point) return setProblem(t('cityops.grid.needLocation'));
    setProblem(null);
    key.current ??= newIdempotencyKey();
    send.mutate(
      {
        categoryCode: v.categoryCode,
        description: v.description.trim(),
        lat: point.lat,
        lng: point.lng,
        photos: photos.map((p) => p.id),
        idempotencyKey: key.current,
      },
      {
        onSuccess: (opened) => {
          key.current = null;
          void message.success(t('cityops.grid.patrolDone', { number: opened.number }));
          onDone();
        },
        onError: (err) => setProblem(errorMessage(t, err)),
      },
    );
  };

  return (
    <Form<PatrolValues> layout="vertical" onFinish={submit} data-testid="patrol-form">
      <Form.Item
        name="categoryCode"
        label={t('cityops.grid.category')}
        rules={[{ required: true, message: t('cityops.grid.needCategory') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={categories.isLoading}
          options={(categories.data ?? [])
            .filter((c) => !c.sensorType)
            .map((c) => ({ value: c.code, label: lt(c.name, lng) }))}
          data-testid="patrol-category"
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('cityops.grid.description')}
        rules={[{ required: true, whitespace: true, message: t('cityops.grid.needDescription') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="patrol-description" />
      </Form.Item>
      <Form.Item label={t('cityops.grid.location')} extra={t('cityops.grid.mapHint')}>
        <Button onClick={locate} loading={locating} style={{ marginBottom: 8 }} data-testid="patrol-locate">
          {t('cityops.grid.useLocation')}
        </Button>
        <CommunityMap
          areas={areas.data ?? []}
          point={point}
          onPick={setPoint}
          focus={focus}
          highlight={gridCode}
          label={t('cityops.mapLabel')}
          testId="patrol-map"
        />
        {point && (
          <Typography.Text type="secondary" data-testid="patrol-point">
            {t('cityops.grid.located', { lat: point.lat.toFixed(5), lng: point.lng.toFixed(5) })}
          </Typography.Text>
        )}
      </Form.Item>
      <Form.Item label={t('cityops.detail.photos')} extra={t('cityops.actions.photoHint')}>
        <PhotoField value={photos} onChange={setPhotos} testId="patrol-photo" />
      </Form.Item>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" block loading={send.isPending} data-testid="patrol-submit">
        {t('cityops.grid.patrolSubmit')}
      </Button>
    </Form>
  );
}

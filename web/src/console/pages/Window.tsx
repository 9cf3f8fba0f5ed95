/**
 * 窗口工作台 (/console/halls): a clerk picks the hall, sees its waiting figures (the hall
 * dashboard), opens one of their department's windows and works its queue; takes walk-in
 * numbers for applicants at the desk.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Col, Empty, Row, Select, Space, Statistic, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hallQuery, hallsQuery, myWindowsQuery, openWindow, statsQuery, walkIn } from '../../shared/api/halls';
import { lt } from '../../shared/catalog';
import { errorMessage } from '../../shared/i18n';
import { WindowPanel } from '../window-panel';
import '../window-text';
import '../desk-text';

export default function WindowPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const halls = useQuery(hallsQuery());
  const [hall, setHall] = useState<string | null>(null);
  const code = hall ?? halls.data?.items[0]?.code ?? null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="window-page">
      <Typography.Title level={3}>{t('window.title')}</Typography.Title>
      <Select
        style={{ minWidth: 260 }}
        value={code}
        onChange={setHall}
        options={(halls.data?.items ?? []).map((h) => ({ value: h.code, label: lt(h.name, lng) }))}
        data-testid="window-hall"
      />
      {code ? <HallDesk code={code} key={code} /> : null}
    </Space>
  );
}

function HallDesk({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { message } = AntApp.useApp();
  const stats = useQuery(statsQuery(code));
  const hall = useQuery(hallQuery(code));
  const windows = useQuery(myWindowsQuery(code));
  const open = useMutation(openWindow);
  const take = useMutation(walkIn);
  const [working, setWorking] = useState<string | null>(null);
  const [item, setItem] = useState<string | null>(null);
  const s = stats.data;
  const detail = hall.data;
  const mineOpen = (detail?.windows ?? []).find(
    (w) => w.open && (windows.data?.items ?? []).some((m) => m.id === w.id),
  );
  const active = working ?? null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('window.figures')} data-testid="hall-dashboard">
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title={t('window.waitingNow')} value={s?.waitingNow ?? 0} />
          </Col>
          <Col span={4}>
            <Statistic title={t('window.served')} value={s?.served ?? 0} />
          </Col>
          <Col span={4}>
            <Statistic title={t('window.noShows')} value={s?.noShows ?? 0} />
          </Col>
          <Col span={4}>
            <Statistic title={t('window.averageWait')} value={s?.averageWaitMinutes ?? '—'} />
          </Col>
          <Col span={4}>
            <Statistic title={t('window.medianWait')} value={s?.medianWaitMinutes ?? '—'} />
          </Col>
          <Col span={4}>
            <Statistic title={t('window.averageServe')} value={s?.averageServeMinutes ?? '—'} />
          </Col>
        </Row>
      </Card>
      <Card title={t('window.walkIn')}>
        <Space wrap>
          <Select
            style={{ minWidth: 260 }}
            placeholder={t('window.walkInItem')}
            value={item}
            onChange={setItem}
            options={(detail?.items ?? []).map((i) => ({ value: i.code, label: lt(i.name, lng) }))}
            data-testid="walk-in-item"
          />
          <Button
            disabled={!item}
            onClick={() =>
              item &&
              void take
                .mutateAsync({ hall: code, itemCode: item })
                .then((tk) => message.success(t('window.took', { number: tk.number })))
                .catch((err: unknown) => message.error(errorMessage(t, err)))
            }
            data-testid="walk-in-take"
          >
            {t('window.takeNumber')}
          </Button>
        </Space>
      </Card>
      <Card title={t('window.myWindows')}>
        {windows.error ? <Typography.Text type="danger">{errorMessage(t, windows.error)}</Typography.Text> : null}
        {windows.data?.items.length === 0 ? <Empty description={t('window.noWindows')} /> : null}
        <Space wrap>
          {(windows.data?.items ?? []).map((w) => {
            const taken = w.open && mineOpen?.id !== w.id && active !== w.id;
            return (
              <Button
                key={w.id}
                type={active === w.id ? 'primary' : 'default'}
                disabled={taken}
                onClick={() =>
                  void open
                    .mutateAsync(w.id)
                    .then(() => setWorking(w.id))
                    .catch((err: unknown) => message.error(errorMessage(t, err)))
                }
                data-testid={`open-window-${w.number}`}
              >
                {lt(w.name, lng)} · {active === w.id ? t('window.mine') : taken ? t('window.taken') : t('window.open')}
              </Button>
            );
          })}
        </Space>
      </Card>
      {active ? <WindowPanel windowId={active} hallCode={code} /> : null}
    </Space>
  );
}

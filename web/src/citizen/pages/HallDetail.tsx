/**
 * One hall (/halls/:code): address and map, opening hours, windows and what each handles, the
 * day's waiting figures, and booking: a service, a day the hall opens, a free time.
 */
import { useState } from 'react';
import { Button, Card, List, Selector, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { book, hallQuery, statsQuery } from '../../shared/api/halls';
import { useAuth } from '../../shared/auth';
import { lt } from '../../shared/catalog';
import { formatDate } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { LoadError, SubPage } from '../components';
import { mapLink, SlotPicker } from '../halls-parts';
import '../halls-text';

export default function HallDetailPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const hall = useQuery(hallQuery(code));
  const stats = useQuery(statsQuery(code));
  const h = hall.data;
  const minutes = (n: number | null | undefined) => (n == null ? t('halls.none') : t('halls.minutes', { n }));
  const weekdays = t('halls.weekdays', { returnObjects: true }) as string[];
  return (
    <SubPage title={h ? lt(h.name, lng) : t('halls.title')} testId="hall-page">
      {hall.error ? <LoadError message={errorMessage(t, hall.error)} onRetry={() => void hall.refetch()} /> : null}
      {h ? (
        <>
          <Card className="yw-card">
            <p className="yw-wrap">{lt(h.address, lng)}</p>
            <a href={mapLink(h.lat, h.lng)} target="_blank" rel="noreferrer" data-testid="hall-map">
              {t('halls.map')}
            </a>
          </Card>
          <Card title={t('halls.figures')} className="yw-card" data-testid="hall-figures">
            <p>{t('halls.waitingNow', { count: stats.data?.waitingNow ?? h.waitingNow })}</p>
            <p>
              {t('halls.averageWait')} {minutes(stats.data?.averageWaitMinutes)} · {t('halls.medianWait')}{' '}
              {minutes(stats.data?.medianWaitMinutes)}
            </p>
            <p>
              {t('halls.averageServe')} {minutes(stats.data?.averageServeMinutes)} · {t('halls.served')}{' '}
              {stats.data?.served ?? 0}
            </p>
          </Card>
          <Booking code={code} items={h.items} openDays={h.openDays} />
          <List header={t('halls.hours')} mode="card">
            {h.hours.map((intervals, day) => (
              <List.Item
                key={day}
                extra={intervals.length ? intervals.map((i) => `${i.open}-${i.close}`).join(', ') : t('halls.closed')}
              >
                {weekdays[day]}
              </List.Item>
            ))}
          </List>
          <List header={t('halls.windows')} mode="card">
            {h.windows.map((w) => (
              <List.Item
                key={w.id}
                description={
                  <span className="yw-wrap">
                    {w.comprehensive ? t('halls.comprehensive') : w.items.map((i) => lt(i.name, lng)).join('、')}
                  </span>
                }
              >
                <span className="yw-wrap">{lt(w.name, lng)}</span>
              </List.Item>
            ))}
          </List>
        </>
      ) : null}
    </SubPage>
  );
}

function Booking({
  code,
  items,
  openDays,
}: {
  code: string;
  items: { code: string; name: { zh: string; en: string } }[];
  openDays: string[];
}) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [itemCode, setItemCode] = useState('');
  const [day, setDay] = useState(openDays[0] ?? '');
  const [startAt, setStartAt] = useState<string | null>(null);
  const booking = useMutation(book);
  const submit = async () => {
    if (!me) {
      void navigate('/login', { state: { from: `/halls/${code}` } });
      return;
    }
    if (!startAt) return;
    try {
      await booking.mutateAsync({ hall: code, itemCode, startAt });
      Toast.show({ icon: 'success', content: t('halls.booked') });
      void navigate('/appointments');
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };
  return (
    <Card title={t('halls.book')} className="yw-card" data-testid="hall-booking">
      <p className="yw-muted">{t('halls.item')}</p>
      <Selector
        columns={1}
        options={items.map((i) => ({ label: lt(i.name, i18n.language), value: i.code }))}
        value={itemCode ? [itemCode] : []}
        onChange={(v) => {
          setItemCode(v[0] ?? '');
          setStartAt(null);
        }}
        data-testid="book-item"
      />
      <p className="yw-muted">{t('halls.day')}</p>
      <Selector
        columns={2}
        options={openDays.map((d) => ({ label: formatDate(`${d}T12:00:00+08:00`, i18n.language), value: d }))}
        value={day ? [day] : []}
        onChange={(v) => {
          // Tapping the chosen day again keeps it (a booking needs one).
          setDay(v[0] ?? day);
          setStartAt(null);
        }}
        data-testid="book-day"
      />
      <p className="yw-muted">{t('halls.slots')}</p>
      <SlotPicker hall={code} itemCode={itemCode} day={day} value={startAt} onChange={setStartAt} />
      <Button
        block
        color="primary"
        className="yw-mt"
        disabled={!startAt}
        loading={booking.isPending}
        onClick={() => void submit()}
        data-testid="book-confirm"
      >
        {t('halls.confirm')}
      </Button>
    </Card>
  );
}

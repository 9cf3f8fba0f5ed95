/**
 * My appointments (/appointments): booked, changed, cancelled, and checked in at the hall
 * (取号), where the number and its place in the queue show.
 */
import { useState } from 'react';
import { Button, Card, Dialog, Space, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { cancelAppointment, changeAppointment, checkIn, myAppointmentsQuery } from '../../shared/api/halls';
import type { Appointment } from '../../shared/contract';
import { lt } from '../../shared/catalog';
import { formatDate } from '../../shared/format';
import { errorMessage } from '../../shared/i18n';
import { RequireSignIn } from '../case-parts';
import { LoadError, SubPage } from '../components';
import { SlotPicker, timeOf } from '../halls-parts';
import '../halls-text';
import { ErrorBlock } from '../error-block';

export default function AppointmentsPage() {
  const { t } = useTranslation();
  return (
    <SubPage title={t('halls.mine')} testId="appointments-page" backTo="/halls">
      <RequireSignIn>
        <Appointments />
      </RequireSignIn>
    </SubPage>
  );
}

function Appointments() {
  const { t } = useTranslation();
  const mine = useQuery({ ...myAppointmentsQuery(), refetchInterval: 10_000 });
  if (mine.error) return <LoadError message={errorMessage(t, mine.error)} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return <p className="yw-muted yw-center">{t('common.loading')}</p>;
  if (mine.data.items.length === 0) return <ErrorBlock status="empty" title={t('halls.empty')} className="yw-empty" />;
  return (
    <>
      {mine.data.items.map((a) => (
        <AppointmentCard key={a.id} a={a} />
      ))}
    </>
  );
}

function AppointmentCard({ a }: { a: Appointment }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [changing, setChanging] = useState(false);
  const [to, setTo] = useState<string | null>(null);
  const cancel = useMutation(cancelAppointment);
  const change = useMutation(changeAppointment);
  const take = useMutation(checkIn);
  const run = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      Toast.show({ icon: 'success', content: done });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };
  const ticket = a.ticket;
  return (
    <Card
      className="yw-card"
      title={<span className="yw-wrap">{lt(a.item.name, lng)}</span>}
      extra={<Tag color={a.status === 'booked' ? 'primary' : 'default'}>{t(`halls.status.${a.status}`)}</Tag>}
      data-testid={`appointment-${a.id}`}
    >
      <p className="yw-wrap">{lt(a.hall.name, lng)}</p>
      <p data-testid="appointment-time">
        {formatDate(a.startAt, lng)} {timeOf(a.startAt)}-{timeOf(a.endAt)}
      </p>
      {ticket ? (
        <div className="yw-ticket" data-testid="ticket">
          <span className="yw-muted">{t('halls.number')}</span>
          <strong className="yw-ticket-number" data-testid="ticket-number">
            {ticket.number}
          </strong>
          <span>{t(`halls.ticketStatus.${ticket.status}`)}</span>
        </div>
      ) : null}
      {a.status === 'booked' ? (
        <>
          <p className="yw-muted">{t('halls.checkInHint')}</p>
          <Space wrap>
            <Button
              color="primary"
              size="small"
              loading={take.isPending}
              onClick={() => void run(() => take.mutateAsync(a.id), t('halls.number'))}
              data-testid="check-in"
            >
              {t('halls.checkIn')}
            </Button>
            <Button size="small" onClick={() => setChanging((c) => !c)} data-testid="change">
              {t('halls.change')}
            </Button>
            <Button
              size="small"
              color="danger"
              fill="outline"
              onClick={() =>
                void Dialog.confirm({ content: t('halls.cancelConfirm') }).then(async (yes) => {
                  if (yes) await run(() => cancel.mutateAsync(a.id), t('halls.cancelled'));
                })
              }
              data-testid="cancel"
            >
              {t('halls.cancel')}
            </Button>
          </Space>
          {changing ? (
            <div className="yw-mt">
              <p className="yw-muted">{t('halls.changeTo')}</p>
              <SlotPicker hall={a.hall.code} itemCode={a.item.code} day={a.day} value={to} onChange={setTo} />
              <Button
                size="small"
                color="primary"
                className="yw-mt"
                disabled={!to}
                onClick={() => {
                  if (to)
                    void run(() => change.mutateAsync({ id: a.id, startAt: to }), t('halls.changed')).then(() =>
                      setChanging(false),
                    );
                }}
                data-testid="change-confirm"
              >
                {t('halls.change')}
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

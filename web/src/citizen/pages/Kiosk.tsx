/**
 * The hall's kiosk (自助取号, /kiosk/:hall), on a touch screen at the entrance: a walk-in picks
 * the service and takes a number without signing in. The server gives numbers only while the
 * hall is open, and only so many an hour per address.
 */
import { useState } from 'react';
import { Button, Card, Toast } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { hallQuery, kioskTicket } from '../../shared/api/halls';
import { lt } from '../../shared/catalog';
import type { Ticket } from '../../shared/contract';
import { errorMessage } from '../../shared/i18n';
import { LoadError } from '../components';
import '../halls-text';

export default function KioskPage() {
  const { hall = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const h = useQuery(hallQuery(hall));
  const take = useMutation(kioskTicket);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const pick = async (itemCode: string) => {
    try {
      setTicket(await take.mutateAsync({ hall, itemCode }));
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    }
  };
  return (
    <div className="yw-page yw-kiosk" data-testid="kiosk">
      <h1 className="yw-wrap">{h.data ? t('halls.kioskTitle', { hall: lt(h.data.name, lng) }) : t('halls.kiosk')}</h1>
      {h.error ? <LoadError message={errorMessage(t, h.error)} onRetry={() => void h.refetch()} /> : null}
      {ticket ? (
        <Card className="yw-card">
          <div className="yw-ticket" data-testid="kiosk-ticket">
            <span className="yw-muted">{t('halls.number')}</span>
            <strong className="yw-ticket-number" data-testid="kiosk-number">
              {ticket.number}
            </strong>
            <span>{t('halls.ahead', { count: ticket.ahead })}</span>
          </div>
          <Button block className="yw-mt" onClick={() => setTicket(null)} data-testid="kiosk-done">
            {t('halls.kioskDone')}
          </Button>
        </Card>
      ) : (
        <Card title={t('halls.kioskPick')} className="yw-card">
          {(h.data?.items ?? []).map((i) => (
            <Button
              key={i.code}
              block
              className="yw-mt yw-wrap"
              loading={take.isPending && take.variables?.itemCode === i.code}
              onClick={() => void pick(i.code)}
              data-testid={`kiosk-item-${i.code}`}
            >
              {lt(i.name, lng)}
            </Button>
          ))}
        </Card>
      )}
    </div>
  );
}

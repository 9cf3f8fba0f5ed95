/** What the service-hall pages share: times in the city's zone, the map link, the slot picker. */
import { Button, Space } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { slotsQuery } from '../shared/api/halls';
import { cityTimeZone } from '../shared/city-time';

/** `09:30` in the city's time zone. */
export function timeOf(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: cityTimeZone(),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export const mapLink = (lat: number, lng: number) =>
  `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;

/** The free times of a day for an item: a button per slot, the chosen one highlighted. */
export function SlotPicker({
  hall,
  itemCode,
  day,
  value,
  onChange,
}: {
  hall: string;
  itemCode: string;
  day: string;
  value: string | null;
  onChange: (startAt: string) => void;
}) {
  const { t } = useTranslation();
  const slots = useQuery(slotsQuery(hall, itemCode, day));
  if (!itemCode || !day) return null;
  if (!slots.data) return <p className="yw-muted">{t('common.loading')}</p>;
  if (slots.data.items.length === 0)
    return (
      <p className="yw-muted" data-testid="slots-none">
        {t('halls.noSlots')}
      </p>
    );
  return (
    <Space wrap data-testid="slots">
      {slots.data.items.map((s) => (
        <Button
          key={s.startAt}
          size="small"
          color={value === s.startAt ? 'primary' : 'default'}
          disabled={s.available === 0}
          onClick={() => onChange(s.startAt)}
          data-testid={`slot-${timeOf(s.startAt)}`}
        >
          {timeOf(s.startAt)} · {s.available === 0 ? t('halls.full') : t('halls.left', { n: s.available })}
        </Button>
      ))}
    </Space>
  );
}

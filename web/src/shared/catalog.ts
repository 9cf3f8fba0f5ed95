// Helpers for showing catalogue data (both apps).
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { useQuery } from '@tanstack/react-query';
import { departmentsQuery } from './api/org';
import { cityTimeZone } from './city-time';
import type { LocalText, TimeLimit } from './contract';

/** The text in the current language (Chinese when the English is missing). */
export function lt(text: LocalText | null | undefined, lng: string): string {
  if (!text) return '';
  return lng === 'en' && text.en ? text.en : text.zh;
}

/** "N 个工作日" / "N working days"; 0 → "即办". */
export function formatLimit(t: TFunction, limit: TimeLimit): string {
  if (limit.value === 0) return t('catalog.immediate');
  return t(`catalog.unit.${limit.unit}`, { count: limit.value, s: limit.value === 1 ? '' : 's' });
}

/** "承诺时限 N 个工作日", or "即办". */
export function formatPromised(t: TFunction, limit: TimeLimit): string {
  if (limit.value === 0) return t('catalog.immediate');
  return t('catalog.promised', { limit: formatLimit(t, limit) });
}

/** 0 → "零跑动", else "跑动 N 次". */
export function formatVisits(t: TFunction, visits: number): string {
  if (visits === 0) return t('catalog.zeroVisits');
  return t('catalog.visits', { count: visits, s: visits === 1 ? '' : 's' });
}

/** A label from a key group, the raw value when there is none (e.g. an unknown theme). */
export function labelOf(t: TFunction, group: string, value: string): string {
  const key = `catalog.${group}.${value}`;
  return i18next.exists(key) ? t(key) : value;
}

/** YYYY-MM-DD in the city's time zone (the catalogue's effective dates are the city's dates). */
export function isoDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: cityTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** Department code → name in the given language (the code until the list has loaded). */
export function useDepartmentName(lng: string): (code: string) => string {
  const departments = useQuery(departmentsQuery()).data;
  return (code: string) => {
    const d = departments?.find((x) => x.code === code);
    if (!d) return code;
    return lng === 'en' && d.nameEn ? d.nameEn : d.name;
  };
}

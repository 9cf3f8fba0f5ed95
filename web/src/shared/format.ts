import { cityTimeZone } from './city-time';

/**
 * A date and time in the city's time zone, unambiguous in each language: 2026年12月2日 18:38,
 * 2 Dec 2026, 18:38 (never 02/12/2026, which reads two ways).
 */
export function formatDateTime(iso: string, lng: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lng === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: cityTimeZone(),
    year: 'numeric',
    month: lng === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** A calendar date in the city's time zone, in words: 2026年5月12日 / 12 May 2026. */
export function formatDate(iso: string | null | undefined, lng: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lng === 'en' ? 'en-GB' : 'zh-CN', {
    dateStyle: 'long',
    timeZone: cityTimeZone(),
  }).format(d);
}

/** Today's date in the city (YYYY-MM-DD). */
export function cityToday(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: cityTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** A short, human description of a User-Agent string ("Chrome · Android"). */
export function describeUserAgent(ua: string | null | undefined): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /MicroMessenger/i.test(ua)
      ? 'WeChat'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  const parts = [browser, os].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' · ') : ua.slice(0, 40);
}

/** Formats an integer with thousands separators. */
export function formatCount(n: number, lng: string): string {
  return new Intl.NumberFormat(lng === 'en' ? 'en-GB' : 'zh-CN').format(n);
}

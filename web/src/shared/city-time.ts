/**
 * The city's time zone (GET /api/config): every date and time is shown in it, whatever the
 * device's own zone, so a case filed at 02:38 on 2 December in Longgang reads 2 December on
 * a phone set to UTC too. Remembered between visits so the app starts without waiting.
 */
import { getConfig } from './api/config';

const STORAGE_KEY = 'yw.cityTimeZone';

function remembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

let zone: string | null = remembered();
const listeners = new Set<() => void>();

/** Be told when the city's zone becomes known (the first visit renders before the server answers). */
export function onCityTimeZone(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The city's IANA time zone (the device's until the server has answered once, ever). */
export function cityTimeZone(): string {
  return zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Ask the server for the city's zone. Resolves at once when a zone is remembered (it is
 * refreshed in the background), else when the server answers (or fails: the device's zone then).
 */
export function loadCityTimeZone(): Promise<void> {
  const fetched = getConfig().then(
    (c) => {
      zone = c.timeZone;
      listeners.forEach((l) => l());
      try {
        localStorage.setItem(STORAGE_KEY, c.timeZone);
      } catch {
        // private mode: keep it for this page only
      }
    },
    (err: unknown) => console.warn('GET /api/config failed; showing times in the device zone', err),
  );
  return zone ? Promise.resolve() : fetched;
}

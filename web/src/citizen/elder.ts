import { useSyncExternalStore } from 'react';

// Elder mode (长辈版): larger type and touch targets, fewer items, high contrast.
// Remembered in localStorage; `?elder=1` / `?elder=0` in the address switches it.
const KEY = 'yw.elder';
const listeners = new Set<() => void>();

function initial(): boolean {
  let stored = false;
  try {
    stored = localStorage.getItem(KEY) === '1';
    const q = new URLSearchParams(location.search).get('elder');
    if (q === '1' || q === '0') {
      stored = q === '1';
      localStorage.setItem(KEY, q);
    }
  } catch {
    /* storage unavailable */
  }
  return stored;
}

let elder = initial();

function apply(): void {
  document.documentElement.classList.toggle('elder', elder);
}
apply();

export function setElder(on: boolean): void {
  elder = on;
  try {
    localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    /* storage unavailable */
  }
  apply();
  for (const fn of listeners) fn();
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function useElder(): boolean {
  return useSyncExternalStore(subscribe, () => elder);
}

import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './i18n-resources';
import { ApiError } from './api';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANG_KEY = 'yw.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(LANG_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

/** Initialises i18next (zh-CN unless the user chose English before). */
export function initI18n(): I18n {
  const lng = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

/** Switches language, remembers it and updates `<html lang>`. */
export function setLanguage(lng: Language): void {
  try {
    localStorage.setItem(LANG_KEY, lng);
  } catch {
    /* storage unavailable */
  }
  document.documentElement.lang = lng;
  void i18next.changeLanguage(lng);
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}

type T = TFunction;

/** A human message for an error: localised by code when known, else the server's text. */
export function errorMessage(t: T, err: unknown): string {
  if (err instanceof ApiError) {
    if ((err.code === 'LOGIN_THROTTLED' || err.code === 'RATE_LIMITED') && err.retryAfter) {
      return t(`errors.${err.code}_SECONDS`, { seconds: err.retryAfter });
    }
    const key = `errors.${err.code}`;
    if (i18next.exists(key)) return t(key);
    return err.message || t('errors.generic');
  }
  return t('errors.generic');
}

/** A message for one field error detail, localised by its code when known. */
export function fieldErrorMessage(t: T, detail: { code: string; message: string }): string {
  const key = `fieldErrors.${detail.code}`;
  return i18next.exists(key) ? t(key) : detail.message;
}

/** A role's label in the current language (the raw code for unknown roles). */
export function roleLabel(t: T, role: string): string {
  const key = `roles.${role}`;
  return i18next.exists(key) ? t(key) : role;
}

import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { errorCatalogue, isErrorCode } from '../../../contract/errors.ts';
import { ApiError } from './client';
import type { commonText } from './text-common';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANG_KEY = 'yw.lang';

/** An app's text in both languages: the shared keys plus its own areas. */
export type AppText = Record<Language, typeof commonText.zhCN & Record<string, unknown>>;

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(LANG_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

/** Initialises i18next with an app's text (zh-CN unless the user chose English before). */
export function initI18n(text: AppText): I18n {
  const lng = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: text['zh-CN'] }, en: { translation: text.en } },
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

/**
 * Adds an area's text, in both languages, under a key of the app's text (merged with what is
 * there): a lazily loaded page brings the text only it needs, so the first screen does not.
 */
export function addText(key: string, text: { zhCN: object; en: object }): void {
  i18next.addResourceBundle('zh-CN', 'translation', { [key]: text.zhCN }, true, true);
  i18next.addResourceBundle('en', 'translation', { [key]: text.en }, true, true);
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

/** The error catalogue's message for a code in the current language (contract/errors.ts), or null. */
export function catalogueMessage(code: string): string | null {
  if (!isErrorCode(code)) return null;
  const entry: { zh: string; en: string } = errorCatalogue[code];
  return currentLanguage() === 'en' ? entry.en : entry.zh;
}

/**
 * A human message for an error: the catalogue's by its code, in the current language; the
 * app's own words for what only the browser knows (no network, a sign-in throttle with its
 * seconds to wait); else the server's message.
 */
export function errorMessage(t: T, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'LOGIN_THROTTLED' && err.retryAfter) {
      return t('errors.LOGIN_THROTTLED_SECONDS', { seconds: err.retryAfter });
    }
    if (err.code === 'NETWORK_ERROR') return t('errors.NETWORK_ERROR');
    return catalogueMessage(err.code) ?? (err.message || t('errors.generic'));
  }
  return t('errors.generic');
}

/** A message for one field error detail: the catalogue's, else the app's words for a field check, else the server's. */
export function fieldErrorMessage(t: T, detail: { code: string; message: string }): string {
  const key = `fieldErrors.${detail.code}`;
  return catalogueMessage(detail.code) ?? (i18next.exists(key) ? t(key) : detail.message);
}

/** A role's label in the current language (the raw code for unknown roles). */
export function roleLabel(t: T, role: string): string {
  const key = `roles.${role}`;
  return i18next.exists(key) ? t(key) : role;
}

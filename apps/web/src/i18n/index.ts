/// <reference lib="dom" />
// Type-checked by the root project too (the messages test imports it), whose lib has no DOM.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { RESOURCES } from './resources';

export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];
const STORAGE_KEY = 'onestop.language';

export function savedLanguage(): Language {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh';
}

export function saveLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
}

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: RESOURCES,
    lng: savedLanguage(),
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language === 'en' ? 'en' : 'zh-CN';
}

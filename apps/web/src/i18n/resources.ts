import { commonEn } from './common.en';
import { commonZh } from './common.zh';
import { FEATURE_MESSAGES } from './features';

/**
 * Every message of the application per language: the shared ones and each portal's own namespace.
 * Kept apart from the browser-only setup in index.ts so Node (the message tests) can load it.
 */
export const RESOURCES = {
  zh: { translation: { ...commonZh, ...FEATURE_MESSAGES.zh } },
  en: { translation: { ...commonEn, ...FEATURE_MESSAGES.en } },
} as const;

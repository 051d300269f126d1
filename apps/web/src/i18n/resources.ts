import { commonEn } from './common.en';
import { commonZh } from './common.zh';
import { FEATURE_MESSAGES } from './features';
import { problemsEn } from './problems.en';
import { problemsZh } from './problems.zh';

/**
 * Every message of the application per language: the shared ones, each portal's own namespace, and
 * the validation problems the API reports (`problems.<rule>`).
 * Kept apart from the browser-only setup in index.ts so Node (the message tests) can load it.
 */
export const RESOURCES = {
  zh: { translation: { ...commonZh, ...FEATURE_MESSAGES.zh, problems: problemsZh } },
  en: { translation: { ...commonEn, ...FEATURE_MESSAGES.en, problems: problemsEn } },
} as const;

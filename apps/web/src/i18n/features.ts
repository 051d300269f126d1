import { applyEn, applyZh } from '../features/apply/apply.i18n';
import { certificatesEn, certificatesZh } from '../features/certificates/certificates.i18n';
import { noticeEn, noticeZh } from '../features/apply/notice.i18n';
import { consoleEn, consoleZh } from '../features/console/console.i18n';
import { ratingsEn, ratingsZh } from '../features/ratings/ratings.i18n';
import { reportsEn, reportsZh } from '../features/reports/reports.i18n';
import { workbenchEn, workbenchZh } from '../features/workbench/workbench.i18n';

/**
 * Each portal keeps its messages beside its screens, under its own namespace key, so portals can
 * grow without touching each other's files. The type of each English object requires every key
 * of the Chinese one.
 */
export const FEATURE_MESSAGES = {
  zh: {
    apply: applyZh,
    workbench: workbenchZh,
    console: consoleZh,
    reports: reportsZh,
    ratings: ratingsZh,
    certificates: certificatesZh,
    notice: noticeZh,
  },
  en: {
    apply: applyEn,
    workbench: workbenchEn,
    console: consoleEn,
    reports: reportsEn,
    ratings: ratingsEn,
    certificates: certificatesEn,
    notice: noticeEn,
  },
};

import type { Messages } from '../../i18n/common.zh';

/** Messages of this portal, under the `console` namespace. */
export const consoleZh = {};

export const consoleEn: Messages<typeof consoleZh> = {};

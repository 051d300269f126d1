import type { Messages } from '../../i18n/common.zh';

/** Messages of this portal, under the `workbench` namespace. */
export const workbenchZh = {};

export const workbenchEn: Messages<typeof workbenchZh> = {};

import type { ThemeConfig } from 'antd';
import { useMemo, useSyncExternalStore } from 'react';

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function subscribeToReducedMotion(onChange: () => void): () => void {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the user asked the system for less motion (it can change while the page is open). */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribeToReducedMotion, () => window.matchMedia(REDUCED_MOTION).matches);
}

/**
 * antd's defaults put several texts below WCAG AA contrast (4.5:1): secondary texts and form hints
 * (black at 45 %), placeholders (25 %), links (#1677ff), error and warning messages, and the status
 * and preset colour tags (their text is the colour's 7th shade on its 1st). These tokens darken each
 * to at least 4.5:1 on white and on the light grey backgrounds antd puts them on.
 */
const ACCESSIBLE_COLOURS = {
  colorPrimary: '#1d4ed8',
  // White on the hovered primary button; antd's hover is lighter than the primary colour.
  colorPrimaryHover: '#1e40af',
  // Links and "processing" tags take the info colour.
  colorInfo: '#1d4ed8',
  colorSuccess: '#237804',
  // The success tag's background is derived from colorSuccess as a dark grey-green (2.7:1): antd's light one.
  colorSuccessBg: '#f6ffed',
  colorSuccessBorder: '#b7eb8f',
  colorWarning: '#874d00',
  colorError: '#cf1322',
  colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  // Preset tag colours the application uses whose 7th shade is too light on its 1st: the 8th or 9th
  // instead. Both spellings, since both become the same CSS variable (--ant-green-7).
  green7: '#237804',
  'green-7': '#237804',
  orange7: '#ad4e00',
  'orange-7': '#ad4e00',
  gold7: '#874d00',
  'gold-7': '#874d00',
} satisfies ThemeConfig['token'];

/**
 * An empty table or list says so in the disabled colour (black at 25 %, 1.8:1), though the words
 * ("no materials") are information, not an inactive control: the tertiary text colour there.
 */
const READABLE_EMPTY_TEXT = {
  Table: { colorTextDisabled: ACCESSIBLE_COLOURS.colorTextTertiary },
  Empty: { colorTextDisabled: ACCESSIBLE_COLOURS.colorTextTertiary },
} satisfies ThemeConfig['components'];

/** antd's theme for the whole application: readable colours, and no fades or slides for users who asked for less motion. */
export function useAppTheme(): ThemeConfig {
  const reducedMotion = usePrefersReducedMotion();
  return useMemo(
    () => ({ token: { ...ACCESSIBLE_COLOURS, motion: !reducedMotion }, components: READABLE_EMPTY_TEXT }),
    [reducedMotion],
  );
}

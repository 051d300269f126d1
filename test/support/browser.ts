import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../libs/persistence/seed/demo-data';

/** Debian's Chromium (apt-get install chromium fonts-noto-cjk); never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A fresh page at `origin` (the gateway serving the web application), in the given size and language. */
export async function openPage(
  browser: Browser,
  origin: string,
  options: { viewport?: { width: number; height: number }; language?: 'zh' | 'en' } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    baseURL: origin,
    locale: options.language === 'en' ? 'en-US' : 'zh-CN',
    timezoneId: 'Europe/London',
    // The application then turns antd's fades and slides off, so no screenshot (or audit) catches a
    // screen half faded in.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  if (options.language) {
    // Runs in the page before its scripts (a string: this project's types have no DOM).
    await page.addInitScript(`localStorage.setItem('onestop.language', ${JSON.stringify(options.language)})`);
  }
  return page;
}

export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Saved under test-results/screenshots for review (and for the README). Every screenshot is of a main
 * screen, so each is also audited for WCAG 2.1 AA (after the picture is saved, so a failing screen
 * can be looked at); `audit: false` is for pictures taken only to debug a failure already under way.
 */
export async function screenshot(page: Page, name: string, options: { audit?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (options.audit !== false) await expectAccessible(page, name);
}

/** The WCAG 2.1 A and AA rules of axe-core. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Violations that are inside antd's own markup and cannot be fixed from outside it: each is one rule
 * on the elements of one selector, with the reason. Never a rule for every element.
 */
// None today: the one there was (a disabled multiple select's faint values) went with the read-only
// route form, which now shows the administrator the diagram instead of disabled inputs.
const ANTD_EXCEPTIONS: { rule: string; selector: string; why: string }[] = [];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let axeSource: string | undefined;

/** Runs axe-core in the page and fails, naming each violated rule and the elements, if it finds any. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated rather than added as a <script>: a content security policy cannot refuse it.
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(`${axeSource};0`);
  // A string: this project's types have no DOM. While a modal dialog or drawer is open, only it is
  // audited: the page behind is dimmed by the mask and cannot be reached, and its own screenshots
  // audit it undimmed.
  const violations = await page.evaluate<Violation[]>(`(async () => {
    const exceptions = ${JSON.stringify(ANTD_EXCEPTIONS)};
    const dialogs = [...document.querySelectorAll('[role=dialog][aria-modal=true]')].filter(
      (dialog) => dialog.getClientRects().length > 0 && getComputedStyle(dialog).visibility !== 'hidden',
    );
    const result = await window.axe.run(dialogs.length > 0 ? { include: dialogs } : document, {
      runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_21_AA)} },
      resultTypes: ['violations'],
      elementRef: true,
    });
    const describe = (node) => {
      const contrast = node.any.find((check) => check.id === 'color-contrast');
      const data = contrast && contrast.data;
      return data && data.contrastRatio
        ? node.target.join(' ') + ' (' + data.fgColor + ' on ' + data.bgColor + ': ' + data.contrastRatio + ':1, needs ' + data.expectedContrastRatio + ')'
        : node.target.join(' ');
    };
    return result.violations
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes
          .filter((n) => !exceptions.some((e) => e.rule === v.id && n.element && n.element.matches(e.selector)))
          .map(describe),
      }))
      .filter((v) => v.targets.length > 0);
  })()`);
  if (violations.length === 0) return;
  const report = violations
    .map((v) => `- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n    ${v.targets.join('\n    ')}`)
    .join('\n');
  throw new Error(`Screen "${screen}" (${page.url()}) violates WCAG 2.1 AA:\n${report}`);
}

/** Chooses an option of an Ant Design select, retrying when the dropdown was still opening. */
export async function pickOption(page: Page, within: Locator, label: string, option: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await within.getByLabel(label).click();
    await page.locator('.ant-select-item-option', { hasText: option }).first().click();
    const chosen = await within
      .locator('.ant-select-content, .ant-select-selection-item, textarea', { hasText: option })
      .count();
    const inTextarea = await within
      .locator('textarea')
      .evaluateAll(
        (areas, text) => areas.some((a) => (a as unknown as { value: string }).value.includes(text)),
        option,
      );
    if (chosen > 0 || inTextarea || attempt >= 3) return;
  }
}

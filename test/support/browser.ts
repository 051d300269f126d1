import { mkdirSync } from 'node:fs';
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

/** Saved under test-results/screenshots for review (and for the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
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

/**
 * Helpers shared by the page models. Ant Design's Select keeps its accessible listbox to the few options around
 * the active one, so options are picked by their visible text in the open dropdown.
 */
import type { Locator, Page, Response } from 'playwright-core';

/** The Select dropdown that is open now (closing ones linger while they animate out). */
export function openDropdown(page: Page): Locator {
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
}

/** Clicks the option showing `text` in the open Select dropdown. */
export async function chooseOption(page: Page, text: string | RegExp): Promise<void> {
  const option = openDropdown(page).locator('.ant-select-item-option', { hasText: text }).first();
  await option.click();
}

/** Waits for the API answer whose path (and query) matches, while `action` runs. */
export async function apiAnswer(
  page: Page,
  match: (url: URL) => boolean,
  action: () => Promise<unknown>,
): Promise<Response> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname.startsWith('/api/v1/') && match(u);
    }),
    action(),
  ]);
  return res;
}

/** Waits until no table on the page shows its loading spinner. */
export async function tablesSettled(page: Page): Promise<void> {
  await page.locator('.ant-table-wrapper .ant-spin-spinning').first().waitFor({ state: 'detached' });
}

/** The value cell next to a label in a Descriptions list (基本信息). */
export function describedValue(scope: Page | Locator, label: string): Locator {
  return scope
    .locator('th.ant-descriptions-item-label, span.ant-descriptions-item-label')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::*[1]');
}

/** Reads a number shown with thousands separators ('19,979' → 19979). */
export function toNumber(text: string | null): number {
  return Number((text ?? '').replace(/[^\d.-]/g, ''));
}

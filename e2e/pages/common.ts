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

/**
 * What sticks out sideways on a narrow screen: the page itself when it scrolls sideways, and every element with
 * visible text of its own that is wider than the viewport or reaches past its right edge without a scrolling box
 * around it that keeps it in. Each as `tag.class "text" left–right`; empty when the page fits.
 */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(SIDEWAYS_SCRIPT);
}

// run in the page; plain JavaScript in a string, as the e2e code is compiled without the DOM's types
const SIDEWAYS_SCRIPT = String.raw`(() => {
  const w = document.documentElement.clientWidth;
  const out = [];
  const sw = document.documentElement.scrollWidth;
  if (sw > w) out.push('document scrollWidth ' + sw + ' > ' + w);
  // a box that scrolls or clips sideways and is itself inside the screen keeps what it holds in
  const keptIn = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') {
        const r = p.getBoundingClientRect();
        if (r.right <= w + 1 && r.left >= -1) return true;
      }
    }
    return false;
  };
  // a popup opened and not yet aligned (a tooltip, a menu) is placed at left -1000vw, top -1000vh by antd's trigger
  // (@rc-component/trigger, useOffsetStyle) for the frame it measures itself in: nobody sees it there
  const measuring = (el) => {
    for (let p = el; p && p !== document.body; p = p.parentElement) if (p.style && p.style.left === '-1000vw') return true;
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none' || cs.opacity === '0') continue;
    const wide = r.width > w + 1;
    const past = (r.right > w + 1 || r.left < -1) && !keptIn(el);
    if ((wide || past) && !measuring(el)) {
      const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
      const text = (el.textContent || '').trim().slice(0, 30);
      out.push(el.tagName.toLowerCase() + (cls ? '.' + cls : '') + ' "' + text + '" ' +
        Math.round(r.left) + '–' + Math.round(r.right));
    }
  }
  return out;
})()`;

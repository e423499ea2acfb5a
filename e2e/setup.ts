/**
 * When a journey fails, every page still open in its browser is screenshot (`screenshots/FAILED-…`) and its address
 * and visible text are printed: a wait that times out in CI then says what the page showed instead.
 */
import { join } from 'node:path';
import { beforeEach } from 'vitest';
import { BROWSERS, SCREENSHOTS } from './harness.js';

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    // (the file's name first: two files run at a time, and two journeys may share a name's start)
    const file = task.file.name.replace(/^.*\//, '').replace(/\.e2e\.ts$/, '');
    const slug = `${file}-${task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}`;
    let n = 0;
    for (const browser of BROWSERS)
      for (const context of browser.contexts())
        for (const page of context.pages()) {
          n += 1;
          try {
            await page.screenshot({
              path: join(SCREENSHOTS, `FAILED-${slug}-${n}.png`),
              fullPage: true,
              timeout: 10_000,
            });
            const text = await page.locator('body').innerText({ timeout: 5_000 });
            console.error(`[failed journey] page ${n}: ${page.url()}\n${text.slice(0, 2_000)}`);
          } catch (e) {
            console.error(`[failed journey] page ${n}: ${page.url()} (could not be read: ${String(e)})`);
          }
        }
  });
});

/**
 * Customer names are data, shown as text: the e2e export (global-setup.ts) names one customer
 * `<script>alert(1)</script>` and another `=HYPERLINK("x")`; their pages and the customer list show those names
 * literally, and nothing runs.
 */
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import { useSite } from './site.js';
import { HOSTILE_NAMES } from './global-setup.js';

const site = useSite();

describe('hostile customer names', () => {
  it.each(Object.entries(HOSTILE_NAMES))('%s is shown as text: %s', async (id, name) => {
    const { page, errors, outside } = await openPage(site(), `/customers/${id}/`);
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.locator('main h1').first().innerText()).toBe(name);
    // no element was made from the name: no script in the page's content, no link to "x"
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.locator('main a[href="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await screenshot(page, `escape-${id}`);
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it('the customer list shows them as text too', async () => {
    const { page, errors } = await openPage(site(), '/customers/');
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    // the 查找客户 box re-queries the list in the browser
    const search = page.getByPlaceholder('客户名称、编码、业务员或团队');
    const table = page.locator('main table').first();
    for (const [id, name] of Object.entries(HOSTILE_NAMES)) {
      await search.fill(name);
      await expect.poll(() => table.locator('tr:has(td)').allInnerTexts(), { timeout: 20_000 })
        .toEqual([expect.stringContaining(id)]);
      expect(await table.locator('tr:has(td)').first().innerText()).toContain(name);
    }
    await screenshot(page, 'escape-customer-list');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

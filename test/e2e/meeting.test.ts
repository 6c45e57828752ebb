/**
 * 季度经验交流会: the top-collectors page printed to PDF (A4 landscape) puts its table on whole pages: no
 * navigation, no row cut across a page break, and the whole table on the first page.
 */
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import { useSite } from './site.js';
import { queryWarehouse } from './warehouse.js';
import { writeFileSync } from 'node:fs';

const site = useSite();

/** A4 landscape at 96 px per inch, less the page's 10 mm margins (the page's @page rule). */
const MM = 96 / 25.4;
const PRINT_WIDTH = Math.floor((297 - 20) * MM);
const PRINT_HEIGHT = Math.floor((210 - 20) * MM);

describe('季度经验交流会 page', () => {
  it('prints its top-collectors table on whole A4 landscape pages', async () => {
    const [quarter] = await queryWarehouse<{ period_key: string }>(
      `select max(period_key) as period_key from dim_period where grain = 'quarter'`,
    );
    // the 回款之星: chosen by collection_task's meeting_star_* parameters (meeting_stars), not the league's top 10
    const stars = await queryWarehouse<{ unit_name: string }>(
      `select unit_name from meeting_stars where period_key = '${quarter.period_key}' and star_rank is not null order by star_rank`,
    );
    const passed = await queryWarehouse<{ unit_name: string; exclusion: string }>(
      `select unit_name, exclusion from meeting_stars where period_key = '${quarter.period_key}' and star_rank is null order by rank, unit_id`,
    );
    const { page, errors, outside } = await openPage(site(), `/meeting/${quarter.period_key}/`);
    const table = page.locator('table.stars-table');
    expect(await table.locator('tbody tr').count()).toBe(stars.length);
    expect((await table.locator('tbody tr').first().innerText())).toContain(stars[0].unit_name);
    // the persons the bar kept out are named with the reason, and the rule is stated from the policy
    const main = await page.locator('main').innerText();
    for (const p of passed) expect(main).toContain(`${p.unit_name}（`);
    for (const p of passed) expect(main).toContain(p.exclusion);
    expect(main).toContain('依次按考核总分、CEI取前10名');

    // as printed: the layout at the paper's width, print media
    await page.setViewportSize({ width: PRINT_WIDTH, height: PRINT_HEIGHT });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').first().isVisible()).toBe(false);
    expect(await page.locator('aside').first().isVisible()).toBe(false);
    const boxes = await table.locator('tr').evaluateAll((rows) =>
      rows.map((row) => {
        const r = row.getBoundingClientRect();
        return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
      }),
    );
    const pageOf = (y: number) => Math.floor(y / PRINT_HEIGHT);
    for (const box of boxes) expect(pageOf(box.top), 'a row split by a page break').toBe(pageOf(box.bottom - 1));
    // the table lies within the paper's width, nothing cut at the right
    const { left, right } = await table.evaluate((t) => t.getBoundingClientRect());
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeLessThanOrEqual(PRINT_WIDTH);
    const contentRight = await page.locator('main').evaluate((m) => m.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(contentRight);
    await screenshot(page, 'meeting-print');

    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
    writeFileSync('test-results/meeting.pdf', pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    // header, podium and the 10-row table fit on one page; the notes may spill onto a second
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    expect(pageOf(boxes.at(-1)!.bottom - 1)).toBe(0);

    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });
});

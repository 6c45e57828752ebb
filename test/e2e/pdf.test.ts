/**
 * The monthly report's PDF (issue 17): `npm run build` prints the latest month's report to
 * build/reports/<yyyy-mm>.pdf with Debian's Chromium. This machine has no PDF reader (pdftotext / pdftoppm are not
 * installed), so the PDF is checked as a file (a PDF, A4 pages, more than one) and the figures on the page as it
 * prints (print media, the A4 width): the warehouse's, formatted as the report shows them, with no navigation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import { useSite } from './site.js';
import { formatWan, formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

interface CompanyMonth {
  period_key: string;
  ar_balance: unknown;
  overdue_amount: unknown;
  collections: unknown;
  collection_target: unknown;
}

describe('monthly report PDF', () => {
  it('is written for the latest month: a PDF of A4 pages', async () => {
    const [{ period_key }] = await queryWarehouse<{ period_key: string }>(`select max(period_key) as period_key from dim_period where grain = 'month'`);
    const file = `build/reports/${period_key}.pdf`;
    expect(existsSync(file), file).toBe(true);
    const pdf = readFileSync(file).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? [];
    // a few A4 pages: long lists print their first rows only (a grouped table once printed all 926 customers over
    // their limit: 30 pages)
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(10);
    // A4 is 595 × 842 points (Chromium writes 595.92 × 842.88): every page's MediaBox
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(boxes.length).toBeGreaterThanOrEqual(pages.length);
    for (const b of boxes) expect(b).toEqual([596, 843]);
  });

  it('prints the warehouse’s figures without the navigation, and the report page links to it', async () => {
    const [m] = await queryWarehouse<CompanyMonth>(
      `select period_key, ar_balance, overdue_amount, collections, collection_target from mart_ar_metrics
       where grain = 'month' and level = 'company' order by period_key desc limit 1`,
    );
    const { page, errors } = await openPage(site(), `/reports/${m.period_key}/`);
    expect(await page.locator(`a[href="/reports/${m.period_key}.pdf"]`).count()).toBe(1);
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('aside').first().isVisible()).toBe(false);
    expect(await page.locator('header').first().isVisible()).toBe(false);
    expect(await page.locator(`a[href="/reports/${m.period_key}.pdf"]`).isVisible()).toBe(false);
    const text = await page.locator('main').innerText();
    // the 截至 sentence (元, to the cent) and the headline cards (万元), as printed
    for (const v of [m.ar_balance, m.overdue_amount, m.collections, m.collection_target]) expect(text).toContain(formatYuan(v));
    expect(await page.locator('[data-kpi="应收账款余额"] .kpi-value').innerText()).toBe(formatWan(m.ar_balance));
    expect(await page.locator('[data-kpi="本月回款"] .kpi-value').innerText()).toBe(formatWan(m.collections));
    await screenshot(page, 'report-print');
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    await page.context().close();
  });
});

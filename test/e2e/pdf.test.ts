/**
 * The monthly report's PDF (issue 17): `npm run build` prints the latest month's report to
 * build/reports/<yyyy-mm>.pdf with Debian's Chromium. The PDF is checked as a file (A4 pages, more than one), read
 * back with poppler's pdftotext (the header's company and as-of date, the warehouse's figures, page numbers, no
 * navigation) and rendered with pdftoppm (.ci/run installs poppler-utils); the page as it prints is checked too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import type { MartArMetrics } from '../../transforms/warehouse.js';
import { useSite } from './site.js';
import { formatWan, formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

type CompanyMonth = Pick<MartArMetrics, 'period_key' | 'ar_balance' | 'overdue_amount' | 'collections' | 'collection_target'>;

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

  it('reads back (pdftotext) with the company, the as-of date, the warehouse’s figures and page numbers, and renders (pdftoppm)', async () => {
    const [m] = await queryWarehouse<CompanyMonth & { end_date: string }>(
      `select m.period_key, m.ar_balance, m.overdue_amount, m.collections, m.collection_target, strftime(p.end_date, '%Y年%-m月%-d日') as end_date
       from mart_ar_metrics m join dim_period p using (period_key)
       where m.grain = 'month' and m.level = 'company' order by m.period_key desc limit 1`,
    );
    const file = `build/reports/${m.period_key}.pdf`;
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const company = /company_name:\s*(\S+)/.exec(readFileSync('report.yaml', 'utf8'))![1];
    expect(text).toContain(company);
    expect(text).toContain(`截至 ${m.end_date}`);
    for (const v of [m.ar_balance, m.overdue_amount, m.collections, m.collection_target]) expect(text).toContain(formatYuan(v));
    // the footer's page numbers, on every page (pdftotext drops the template's spaces)
    const pages = Number(/第\s*1\s*页\s*\/\s*共\s*(\d+)\s*页/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let n = 1; n <= pages; n++) expect(text).toMatch(new RegExp(`第\\s*${n}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
    // no sidebar: its entries are not printed (the report's text names neither page)
    expect(text).not.toContain('区域回款对比');
    expect(text).not.toContain('季度经验交流会');
    const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    execFileSync('pdftoppm', ['-r', '50', '-png', file, join(dir, 'page')]);
    const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBe(pages);
    // A4 at 50 dpi: 8.27 × 11.69 in → 414 × 585 px (pdftoppm rounds the 842.88 pt height up to 586); PNG width
    // and height are bytes 16–23 of the file
    const png = readFileSync(join(dir, pngs[0]));
    expect(png.readUInt32BE(16)).toBe(414);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(585);
    expect(png.readUInt32BE(20)).toBeLessThanOrEqual(586);
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

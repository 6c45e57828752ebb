/**
 * The analyst's pages in the built site, offline in headless Chromium: the guide's worked example
 * (区域回款对比, built only from queries/ and sources/) and the generated 数据字典.
 */
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import type { MartArMetrics, Money } from '../../transforms/warehouse.js';
import { useSite } from './site.js';
import { formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

/** a region's collections of the month and the company's beside them */
type RegionMonth = Pick<MartArMetrics, 'period_key' | 'collections'> & { region: string; company: Money };

describe('区域回款对比 (the analyst guide example)', () => {
  it('shows each region of the latest month, the regions adding up to the company', async () => {
    const regions = await queryWarehouse<RegionMonth>(
      `with latest as (select max(period_key) as p from mart_ar_metrics where grain = 'month' and level = 'company')
       select m.period_key, coalesce(t.region, '未分区域') as region, sum(m.collections) as collections,
              (select collections from mart_ar_metrics c where c.level = 'company' and c.grain = 'month' and c.period_key = m.period_key) as company
       from mart_ar_metrics m join latest on m.period_key = latest.p
       left join dim_team t on t.team_id = m.unit_id
       where m.grain = 'month' and m.level = 'team'
       group by all having sum(m.ar_balance) <> 0 or sum(m.collections) <> 0 or sum(m.sales) <> 0
       order by collections desc`,
    );
    expect(regions.length).toBeGreaterThanOrEqual(5);
    const sum = regions.reduce((s, r) => s + Math.round(Number(r.collections) * 100), 0);
    expect(sum).toBe(Math.round(Number(regions[0].company) * 100));
    expect(regions.map((r) => r.region)).not.toContain('未分区域');

    const { page, errors, outside } = await openPage(site(), '/区域回款对比');
    await screenshot(page, 'region-comparison');
    const main = await page.locator('main').innerText();
    expect(main).toContain('区域回款对比');
    // the month as the site writes it: 2025年12月
    expect(main).toContain(`${regions[0].period_key.slice(0, 4)}年${Number(regions[0].period_key.slice(5))}月`);
    // the month table: newest month chosen, every region with its collections
    const table = await page.locator('table').first().innerText();
    for (const r of regions) {
      expect(table).toContain(r.region);
      expect(table).toContain(formatYuan(r.collections));
    }
    // teams without a region and without business (财务部) are left out
    expect(table).not.toContain('未分区域');
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it('re-queries the month in the browser when another month is chosen', async () => {
    const [june] = await queryWarehouse<{ region: string; collections: unknown }>(
      `select t.region, sum(m.collections) as collections from mart_ar_metrics m join dim_team t on t.team_id = m.unit_id
       where m.grain = 'month' and m.level = 'team' and m.period_key = '2025-06' and t.region = '华东' group by 1`,
    );
    const { page, errors, outside } = await openPage(site(), '/区域回款对比');
    await page.getByRole('combobox').first().click();
    await page.keyboard.type('2025年6月');
    await page.getByRole('option', { name: '2025年6月', exact: true }).click();
    const table = page.locator('table').first();
    await expect.poll(() => table.innerText(), { timeout: 30_000 }).toContain(formatYuan(june.collections));
    await screenshot(page, 'region-comparison-2025-06');
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });
});

describe('数据字典', () => {
  it('lists every contract table with its grain, its columns, and the formulas of docs/metrics.md', async () => {
    const tables = await queryWarehouse<{ table_name: string; grain: string; grain_zh: string }>(`select table_name, grain, grain_zh from dict_table order by table_order`);
    const { page, errors, outside } = await openPage(site(), '/数据字典');
    await screenshot(page, 'data-dictionary');
    const main = await page.locator('main').innerText();
    expect(main).toContain('数据字典');
    for (const t of tables) {
      expect(main, t.table_name).toContain(t.table_name);
      // the grain in Chinese on the page, the technical one (the -- Grain: line) under 技术说明
      expect(main, `${t.table_name} grain`).toContain(t.grain_zh);
      expect(await page.locator('main').textContent(), `${t.table_name} technical grain`).toContain(t.grain);
    }
    // a column with its type, meaning and formula
    expect(main).toContain('collection_rate_balance');
    expect(main).toContain('coll(P) / (ar(b) + ar_transferred + sales(P))');
    expect(main).toContain('DECIMAL(18,2)');
    // a section per table
    expect(await page.locator('h3').count()).toBe(tables.length);
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });
});

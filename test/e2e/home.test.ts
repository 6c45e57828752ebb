/**
 * The home page (月度经营报告) in headless Chromium with every outside request blocked: it shows the
 * warehouse's numbers, every sales team's month linked to its page, it loads no query engine, and nothing errors.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataBytes, evidenceErrors, openPage, screenshot } from './browser.js';
import type { MartArMetrics } from '../../transforms/warehouse.js';
import { useSite } from './site.js';
import { formatPercent, formatWan, formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

type CompanyMonth = Pick<MartArMetrics, 'period_key' | 'ar_balance' | 'overdue_amount' | 'collections'> & { overdue_rate: number };
type TeamMonth = Pick<MartArMetrics, 'unit_id' | 'unit_name' | 'period_key' | 'collections'>;

describe('home page', () => {
  it('shows the latest month-end AR balance from the warehouse, offline and without errors', async () => {
    const [latest] = await queryWarehouse<CompanyMonth>(
      `select period_key, ar_balance, overdue_amount, collections, overdue_rate from mart_ar_metrics
       where grain = 'month' and level = 'company' order by period_key desc limit 1`,
    );
    const { page, errors, outside } = await openPage(site(), '/');
    await screenshot(page, 'home');
    const text = await page.locator('main').innerText();
    expect(text).toContain('月度经营报告');
    // the month as every page writes it (2025年12月), never 2025-12 or 2025年09月
    expect(text).toContain(`${latest.period_key.slice(0, 4)}年${Number(latest.period_key.slice(5))}月`);
    // each headline figure links to the page that details it
    expect(await page.locator('[data-kpi="应收账款余额"] .kpi-value a').getAttribute('href')).toBe('/aging/');
    expect(await page.locator('[data-kpi="本月回款"] .kpi-value a').getAttribute('href')).toBe(`/league/${latest.period_key}/`);
    expect(text).toContain(formatYuan(latest.ar_balance));
    // the headline figures (万元) are the warehouse's, formatted as the page shows them
    const card = (title: string) => page.locator(`[data-kpi="${title}"] .kpi-value`).innerText();
    expect(await card('应收账款余额')).toBe(formatWan(latest.ar_balance));
    expect(await card('逾期金额')).toBe(formatWan(latest.overdue_amount));
    expect(await card('本月回款')).toBe(formatWan(latest.collections));
    expect(await card('逾期率')).toBe(formatPercent(latest.overdue_rate, 2));
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it("lists every sales team's month with the warehouse's figures, each linked to the team's page", async () => {
    const teams = await queryWarehouse<TeamMonth>(
      `select unit_id, unit_name, period_key, collections from mart_ar_metrics
       where grain = 'month' and level = 'team'
         and period_key = (select max(period_key) from dim_period where grain = 'month')
         and unit_id in (select team_id from dim_person where role in ('业务员', '销售经理'))
       order by unit_id`,
    );
    expect(teams.length).toBeGreaterThan(1);
    const { page, errors, outside } = await openPage(site(), '/');
    const table = page.locator('table').filter({ hasText: '销售额' }).filter({ hasText: '逾期率' }).last();
    const rows = table.locator('tr:has(td)');
    expect(await rows.count()).toBe(teams.length);
    for (const [i, team] of teams.entries()) {
      const row = await rows.nth(i).innerText();
      expect(row).toContain(team.unit_name);
      expect(row).toContain(formatYuan(team.collections));
    }
    // a row leads to the team's page
    await rows.last().click();
    await page.waitForURL(`**/teams/${teams[teams.length - 1].unit_id}/`);
    expect(await page.locator('main h1').first().innerText()).toContain(teams[teams.length - 1].unit_name);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it("warns of every item 3 months overdue and every customer over its limit, and lists the largest of them", async () => {
    const month = `(select max(period_key) from dim_period where grain = 'month')`;
    const [items] = await queryWarehouse<{ n: bigint; amount: unknown; largest: string }>(
      `select count(*) as n, sum(open_amount) as amount, arg_max(invoice_id, open_amount) as largest
       from report_overdue_items where period_key = ${month}`,
    );
    const [over] = await queryWarehouse<{ n: bigint; excess: unknown }>(
      `select count(*) as n, sum(excess) as excess from report_over_limit where period_key = ${month} and limit_kind = 'over'`,
    );
    // the sample has more of both than the page lists: the warnings must count what the tables leave out
    expect(Number(items.n)).toBeGreaterThan(100);
    expect(Number(over.n)).toBeGreaterThan(100);
    const { page, errors, data } = await openPage(site(), '/');
    const text = await page.locator('main').innerText();
    const count = (n: bigint) => Number(n).toLocaleString('en-US');
    expect(text).toContain(`共 ${count(items.n)} 笔，下表列出未收金额最大的 100 笔`);
    expect(text).toContain(formatWan(items.amount));
    expect(text).toContain(formatWan(over.excess));
    // the overdue table's first page starts with the largest item
    const overdueTable = page.locator('table').filter({ hasText: '逾期天数' }).first();
    expect(await overdueTable.locator('tr:has(td)').first().innerText()).toContain(items.largest);
    // the page's data is its slices: a few hundred rows, not the month's every warning
    expect(dataBytes({ data } as never)).toBeLessThan(400_000);
    // the second tab says its table is cut too
    await page.getByText('信用额度预警', { exact: true }).click();
    await expect.poll(() => page.locator('[data-warning-rest="limit"]').count()).toBe(1);
    expect(await page.locator('[data-warning-rest="limit"]').innerText()).toContain('每类最多列出前100家');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('loads no brand icon set (≈ 1.7 MB compressed; patched out of the layout in core-components)', async () => {
    const { page, requests } = await openPage(site(), '/');
    const scripts = requests.filter((u) => u.endsWith('.js')).map((u) => new URL(u).pathname);
    expect(scripts.length).toBeGreaterThan(5);
    // the set's first icons, as every bundle of @steeze-ui/simple-icons names them
    const withIcons = scripts.filter((p) => /\bAbbrobotstudio\b/.test(readFileSync(join('build', p), 'utf8')));
    expect(withIcons).toEqual([]);
    // and the marker is right: the set is still built, as a chunk of its own for the dev server's settings
    const chunks = readdirSync('build/_app/immutable/chunks').map((f) => join('build/_app/immutable/chunks', f));
    expect(chunks.filter((f) => /\bAbbrobotstudio\b/.test(readFileSync(f, 'utf8'))).length).toBe(1);
    await page.context().close();
  });

  it('reports it when the browser cannot load a table (the harness catches a broken re-query)', async () => {
    const { page, errors } = await openPage(site(), '/aging/');
    // break the in-browser data path: every table file now fails to load
    await page.route('**/*.arrow', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.getByRole('combobox').first().click();
    await page.getByRole('option').last().click();
    await expect
      .poll(async () => errors.length + (await evidenceErrors(page)).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.context().close();
  });
});

/**
 * The home page (月度经营报告) in headless Chromium with every outside request blocked: it shows the
 * warehouse's numbers, its team Dropdown re-queries in the browser, and nothing errors.
 */
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import { useSite } from './site.js';
import { formatPercent, formatWan, formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

interface CompanyMonth {
  period_key: string;
  ar_balance: unknown;
  overdue_amount: unknown;
  collections: unknown;
  overdue_rate: number;
}
interface TeamMonth {
  unit_id: string;
  unit_name: string;
  period_key: string;
  collections: unknown;
}

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
    expect(text).toContain(latest.period_key);
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

  it('re-queries the team table in the browser when another team is chosen', async () => {
    const teams = await queryWarehouse<TeamMonth>(
      `select unit_id, unit_name, period_key, collections from mart_ar_metrics
       where grain = 'month' and level = 'team'
         and unit_id in (select unit_id from mart_ar_metrics where level = 'team' and sales <> 0)
       qualify row_number() over (partition by unit_id order by period_key desc) = 1
       order by unit_id`,
    );
    expect(teams.length).toBeGreaterThan(1);
    const target = teams[teams.length - 1];

    const { page, errors, outside } = await openPage(site(), '/');
    // the team table by its columns (while it re-runs it is not there, and the league tables list every team)
    const table = page.locator('table').filter({ hasText: '销售额' }).filter({ hasText: '逾期率' }).last();
    // the prerendered table shows the first team
    await expect.poll(() => table.innerText()).toContain(teams[0].unit_name);

    await page.getByRole('combobox').first().click();
    // the Dropdown lists a few options and a search box: type to find the team, as a user would
    await page.keyboard.type(target.unit_name);
    await page.getByRole('option', { name: target.unit_name, exact: true }).click();

    await expect.poll(() => table.innerText(), { timeout: 30_000 }).toContain(target.unit_name);
    // Evidence's DataTable has no <tbody>: data rows are the rows with cells
    const rows = table.locator('tr:has(td)');
    expect((await rows.allInnerTexts()).join('\n')).not.toContain(teams[0].unit_name);
    // newest month first: the first row is that team's latest month with its collections
    const firstRow = await rows.first().innerText();
    expect(firstRow).toContain(target.period_key);
    expect(firstRow).toContain(formatYuan(target.collections));
    await screenshot(page, 'home-team-selected');
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it('reports it when the browser cannot load a table (the harness catches a broken re-query)', async () => {
    const { page, errors } = await openPage(site(), '/');
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

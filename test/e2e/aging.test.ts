/**
 * 账龄分析: the period and team pickers re-query in the browser (no network but the site's server) and the
 * tables then show that month's and that team's rows, with the warehouse's amounts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dataBytes, evidenceErrors, MAX_PAGE_DATA_BYTES, openPage, screenshot } from './browser.js';
import { useSite } from './site.js';
import { formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

/** Picks an option in the n-th Dropdown (combobox) as a user does: open it, type, click the option. */
async function choose(page: Page, index: number, label: string): Promise<void> {
  await page.getByRole('combobox').nth(index).click();
  await page.keyboard.type(label);
  await page.getByRole('option', { name: label, exact: true }).click();
  await page.keyboard.press('Escape');
}

/** The data rows of the DataTable under the heading `heading` (its first, visible tab). */
function tableUnder(page: Page, heading: string) {
  return page.locator(`xpath=//h2[normalize-space()="${heading}"]/following::table[1]`);
}

describe('账龄分析 page', () => {
  it('shows the chosen team and month, re-queried in the browser', async () => {
    const [team] = await queryWarehouse<{ team_id: string; team_name: string }>(
      `select team_id, team_name from dim_team where team_id in
         (select unit_id from mart_ar_metrics where level = 'team' and sales <> 0) order by team_id desc limit 1`,
    );
    const [month] = await queryWarehouse<{ period_key: string; year: number; month: number }>(
      `select period_key, year, month from dim_period where grain = 'month' order by period_key limit 1 offset 17`,
    );
    const [expected] = await queryWarehouse<{ amount: unknown; overdue: unknown }>(
      `select sum(amount) as amount, sum(amount) filter (where bucket <> 'not_due') as overdue from mart_aging
       where grain = 'month' and level = 'team' and basis = 'due' and unit_id = '${team.team_id}'
         and period_key = '${month.period_key}'`,
    );
    const members = await queryWarehouse<{ person_name: string; team_id: string }>(
      `select person_name, team_id from dim_person`,
    );
    const opened = await openPage(site(), '/aging/');
    const { page, errors, outside, requests } = opened;
    await screenshot(page, 'aging');
    // the pickers' options are prerendered: the query engine starts with the first choice, not on load
    const engine = () => requests.filter((u) => u.endsWith('.wasm'));
    expect(engine()).toEqual([]);

    await choose(page, 1, team.team_name);
    await choose(page, 0, `${month.year}年${month.month}月`);
    const teams = tableUnder(page, '按团队');
    // one team row, then the total row; wait for both re-queries (team, then month: the page's charts re-query too)
    await expect.poll(() => teams.locator('tr:has(td)').first().innerText(), { timeout: 30_000 })
      .toContain(team.team_name);
    await expect.poll(() => teams.locator('tr:has(td)').first().innerText(), { timeout: 30_000 })
      .toContain(formatYuan(expected.amount));
    const teamRows = await teams.locator('tr:has(td)').allInnerTexts();
    expect(teamRows).toHaveLength(2);
    expect(teamRows[0]).toContain(formatYuan(expected.amount));
    expect(teamRows[1]).toContain(formatYuan(expected.amount));
    expect(teamRows[1]).toContain('合计');

    // every person listed belongs to the team
    const people = tableUnder(page, '按业务员');
    const rows = await people.locator('tr:has(td)').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(team.team_name);
    const otherTeams = members.filter((m) => m.team_id !== team.team_id).map((m) => m.person_name);
    for (const row of rows) expect(otherTeams.some((name) => row.startsWith(name + '\t'))).toBe(false);

    expect(engine()).toHaveLength(1);
    await screenshot(page, 'aging-filtered');
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    console.log(`[e2e] /aging/ after two re-queries: ${(dataBytes(opened) / 1024).toFixed(0)} KB of data`);
    expect(dataBytes(opened)).toBeLessThanOrEqual(MAX_PAGE_DATA_BYTES);
    await page.context().close();
  });
});

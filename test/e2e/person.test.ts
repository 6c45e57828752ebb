/**
 * A person page shows the warehouse's figures for that person, and the drill links lead to the right unit page:
 * from the league table to the person, from the person to a customer.
 */
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import { useSite } from './site.js';
import { formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

interface Star {
  period_key: string;
  unit_id: string;
  unit_name: string;
}
async function latestStar(): Promise<Star> {
  const [star] = await queryWarehouse<Star>(
    `select period_key, unit_id, unit_name from mart_league
     where policy = 'collection_task' and level = 'person'
       and period_key = (select max(period_key) from dim_period where grain = 'month')
     order by rank, unit_id limit 1`,
  );
  return star;
}

describe('person page', () => {
  it("shows the person's latest AR, overdue, collections and score items from the warehouse", async () => {
    const star = await latestStar();
    const [m] = await queryWarehouse<{ ar_balance: unknown; overdue_amount: unknown; collections: unknown }>(
      `select ar_balance, overdue_amount, collections from mart_ar_metrics
       where grain = 'month' and level = 'person' and unit_id = '${star.unit_id}' and period_key = '${star.period_key}'`,
    );
    const items = await queryWarehouse<{ item: string; points: number | null }>(
      `select item, points from mart_scores
       where level = 'person' and unit_id = '${star.unit_id}' and period_key = '${star.period_key}'
         and policy = 'collection_task'
         -- a money item (sales commission) is pay: the default site has no such row (PAY_DATA)
         and not (points is null and amount is not null)
       order by item_order`,
    );
    const { page, errors, outside } = await openPage(site(), `/people/${star.unit_id}/`);
    await screenshot(page, 'person');
    expect(await page.locator('main h1').first().innerText()).toBe(star.unit_name);
    // Evidence's BigValue: title, then the value
    const bigValue = async (title: string) =>
      page.locator('main div.inline-block', { has: page.locator(`p:text-is("${title}")`) }).first().innerText();
    expect(await bigValue('应收余额')).toContain(formatYuan(m.ar_balance));
    expect(await bigValue('逾期金额')).toContain(formatYuan(m.overdue_amount));
    expect(await bigValue('本月回款')).toContain(formatYuan(m.collections));
    // the score breakdown of the month: every collection_task item with its points
    const scores = await page.locator('main table').filter({ hasText: '回款任务完成率' }).first().innerText();
    for (const item of items) {
      expect(scores).toContain(item.item);
    }
    const rateItem = items.find((i) => i.item === '回款任务完成率');
    if (rateItem?.points != null) expect(scores).toContain(rateItem.points.toFixed(2));
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it('is reached from the league table, and leads on to its customers', async () => {
    const star = await latestStar();
    const { page, errors } = await openPage(site(), `/league/${star.period_key}/`);
    // the first tab is the first policy; open the 回款任务考核 tab and follow the first person's link
    await page.getByRole('button', { name: '回款任务考核', exact: true }).click();
    // (the prerendered page also holds hidden copies of every link, for the crawler: take a visible one)
    const link = page.locator(`main a[href="/people/${star.unit_id}/"]:visible`).first();
    await expect.poll(() => link.isVisible()).toBe(true);
    await link.click();
    await page.waitForURL(`**/people/${star.unit_id}/`);
    await expect.poll(() => page.locator('main h1').first().innerText()).toBe(star.unit_name);

    const [customer] = await queryWarehouse<{ customer_id: string; customer_name: string }>(
      // the first row of the page's 负责的客户 table: the largest AR at the latest month end
      `select c.customer_id, c.customer_name from dim_customer c
       join mart_ar_metrics m on m.grain = 'month' and m.level = 'customer' and m.unit_id = c.customer_id
        and m.period_key = '${star.period_key}'
       where c.owner_id = '${star.unit_id}' order by m.ar_balance desc nulls last, c.customer_id limit 1`,
    );
    if (customer) {
      await page.locator(`main a[href="/customers/${customer.customer_id}/"]:visible`).first().click();
      await page.waitForURL(`**/customers/${customer.customer_id}/`);
      await expect.poll(() => page.locator('main h1').first().innerText()).toBe(customer.customer_name);
    }
    await screenshot(page, 'drill-customer');
    expect(errors).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    await page.context().close();
  });
});

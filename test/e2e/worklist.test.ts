/**
 * 催收工作台 (issue 18): a collector's worklist lists the warehouse's items for that person at the latest month
 * end (mart_dunning), highest level first, with the level's action; the managers' page adds up to the same.
 */
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import { useSite } from './site.js';
import { formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

interface Due {
  invoice_id: string;
  level_name: string;
  action: string;
  open_amount: unknown;
}

const LATEST = `(select max(as_of) from fct_open_item)`;

describe('催收工作台', () => {
  it('a collector’s page lists the warehouse’s items of that person at the latest month end, highest level first', async () => {
    const [person] = await queryWarehouse<{ person_id: string; person_name: string; n: bigint; amount: unknown }>(
      `select person_id, any_value(p.person_name) as person_name, count(*) as n, sum(open_amount) as amount
       from mart_dunning join dim_person p using (person_id)
       where as_of = ${LATEST} group by person_id order by count(*) filter (where level >= 4) desc, person_id limit 1`,
    );
    const due = await queryWarehouse<Due>(
      `select invoice_id, level_name, action, open_amount from mart_dunning
       where as_of = ${LATEST} and person_id = '${person.person_id}' order by level desc, open_amount desc, invoice_id`,
    );
    expect(due.length).toBe(Number(person.n));
    const { page, errors, outside } = await openPage(site(), `/worklist/${person.person_id}/`);
    await screenshot(page, 'worklist-person');
    const main = await page.locator('main').innerText();
    expect(main).toContain(`催收工作台：${person.person_name}`);
    expect(main).toContain(`待催收 ${due.length.toLocaleString('en-US')} 笔`);
    expect(main).toContain(formatYuan(person.amount));

    const rows = await page.locator('main table tr').allInnerTexts();
    const listed = rows.map((r) => due.find((d) => r.includes(d.invoice_id))).filter((d) => d !== undefined);
    expect(listed.length).toBeGreaterThan(0);
    // the first listed item is the person's highest level, largest amount, shown with its action and amount
    expect(listed[0]!.invoice_id).toBe(due[0].invoice_id);
    const first = rows.find((r) => r.includes(due[0].invoice_id))!;
    expect(first).toContain(formatYuan(due[0].open_amount));
    expect(first).toContain(due[0].action);
    // every invoice shown is one of the person's, with its own amount
    for (const row of rows.filter((r) => /\d{4}-\d{2}-\d{2}/.test(r))) {
      const item = due.find((d) => row.includes(d.invoice_id));
      expect(item, row).toBeDefined();
      expect(row).toContain(formatYuan(item!.open_amount));
    }
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('the managers’ page: items and amount per level add up to mart_dunning at the latest month end', async () => {
    const [total] = await queryWarehouse<{ n: bigint; amount: unknown }>(
      `select count(*) as n, sum(open_amount) as amount from mart_dunning where as_of = ${LATEST}`,
    );
    const { page, errors } = await openPage(site(), '/worklist/');
    await screenshot(page, 'worklist');
    const main = await page.locator('main').innerText();
    expect(main).toContain(`待催收 ${Number(total.n).toLocaleString('en-US')} 笔`);
    expect(main).toContain(`未收金额 ${formatYuan(total.amount)}`);
    expect(main).toContain('上门拜访');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

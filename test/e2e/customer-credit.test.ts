/**
 * The customer page's credit grade, contacts and promises (issue 18): what the page shows is the warehouse's
 * mart_customer_credit at the latest month end and the customer's promises as fct_promise judged them.
 */
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import type { MartCustomerCredit } from '../../transforms/warehouse.js';
import { useSite } from './site.js';
import { formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

/** score as text (score::VARCHAR): the page writes it as the warehouse holds it */
type Graded = Pick<MartCustomerCredit, 'customer_id' | 'grade' | 'blacklisted' | 'reason' | 'terms'> & { score: string };

describe('客户页：信用等级与付款承诺', () => {
  it('a blacklisted customer with promises of every kind shows its grade, the blacklist and its promises as the warehouse has them', async () => {
    // a customer with a page, blacklisted at the latest month end, whose log has kept, partly kept and broken promises
    const [c] = await queryWarehouse<Graded>(
      `select m.customer_id, m.grade, m.score::VARCHAR as score, m.blacklisted, m.reason, m.terms
       from mart_customer_credit m
       join customer_latest l on l.customer_id = m.customer_id and l.link is not null
       where m.as_of = (select max(as_of) from mart_customer_credit) and m.blacklisted
         and m.customer_id in (select customer_id from fct_promise group by customer_id
                               having count(*) filter (where status = 'kept') > 0 and count(*) filter (where status = 'partly_kept') > 0
                                  and count(*) filter (where status = 'broken') > 0)
       order by m.customer_id limit 1`,
    );
    expect(c, 'the sample has such a customer').toBeDefined();
    const [n] = await queryWarehouse<{ contacts: bigint; promises: bigint; kept: bigint; partly: bigint; broken: bigint; open: bigint }>(
      `select (select count(*) from fct_collection_contact where customer_id = '${c.customer_id}') as contacts, count(*) as promises,
              count(*) filter (where status = 'kept') as kept, count(*) filter (where status = 'partly_kept') as partly,
              count(*) filter (where status = 'broken') as broken, count(*) filter (where status = 'open') as open
       from fct_promise where customer_id = '${c.customer_id}'`,
    );
    // its latest promise not kept in full, as the page's contact table must show it
    const [unkept] = await queryWarehouse<{ contact_id: string; promise_amount: unknown; paid_amount: unknown; shortfall: unknown; status_name: string }>(
      `select contact_id, promise_amount, paid_amount, shortfall, status_name from fct_promise
       where customer_id = '${c.customer_id}' and status in ('broken', 'partly_kept')
         and contact_id in (select contact_id from customer_contact_page where customer_id = '${c.customer_id}')
       order by contact_date desc, contact_id desc limit 1`,
    );

    const { page, errors, outside } = await openPage(site(), `/customers/${c.customer_id}/`);
    await screenshot(page, 'customer-credit');
    const main = await page.locator('main').innerText();
    expect(await page.locator('[data-credit-grade]').getAttribute('data-credit-grade')).toBe(c.grade);
    expect(c.grade).toBe('D');
    expect(main).toContain(`信用等级 ${c.grade}（${c.terms}）`);
    expect(main).toContain(`信用得分 ${Number(c.score).toFixed(2)}`);
    expect(main).toContain('黑名单');
    expect(main).toContain(c.reason);
    const f = (v: bigint) => Number(v).toLocaleString('en-US');
    expect(main).toContain(
      `催收记录共 ${f(n.contacts)} 次，付款承诺 ${f(n.promises)} 次：已兑现 ${f(n.kept)}，部分兑现 ${f(n.partly)}，未兑现 ${f(n.broken)}，未到期 ${f(n.open)}。`,
    );
    if (unkept) {
      const row = await page.locator(`tr[data-contact="${unkept.contact_id}"]`).innerText();
      expect(row).toContain(formatYuan(unkept.promise_amount));
      expect(row).toContain(formatYuan(unkept.paid_amount));
      expect(row).toContain(formatYuan(unkept.shortfall));
      expect(row).toContain(unkept.status_name);
    }
    // the history table: one row per month end, the latest first, each with its grade
    const history = await page.locator('[data-credit-history] tbody tr').allInnerTexts();
    const grades = await queryWarehouse<{ grade: string }>(
      `select grade from mart_customer_credit where customer_id = '${c.customer_id}' order by as_of desc limit 12`,
    );
    expect(history.length).toBe(grades.length);
    history.forEach((row, i) => expect(row.split('\t')[1]).toBe(grades[i].grade));
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);
    await page.context().close();
  });
});

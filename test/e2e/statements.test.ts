/**
 * 对账单 (issue 18): a salesperson's statements page shows, for each customer they own, the month's documents with
 * the running balance, opening + movement = closing to the cent against the warehouse (AR − unapplied cash at the
 * month ends), and prints on A4 portrait pages, one customer per page with the company header and a place to sign.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evidenceErrors, openPage, screenshot } from './browser.js';
import type { Money, StatementLine } from '../../transforms/warehouse.js';
import { useSite } from './site.js';
import { formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

/** a customer's statement: opening and closing net balance (AR − unapplied) and the month's lines summed */
type Owned = Pick<StatementLine, 'customer_id' | 'customer_name'> & { owner_id: string; opening: Money; closing: Money; moved: Money };

describe('对账单', () => {
  it('each customer’s statement reconciles to the cent and prints one customer per A4 portrait page', async () => {
    // a salesperson with a customer that both bought and paid in the latest month, and few customers (a short PDF)
    const [{ owner_id }] = await queryWarehouse<{ owner_id: string }>(
      `with busy as (
         select s.owner_id from statement_line s group by s.owner_id, s.customer_id
         having count(*) filter (where kind = '销售发票') > 0 and count(*) filter (where kind = '收款') > 0)
       select s.owner_id from statement_line s where s.owner_id in (select owner_id from busy)
       group by s.owner_id order by count(distinct s.customer_id), s.owner_id limit 1`,
    );
    const owned = await queryWarehouse<Owned>(
      `with p as (select period_key, prev_period_key from dim_period where grain = 'month' order by period_key desc limit 1),
            net as (select unit_id, period_key, ar_balance - unapplied_amount as net from mart_ar_metrics where grain = 'month' and level = 'customer')
       select s.owner_id, s.customer_id, any_value(s.customer_name) as customer_name,
              coalesce(any_value(o.net), 0) as opening, coalesce(any_value(e.net), 0) as closing, coalesce(sum(s.amount), 0) as moved
       from statement_line s cross join p
       left join net o on o.unit_id = s.customer_id and o.period_key = p.prev_period_key
       left join net e on e.unit_id = s.customer_id and e.period_key = p.period_key
       where s.owner_id = '${owner_id}' group by s.owner_id, s.customer_id order by s.customer_id`,
    );
    expect(owned.length).toBeGreaterThan(0);
    const company = /company_name:\s*(\S+)/.exec(readFileSync('report.yaml', 'utf8'))![1];

    const { page, errors, outside } = await openPage(site(), `/statements/${owner_id}/`);
    await screenshot(page, 'statements');
    const sections = page.locator('section.statement');
    expect(await sections.count()).toBe(owned.length);
    for (const c of owned) {
      const text = await page.locator(`section.statement[data-customer="${c.customer_id}"]`).innerText();
      expect(text).toContain(company);
      expect(text).toContain(`${c.customer_name}（${c.customer_id}）`);
      // the warehouse's balances: opening + the month's movement = closing, to the cent
      expect(text).toContain(`期初余额 ${formatYuan(c.opening)} + 本月发生额 ${formatYuan(c.moved)} = 期末余额 ${formatYuan(c.closing)}`);
      expect(Number(c.opening) + Number(c.moved)).toBeCloseTo(Number(c.closing), 2);
      expect(text).toContain('客户（盖章）');
    }
    // every document of the month is a line of its customer's statement
    const docs = await queryWarehouse<{ customer_id: string; doc_id: string; amount: unknown }>(
      `select customer_id, doc_id, amount from statement_line where owner_id = '${owner_id}' and doc_id is not null`,
    );
    for (const d of docs) {
      const row = page.locator(`section.statement[data-customer="${d.customer_id}"] tr`, { hasText: d.doc_id }).first();
      expect(await row.innerText()).toContain(formatYuan(d.amount));
    }
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    expect(await evidenceErrors(page)).toEqual([]);

    // printed as the browser prints it: A4 portrait pages, each statement starting on its own page
    await page.emulateMedia({ media: 'print' });
    const file = 'test-results/statements.pdf';
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    // A4 portrait: 595 × 842 points (Chromium writes 594.96 × 841.92)
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect([Math.round(Number(w)), Math.round(Number(h))]).toEqual([595, 842]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(owned.length);
    const firstPages: number[] = [];
    for (let n = 1; n <= pages; n++) {
      const text = execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-'], { encoding: 'utf8' });
      expect(text, `page ${n}: no navigation`).not.toContain('月报存档');
      if (text.includes('应收账款对账单')) firstPages.push(n);
      const c = owned.find((o) => text.includes(`${o.customer_name}（${o.customer_id}）`));
      if (text.includes('应收账款对账单')) expect(c, `page ${n} names its customer`).toBeDefined();
    }
    // one statement per customer, each one beginning a page
    expect(firstPages).toHaveLength(owned.length);
    await page.context().close();
  });
});

/**
 * Drill-down to the document (issue 14): a customer page leads from an open item to the documents that explain
 * it — each application with its receipt, rule and amount, write-offs, the open amount at each month end — and
 * from a receipt to the invoices it paid; the customer index says which customers have a page.
 */
import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './browser.js';
import { useSite } from './site.js';
import { formatYuan, queryWarehouse } from './warehouse.js';

const site = useSite();

interface Paid {
  customer_id: string;
  invoice_id: string;
  receipt_id: string;
  amount: unknown;
  open_amount: unknown;
}

/** An invoice open at the latest month end that a receipt of the last 6 months paid in part. */
async function partlyPaid(): Promise<Paid> {
  const [row] = await queryWarehouse<Paid>(
    `select t.customer_id, t.doc_id as invoice_id, t.counterpart_id as receipt_id, t.amount, t.doc_open_amount as open_amount
     from customer_trail t
     join customer_trail r on r.section = 'receipt' and r.doc_id = t.counterpart_id
     where t.section = 'invoice' and t.event = '收款核销'
     order by t.customer_id, t.doc_id limit 1`,
  );
  return row;
}

describe('customer page: drill-down to the document', () => {
  it('an open invoice lists the receipt that paid part of it, and the receipt the invoices it paid', async () => {
    const p = await partlyPaid();
    expect(p, 'the sample has a partly paid open invoice').toBeTruthy();
    const { page, errors } = await openPage(site(), `/customers/${p.customer_id}/`);
    const invoice = page.locator(`details#inv-${p.invoice_id}`);
    await invoice.locator('summary').click();
    await screenshot(page, 'customer-trail');
    const text = await invoice.innerText();
    expect(text).toContain(p.invoice_id);
    expect(text).toContain(`最新月末未收 ${formatYuan(p.open_amount)}`);
    const row = invoice.locator('tr', { hasText: p.receipt_id });
    expect(await row.innerText()).toContain(formatYuan(p.amount));
    // the receipt's own entry, reached from the invoice's row
    await row.locator(`a[href="#rcpt-${p.receipt_id}"]`).click();
    const receipt = page.locator(`details#rcpt-${p.receipt_id}`);
    await receipt.locator('summary').click();
    expect(await receipt.locator('tr', { hasText: p.invoice_id }).innerText()).toContain(formatYuan(p.amount));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the open items table links each invoice to its trail', async () => {
    const p = await partlyPaid();
    const { page } = await openPage(site(), `/customers/${p.customer_id}/`);
    expect(await page.locator(`a[href="#inv-${p.invoice_id}"]`).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('the customer index says how many customers have a page, and links only those', async () => {
    const [{ all, pages }] = await queryWarehouse<{ all: bigint; pages: bigint }>(
      'select count(*) as "all", count(*) filter (where has_page) as pages from customer_latest',
    );
    const { page } = await openPage(site(), '/customers/');
    const main = await page.locator('main').innerText();
    expect(main).toContain(`共 ${Number(all).toLocaleString('en-US')} 家客户`);
    expect(main).toContain(`其中 ${Number(pages).toLocaleString('en-US')} 家有客户页`);
    // the page's data is bounded: the 500 largest balances listed, the others found by the search (issue 14)
    expect(Number(all)).toBeGreaterThan(500);
    expect(main).toContain('下表列出应收余额最大的 500 家，其余请用查找框');
    await page.context().close();
  });

  it("the customer index's search finds a team's customers in the browser, with the warehouse's count and balances", async () => {
    // the team with the fewest customers, so all of them are listed (fewer than the 500 shown)
    const [team] = await queryWarehouse<{ owner_team_name: string; n: bigint; pages: bigint }>(
      `select owner_team_name, count(*) as n, count(*) filter (where has_page) as pages from customer_latest
       where owner_team_name is not null group by all order by n, owner_team_name limit 1`,
    );
    const [largest] = await queryWarehouse<{ customer_id: string; ar_balance: unknown }>(
      `select customer_id, ar_balance from customer_latest where owner_team_name = '${team.owner_team_name}'
       order by ar_balance desc nulls last, customer_id limit 1`,
    );
    const { page, errors } = await openPage(site(), '/customers/');
    await page.getByPlaceholder('客户名称、编码、业务员或团队').fill(team.owner_team_name);
    const main = page.locator('main');
    await expect.poll(() => main.innerText(), { timeout: 20_000 }).toContain(`共 ${Number(team.n).toLocaleString('en-US')} 家客户`);
    expect(await main.innerText()).toContain(`其中 ${Number(team.pages).toLocaleString('en-US')} 家有客户页`);
    const first = await page.locator('main table').first().locator('tr:has(td)').first().innerText();
    expect(first).toContain(largest.customer_id);
    expect(first).toContain(formatYuan(largest.ar_balance));
    // the search downloads the index's slim table, not customer_latest
    const tables = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.endsWith('.arrow')));
    expect(tables.some((u) => u.includes('customer_search'))).toBe(true);
    expect(tables.some((u) => u.includes('customer_latest'))).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

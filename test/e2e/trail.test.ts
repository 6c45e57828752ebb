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
});

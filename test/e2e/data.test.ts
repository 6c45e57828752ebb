/**
 * The site ships what its pages show (issue 14): build/data holds only the tables a filter re-queries in the
 * browser, each bounded by units × periods (TABLE_SCALE), never a document table; every other query's result is
 * prerendered. Both sites are checked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputDrivenQueries } from '../../transforms/publish/page-queries/browser-tables.js';
import { SITE_OUTPUT } from '../../transforms/publish/site-database.js';
import { SHIPPABLE_SCALES, SITE_TABLES, tableScale } from '../../transforms/warehouse.js';

function bytesUnder(dir: string): number {
  return readdirSync(dir).reduce((n, e) => {
    const p = path.join(dir, e);
    return n + (statSync(p).isDirectory() ? bytesUnder(p) : statSync(p).size);
  }, 0);
}

describe('the data a site ships', () => {
  for (const audience of ['sales', 'management'] as const) {
    it(`${SITE_OUTPUT[audience].buildDir}/data: exactly the tables inputs re-query, none of them a document or customer × period table`, () => {
      const dir = path.join(SITE_OUTPUT[audience].buildDir, 'data');
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { renderedFiles: Record<string, string[]> };
      const shipped = Object.values(manifest.renderedFiles)
        .flat()
        .map((f) => path.basename(f).replace(/\.parquet$/, ''))
        .sort();
      const wanted = [...new Set(inputDrivenQueries(SITE_TABLES).flatMap((q) => q.tables))].sort();
      expect(shipped).toEqual(wanted);
      for (const table of shipped) expect(SHIPPABLE_SCALES, table).toContain(tableScale(table));
      for (const table of ['fct_invoice', 'fct_receipt', 'fct_application', 'fct_open_item', 'mart_ar_metrics', 'customer_trail']) {
        expect(shipped).not.toContain(table);
      }
      // the sample's shipped tables are a few MB (the whole warehouse was 255 MB)
      expect(bytesUnder(dir)).toBeLessThan(10 * 1024 * 1024);
    });
  }
});

describe('a customer page is bounded whatever the customer’s history (prerendered once per customer)', () => {
  it('the busiest customer’s page lists its latest 10 contacts and 12 graded month ends, and counts the rest', async () => {
    const { queryWarehouse } = await import('./warehouse.js');
    const [busiest] = await queryWarehouse<{ customer_id: string; contacts: bigint; graded: bigint; latest: string }>(
      `select c.customer_id, count(*) as contacts,
              (select count(*) from mart_customer_credit m where m.customer_id = c.customer_id) as graded,
              arg_max(c.contact_id, c.contact_date || c.contact_id) as latest
       from fct_collection_contact c
       join customer_latest l on l.customer_id = c.customer_id and l.has_page
       group by c.customer_id order by contacts desc, c.customer_id limit 1`,
    );
    // the sample's busiest customer has far more history than a page lists
    expect(Number(busiest.contacts)).toBeGreaterThan(10);
    expect(Number(busiest.graded)).toBeGreaterThan(12);
    const html = readFileSync(path.join('build', 'customers', busiest.customer_id, 'index.html'), 'utf8');
    expect(html.match(/data-contact="/g)?.length).toBe(10);
    expect(html).toContain(`data-contact="${busiest.latest}"`);
    expect(html).toContain(`催收记录共 ${Number(busiest.contacts).toLocaleString('en-US')} 次`);
    expect(html).toContain('下表列出最近的 10 次');
    const history = html.slice(html.indexOf('data-credit-history'), html.indexOf('</table>', html.indexOf('data-credit-history')));
    expect(history.match(/<tr>/g)?.length).toBe(1 + 12); // the header row and 12 month ends
  });

  it('the customer pages built are exactly customer_latest\'s has_page customers (a page linking any other customer would build it)', async () => {
    const { queryWarehouse } = await import('./warehouse.js');
    const dir = path.join('build', 'customers');
    const built = readdirSync(dir).filter((c) => statSync(path.join(dir, c)).isDirectory()).sort();
    const paged = (await queryWarehouse<{ customer_id: string }>(`select customer_id from customer_latest where has_page order by customer_id`)).map((r) => r.customer_id);
    expect(built).toEqual(paged);
  });

  it('no customer page is over 250 kB of HTML (20,000 of them are built at 10 M invoices)', () => {
    const dir = path.join('build', 'customers');
    const pages = readdirSync(dir).filter((c) => statSync(path.join(dir, c)).isDirectory());
    expect(pages.length).toBeGreaterThan(1000);
    const largest = Math.max(...pages.map((c) => statSync(path.join(dir, c, 'index.html')).size));
    expect(largest).toBeLessThan(250 * 1024);
  });
});

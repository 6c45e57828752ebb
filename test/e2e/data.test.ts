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

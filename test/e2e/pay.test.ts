/**
 * Who may see what (issue 15): pay never reaches the default site.
 *
 * Every file of build/ is read — HTML, JSON, JavaScript as text, every Arrow and Parquet file decoded — and
 * searched for each person's salary of the input export (as 12345.67, as 12,345.67, or as a number equal to it)
 * and for the pay column names (PAY_DATA). The e2e export gives every salary distinctive cents (global-setup.ts),
 * so a hit is the salary. The same scan of the management site (build-management/) must find them: that proves
 * the scan sees what it looks for, and that the management site has the pay. Then the pages: a person's score
 * items in each site, and the management banner.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { PAY_DATA, payDataOf } from '../../transforms/warehouse.js';
import { SITE_OUTPUT } from '../../transforms/publish/site-database.js';
import { openPage, screenshot } from './browser.js';
import { E2E_EXPORT } from './global-setup.js';
import { useSite } from './site.js';
import { formatYuan, queryWarehouse } from './warehouse.js';

/** The salaries of the e2e export, in cents. */
function salaries(): Set<number> {
  const [header, ...lines] = readFileSync(path.join(E2E_EXPORT, 'people.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
  const column = header.split(',').indexOf('monthly_salary');
  return new Set(lines.map((l) => l.split(',')[column]).filter(Boolean).map((v) => Math.round(Number(v) * 100)));
}

const PAY_COLUMNS = new Set<string>(Object.values(PAY_DATA).flatMap((p) => p.columns ?? []));
/** Column names that say pay whatever table they are in (amount is also an invoice's amount). */
const PAY_WORDS = [...PAY_COLUMNS].filter((c) => c !== 'amount');
const BINARY = new Set(['.wasm', '.png', '.ico', '.woff', '.woff2', '.jpg', '.gif']);

interface Hit {
  file: string;
  what: string;
}

class PayScanner {
  readonly hits: Hit[] = [];
  files = 0;
  /** each salary as text (12345.67 and 12,345.67), not inside a longer number */
  private readonly patterns: RegExp[];
  constructor(private readonly cents: Set<number>) {
    this.patterns = [...cents].flatMap((c) => {
      const plain = (c / 100).toFixed(2);
      const grouped = Number(plain).toLocaleString('en-US', { minimumFractionDigits: 2 });
      return [plain, grouped].map((t) => new RegExp(`(?<![\\d.,])${t.replaceAll('.', '\\.')}(?!\\d)`));
    });
  }

  private text(file: string, where: string, text: string): void {
    for (const p of this.patterns) {
      const m = p.exec(text);
      if (m) this.hits.push({ file, what: `${where}: ${m[0]}` });
    }
    for (const w of PAY_WORDS) if (text.includes(w)) this.hits.push({ file, what: `${where}: ${w}` });
  }

  private value(file: string, column: string, v: unknown): void {
    if (typeof v === 'number' || typeof v === 'bigint') {
      if (this.cents.has(Math.round(Number(v) * 100)) && Number.isFinite(Number(v))) this.hits.push({ file, what: `${column} = ${v}` });
    } else if (typeof v === 'string') this.text(file, column, v);
  }

  /** A data file of a pay table must not have its pay columns (amount counts there). */
  private columns(file: string, names: string[]): void {
    const table = path.basename(file).replace(/\.(arrow|parquet)$/, '');
    for (const name of names) {
      if (PAY_WORDS.includes(name) || payDataOf(table).columns.includes(name)) this.hits.push({ file, what: `column ${name}` });
    }
  }

  async scan(dir: string, db: DuckDBInstance): Promise<void> {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) {
        await this.scan(file, db);
        continue;
      }
      const ext = path.extname(file);
      if (BINARY.has(ext)) continue;
      this.files++;
      if (ext === '.arrow') {
        const table = tableFromIPC(readFileSync(file));
        this.columns(file, table.schema.fields.map((f) => f.name));
        for (const field of table.schema.fields) {
          for (const v of table.getChild(field.name)!.toArray()) this.value(file, field.name, v);
        }
      } else if (ext === '.parquet') {
        const conn = await db.connect();
        const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
        this.columns(file, reader.columnNames());
        reader.getColumnsJS().forEach((values, i) => values.forEach((v) => this.value(file, reader.columnNames()[i], v)));
        conn.closeSync();
      } else {
        this.text(file, 'text', readFileSync(file, 'utf8'));
      }
    }
  }
}

async function scanSite(root: string): Promise<PayScanner> {
  const scanner = new PayScanner(salaries());
  const db = await DuckDBInstance.create(':memory:');
  try {
    await scanner.scan(root, db);
  } finally {
    db.closeSync();
  }
  return scanner;
}

const site = useSite(SITE_OUTPUT.sales.buildDir);
const management = useSite(SITE_OUTPUT.management.buildDir);

/** A person with a salary deduction (逾期扣薪) in the latest month, and its amount. */
async function deducted(): Promise<{ unit_id: string; item: string; amount: unknown }> {
  const [row] = await queryWarehouse<{ unit_id: string; item: string; amount: unknown }>(
    `select unit_id, item, amount from mart_scores
     where policy = 'overdue' and level = 'person' and grain = 'month' and item like '逾期扣薪%'
       and period_key = (select max(period_key) from dim_period where grain = 'month')
     order by amount, unit_id limit 1`,
  );
  return row;
}

describe('pay data', () => {
  it('no file of the default site holds a salary or a pay column, decoded or as text', async () => {
    const scan = await scanSite(SITE_OUTPUT.sales.buildDir);
    expect(scan.files).toBeGreaterThan(2000);
    expect(scan.hits.slice(0, 20)).toEqual([]);
  });

  it('the management site holds them (the scan finds what it looks for)', async () => {
    const scan = await scanSite(SITE_OUTPUT.management.buildDir);
    const files = new Set(scan.hits.map((h) => h.file));
    // dim_person with monthly_salary, as Arrow and as Parquet
    expect([...files].some((f) => f.endsWith('dim_person.arrow'))).toBe(true);
    expect([...files].some((f) => f.endsWith('dim_person.parquet'))).toBe(true);
    expect(scan.hits.some((h) => h.what.startsWith('column monthly_salary'))).toBe(true);
    // and the salaries themselves, quoted in the deductions' notes of prerendered results
    expect(scan.hits.some((h) => h.file.includes(`${path.sep}api${path.sep}`) && /\d\.\d\d$/.test(h.what))).toBe(true);
  });

  it("a person's page shows the score items without pay in the default site, the deduction with its rule in the management site", async () => {
    const d = await deducted();
    expect(d, 'the sample has a salary deduction in its latest month').toBeTruthy();
    const opened = await openPage(site(), `/people/${d.unit_id}/`);
    const main = await opened.page.locator('main').innerText();
    expect(main).toContain('考核得分明细');
    expect(main).toContain('基础分');
    expect(main).not.toContain('逾期扣薪');
    expect(main).not.toContain(formatYuan(d.amount).replace('-', ''));
    expect(main).toContain('本版不含薪酬数据');
    expect(await opened.page.locator('[data-audience="management"]').count()).toBe(0);
    await opened.page.context().close();

    const m = await openPage(management(), `/people/${d.unit_id}/`);
    await screenshot(m.page, 'person-management');
    expect(await m.page.locator('[data-audience="management"]').innerText()).toContain('管理层版');
    const table = await m.page.locator('main table').filter({ hasText: d.item }).first().innerText();
    expect(table).toContain(d.item);
    // the amount (negative: a deduction) and the rule: salary × percent, refunded on collection
    expect(table).toContain(formatYuan(d.amount).replace('-', ''));
    expect(table).toContain('月工资');
    expect(table).toContain('收回后按比例退还');
    expect(m.errors).toEqual([]);
    await m.page.context().close();
  });
});

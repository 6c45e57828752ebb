/**
 * Issue 16, case 1: one unbalanced quote must not swallow the rest of a file. An opening `"` on line 101
 * of a 2,001-line invoices.csv (or customers.csv) is a structural fault naming the file and the line:
 * exit 1 and the previous warehouse byte-identical, instead of 1,900 invoices silently gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scanCsv } from '../../transforms/load/csv-scan.js';
import { StructuralFaultError } from '../../transforms/load/index.js';
import { buildWarehouse } from '../../transforms/pipeline.js';
import { assembleExport, loadFolder, runTransformCli, sha256, tmpDir } from '../helpers/load.js';

const work = tmpDir();
const out = path.join(work, 'warehouse.duckdb');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  await buildWarehouse({ from: assembleExport(null, path.join(work, 'base')), out });
}, 120_000);

/** invoices.csv of 2,000 invoices (2,001 lines); line 101's amount opens a quote that is never closed */
function invoicesWithOpenQuote(dir: string): void {
  const lines = ['invoice_id,customer_id,invoice_date,amount,due_date,person_id'];
  for (let i = 1; i <= 2000; i++) lines.push(`N${i},C${(i % 3) + 1},2025-02-${String((i % 28) + 1).padStart(2, '0')},${1000 + i}.54,,S1`);
  lines[100] = lines[100].replace(',1100.54', ',"1100.54');
  fs.writeFileSync(path.join(dir, 'invoices.csv'), lines.join('\n') + '\n');
}

async function loadError(dir: string): Promise<Error | null> {
  return loadFolder(dir).then(
    async ({ w }) => {
      await w.close();
      return null;
    },
    (e: Error) => e,
  );
}

it('an opening quote on line 101 of a 2,001-line invoices.csv stops the load, naming the file and the line', async () => {
  const dir = assembleExport(null, path.join(work, 'invoices'));
  invoicesWithOpenQuote(dir);
  const error = await loadError(dir);
  expect(error).toBeInstanceOf(StructuralFaultError);
  expect(error!.message).toContain('invoices.csv: line 101: a quote opened here is never closed: lines 101–2001 (1901 lines)');

  const before = sha256(out);
  const r = await runTransformCli(['--from', dir, '--out', out]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('invoices.csv: line 101: a quote opened here is never closed');
  expect(sha256(out)).toBe(before);
}, 60_000);

it('the same in customers.csv stops before it can cascade into rejected invoices', async () => {
  const dir = assembleExport(null, path.join(work, 'customers'));
  const lines = fs.readFileSync(path.join(dir, 'customers.csv'), 'utf8').trimEnd().split('\n');
  for (let i = 4; i <= 1999; i++) lines.push(`X${i},客户${i},1000.00,30,普通,华东,S1`);
  lines[100] = lines[100].replace(',客户', ',"客户');
  fs.writeFileSync(path.join(dir, 'customers.csv'), lines.join('\n') + '\n');
  const error = await loadError(dir);
  expect(error).toBeInstanceOf(StructuralFaultError);
  expect(error!.message).toContain('customers.csv: line 101: a quote opened here is never closed: lines 101–2000');
});

it('the scanner counts physical lines and names the first quote that merges lines', () => {
  const file = path.join(work, 'q.csv');
  const scan = (text: string) => {
    fs.writeFileSync(file, text);
    return scanCsv(file);
  };
  expect(scan('a,b\n1,2\n').lines).toBe(2);
  expect(scan('a,b\n1,2').lines).toBe(2);
  expect(scan('a,b\n1,"x\ny"\n\n').lines).toBe(4);
  // a legitimate quoted line break, and an unclosed quote confined to the last line, merge nothing
  expect(scan('a,b,c\n1,"x, y\nz",3\n').quoteFault).toBeNull();
  expect(scan('a,b\n1,"open\n').quoteFault).toBeNull();
  // commas in a multi-line quoted address are no records: only a whole inner line with a record's delimiters is
  expect(scan('a,b\n1,"Room 5, Bldg 3\nBeijing, China"\n').quoteFault).toBeNull();
  expect(scan('a,b,c,d,e\n1,"x\ny, z\nw",3,4,5\n').quoteFault).toBeNull();
  expect(scan('a,b\n1,"open\n2,3\n').quoteFault).toEqual({ line: 2, lastLine: 3, kind: 'unclosed' });
  expect(scan('a,b,c\n1,"x\n2,3,4\n5,6",7\n').quoteFault).toEqual({ line: 2, lastLine: 3, kind: 'swallows-records' });
  expect(scan('a,b,c\n1,"x\n2",3,4\n').quoteFault).toEqual({ line: 2, lastLine: 3, kind: 'wrong-fields', fields: 4 });
});

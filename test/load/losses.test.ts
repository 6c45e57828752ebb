/** Issue 16: the loader's remaining silent losses, beyond what the corpus (test/fixtures/load) covers. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../transforms/db.js';
import { loadExport } from '../../transforms/load/index.js';
import { parseShare } from '../../transforms/load/mapping.js';
import { assembleExport, expectNothingLost, fileRows, runTransformCli, tmpDir } from '../helpers/load.js';

const work = tmpDir();
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('a required file mostly rejected', () => {
  it('the share is configurable: more than half rejected loads when allowed', async () => {
    const w = await openWarehouse();
    try {
      const summary = await loadExport(w.conn, assembleExport('mostly-rejected', path.join(work, 'mostly')), { maxRejectShare: 0.7 });
      expect(summary.files.find((f) => f.file === 'receipts.csv')).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 });
      await expectNothingLost(w, summary);
    } finally {
      await w.close();
    }
  });

  it('reads shares as 0–1 or percentages', () => {
    expect(parseShare('0.8')).toBe(0.8);
    expect(parseShare('80 %')).toBe(0.8);
    expect(parseShare(1)).toBe(1);
    expect(parseShare('150%')).toBeNull();
    expect(parseShare('half')).toBeNull();
  });

  it('CLI: --max-reject-share, and a bad value is refused', async () => {
    const dir = assembleExport('mostly-rejected', path.join(work, 'mostly-cli'));
    const bad = await runTransformCli(['--from', dir, '--out', path.join(work, 'x.duckdb'), '--max-reject-share', 'lots']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--max-reject-share must be a share from 0 to 1 or a percentage, not lots');
    const out = path.join(work, 'm.duckdb');
    const ok = await runTransformCli(['--from', dir, '--out', out, '--max-reject-share', '70%']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await fileRows(out, 'SELECT count(*) FROM stg_receipts')).toEqual([['1']]);
  }, 60_000);
});

describe('several files of one entity', () => {
  it('a name followed by a period suffix is that entity; the longest name wins; anything else is skipped', async () => {
    const { entityOfFile } = await import('../../transforms/load/discover.js');
    const { ENTITIES } = await import('../../transforms/load/index.js');
    const of = (name: string) => entityOfFile(name, ENTITIES);
    expect(of('invoices_2025Q4.csv')).toBe('invoices');
    expect(of('Invoices-2024.xlsx')).toBe('invoices');
    expect(of('销售发票2025年第4季度.xlsx')).toBe('invoices');
    expect(of('收款单 (1).csv')).toBe('receipts');
    expect(of('回款任务2025.csv')).toBe('targets');
    expect(of('回款2025.csv')).toBe('receipts');
    expect(of('invoicesx.csv')).toBeNull();
    expect(of('old_invoices.csv')).toBeNull();
    expect(of('invoices_2025.txt')).toBeNull();
  });
});

describe('encoding by evidence', () => {
  it('Latin-1 / Windows-1252 is not read as GBK; Chinese GBK stays GBK; mixed evidence is ambiguous', async () => {
    const { legacyEncoding } = await import('../../transforms/load/encoding.js');
    const iconv = (await import('iconv-lite')).default;
    expect(legacyEncoding(iconv.encode('C1,Müller Söhne GmbH\n', 'windows-1252'))).toEqual({ encoding: 'windows-1252' });
    expect(legacyEncoding(iconv.encode('C1,Café “Crème”\n', 'windows-1252'))).toEqual({ encoding: 'windows-1252' });
    expect(legacyEncoding(iconv.encode('客户编码,客户名称\nC1,上海甲公司（总部）\nC2,朱镕基\n', 'gbk'))).toEqual({ encoding: 'gbk' });
    expect(legacyEncoding(iconv.encode('客户,𠮷野家\n', 'gb18030'))).toEqual({ encoding: 'gb18030' });
    expect(legacyEncoding(iconv.encode('C1,ÖÄ Müller\n', 'windows-1252'))).toMatchObject({ ambiguous: ['gbk', 'windows-1252'] });
    expect(legacyEncoding(Buffer.from([0x43, 0x81, 0x20, 0x9d]))).toBeNull();
  });

  it('mapping.yaml encoding: for every file or per file; an unknown name is refused', async () => {
    const { readMapping, statedEncoding } = await import('../../transforms/load/mapping.js');
    const { ENTITIES } = await import('../../transforms/load/index.js');
    const dir = path.join(work, 'enc');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mapping.yaml'), 'encoding: GB2312\n');
    expect(statedEncoding(readMapping(dir, ENTITIES), 'x.csv')).toBe('gbk');
    fs.writeFileSync(path.join(dir, 'mapping.yaml'), 'encoding: { Customers.csv: latin1 }\n');
    const m = readMapping(dir, ENTITIES);
    expect([statedEncoding(m, 'customers.csv'), statedEncoding(m, 'people.csv')]).toEqual(['windows-1252', null]);
    fs.writeFileSync(path.join(dir, 'mapping.yaml'), 'encoding: ebcdic\n');
    expect(() => readMapping(dir, ENTITIES)).toThrow('mapping.yaml: encoding: ebcdic is not one of utf-8, gbk, gb18030, windows-1252, utf-16le, utf-16be');
  });
});

describe('a write-off above its invoice', () => {
  it('is a warning in load_rejects naming the write-off, the invoice and where the rest went; the model numbers unchanged', async () => {
    const { buildWarehouse } = await import('../../transforms/pipeline.js');
    const dir = assembleExport(null, path.join(work, 'wo'));
    // I3 (C2, 22,600.00) is written off by W1 600.00 in base; W2 asks 22,500.00 more of it, W3 names the credit note I5
    fs.appendFileSync(path.join(dir, 'writeoffs.csv'), 'W2,C2,2025-04-30,22500.00,I3\nW3,C1,2025-04-30,10.00,I5\n');
    const out = path.join(work, 'wo.duckdb');
    const result = await buildWarehouse({ from: dir, out });
    expect(result.warningCount).toBe(2);
    expect(await fileRows(out, `SELECT file, line, "column", value, reason, severity FROM load_rejects ORDER BY line`)).toEqual([
      ['writeoffs.csv', '3', 'amount', '22500.00', 'write-off W2 of 22500.00 exceeds the open amount of invoice I3 (22000.00 could be written off on it): 500.00 went unallocated (it reduces no AR)', 'warning'],
      ['writeoffs.csv', '4', 'amount', '10.00', 'write-off W3 of 10.00 exceeds the open amount of invoice I5 (0.00 could be written off on it): 10.00 went to other open invoices of C1 (oldest first)', 'warning'],
    ]);
    // the model is as it was: W2 puts 22,000.00 on I3 and 500.00 nowhere
    expect(await fileRows(out, `SELECT writeoff_id, invoice_id, amount::VARCHAR, rule FROM fct_writeoff WHERE writeoff_id = 'W2' ORDER BY rule`)).toEqual([
      ['W2', 'I3', '22000.00', 'explicit'],
      ['W2', null, '500.00', 'unallocated'],
    ]);
  }, 60_000);
});

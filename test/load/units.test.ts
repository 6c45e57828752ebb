/** The loader's small pure parts, and its SQL parsers case by case. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { openWarehouse, type Warehouse } from '../../transforms/db.js';
import { detectDelimiter, scanCsv, splitRecord } from '../../transforms/load/csv-scan.js';
import { discoverFiles, entityOfFile } from '../../transforms/load/discover.js';
import { classifyGb, looksBinary, sniff, Utf8Checker } from '../../transforms/load/encoding.js';
import { ENTITIES } from '../../transforms/load/entities/index.js';
import { matchHeaders, normalizeHeader, stripParenthesised } from '../../transforms/load/header.js';
import { readMapping } from '../../transforms/load/mapping.js';
import { macroSql } from '../../transforms/load/sql.js';
import { StructuralFaultError } from '../../transforms/load/types.js';
import { cellText, excelSerialToIso } from '../../transforms/load/xlsx.js';
import { textRows, tmpDir } from '../helpers/load.js';

const entity = (name: string) => ENTITIES.find((e) => e.name === name)!;
const work = tmpDir();
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('header matching', () => {
  it('normalises case, width, spaces, separators and required markers', () => {
    expect(normalizeHeader(' Customer ID* ')).toBe('customerid');
    expect(normalizeHeader('customer_id')).toBe('customerid');
    expect(normalizeHeader('\uFEFF客户编码')).toBe('客户编码');
    expect(normalizeHeader('金额（元）')).toBe('金额(元)');
    expect(normalizeHeader('ＩＮＶＯＩＣＥ－ＩＤ')).toBe('invoiceid');
    expect(stripParenthesised('价税合计(本位币)')).toBe('价税合计');
    expect(stripParenthesised('金额')).toBeNull();
  });

  it('maps aliases, preferring the more specific one', () => {
    const m = matchHeaders('x.csv', entity('invoices'), ['单据编号', '客户', '客户代码', '日期', '金额', '价税合计（本位币）', '备注']);
    expect(Object.fromEntries(m.columns)).toEqual({ invoice_id: 0, customer_id: 2, invoice_date: 3, amount: 5 });
    expect(m.ignored).toEqual(['备注 (unknown column)', '客户 (客户代码 used for customer_id)', '金额 (价税合计（本位币） used for amount)']);
  });

  it('mapping.yaml headers beat every alias', () => {
    const m = matchHeaders('x.csv', entity('receipts'), ['收款单号', '客户编码', '日期', '金额', '实际到账'], { 实际到账: 'amount' });
    expect(m.columns.get('amount')).toBe(4);
  });

  it('a missing required column or two equal headers is structural', () => {
    expect(() => matchHeaders('r.csv', entity('receipts'), ['receipt_id', 'customer_id', 'amount'])).toThrow(
      /r\.csv: missing required column receipt_date \(收款日期\)/,
    );
    expect(() => matchHeaders('t.csv', entity('targets'), ['period', 'collection_target'])).toThrow(/one of person_id \/ team_id/);
    expect(() => matchHeaders('c.csv', entity('customers'), ['customer_id', 'customer_name', 'Customer Name'])).toThrow(StructuralFaultError);
  });

  it('no alias means two columns of one entity', () => {
    for (const e of ENTITIES) {
      const seen = new Map<string, string>();
      for (const c of e.columns) {
        for (const alias of [c.name, ...c.aliases]) {
          const key = normalizeHeader(alias);
          expect(seen.get(key) ?? c.name, `${e.name}: ${alias}`).toBe(c.name);
          seen.set(key, c.name);
        }
      }
    }
  });
});

describe('files', () => {
  it('finds entity files by English or Chinese name, any case', () => {
    expect(entityOfFile('Invoices.CSV', ENTITIES)).toBe('invoices');
    expect(entityOfFile('销售发票.xlsx', ENTITIES)).toBe('invoices');
    expect(entityOfFile('应收单.csv', ENTITIES)).toBe('invoices');
    expect(entityOfFile('回款任务.csv', ENTITIES)).toBe('targets');
    expect(entityOfFile('考核指标.csv', ENTITIES)).toBe('kpi_inputs');
    expect(entityOfFile('invoices.txt', ENTITIES)).toBeNull();
    expect(entityOfFile('AR.csv', ENTITIES, new Map([['ar.csv', 'invoices']]))).toBe('invoices');
  });

  it('requires customers, people, invoices and receipts', () => {
    const d = discoverFiles(['客户.csv', 'people.xlsx', 'invoices.csv', 'INVOICES.xlsx', 'receipts.csv', 'readme.md', 'mapping.yaml'], ENTITIES);
    expect(d.files.get('invoices')).toEqual(['INVOICES.xlsx', 'invoices.csv']);
    expect(d.unrecognised).toEqual(['readme.md']);
    expect(() => discoverFiles(['customers.csv', 'people.csv', 'invoices.csv'], ENTITIES)).toThrow(/missing required file for receipts/);
  });

  it('reads mapping.yaml and refuses what it cannot use', () => {
    const dir = path.join(work, 'mapping');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'mapping.yaml'), 'columns:\n  Kunde: customer_id\nreceipts:\n  Betrag: amount\ndate_order: mdy\n');
    const m = readMapping(dir, ENTITIES);
    expect(m.columns.get('invoices')).toEqual({ Kunde: 'customer_id' });
    expect(m.columns.get('receipts')).toEqual({ Kunde: 'customer_id', Betrag: 'amount' });
    expect(m.columns.get('people')).toEqual({});
    expect(m.dateOrder).toBe('MDY');
    fs.writeFileSync(path.join(dir, 'mapping.yaml'), 'invoice:\n  a: b\n');
    expect(() => readMapping(dir, ENTITIES)).toThrow(/unknown key invoice/);
  });
});

describe('encoding', () => {
  it('sniffs xlsx, xls, binary, BOMs and text from the bytes', () => {
    expect(sniff(Buffer.from('PK\x03\x04rest', 'latin1')).kind).toBe('xlsx');
    expect(sniff(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])).kind).toBe('xls');
    expect(sniff(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ kind: 'text', bom: 'utf-8' });
    expect(sniff(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({ kind: 'text', bom: 'utf-16le' });
    expect(sniff(Buffer.from([0xef, 0xbb, 0xbf])).kind).toBe('empty');
    expect(sniff(Buffer.from('a,b\n1,2\n'))).toEqual({ kind: 'text', bom: null });
    expect(looksBinary(Buffer.from([0x61, 0x00, 0x62]))).toBe(true);
    expect(looksBinary(Buffer.from('a\tb\r\n'))).toBe(false);
  });

  it('validates UTF-8 across chunk boundaries', () => {
    const bytes = Buffer.from('客户编码,金额\n甲,1\n'.repeat(3));
    for (let cut = 1; cut < bytes.length; cut++) {
      const c = new Utf8Checker();
      expect(c.push(bytes.subarray(0, cut)) && c.push(bytes.subarray(cut)) && c.end(), `cut at ${cut}`).toBe(true);
    }
    const gbk = iconv.encode('客户编码,金额\n', 'gbk');
    const c = new Utf8Checker();
    expect(c.push(gbk) && c.end()).toBe(false);
  });

  it('tells GBK from GB18030 and from neither', () => {
    expect(classifyGb(iconv.encode('客户,金额', 'gbk'))).toBe('gbk');
    expect(classifyGb(iconv.encode('𠮷野家', 'gb18030'))).toBe('gb18030');
    expect(classifyGb(Buffer.from('Caf\xe9 au lait', 'latin1'))).toBeNull();
  });
});

describe('CSV scan', () => {
  const scan = (name: string, text: string | Buffer) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, text);
    return scanCsv(file);
  };

  it('splits records and detects the delimiter', () => {
    expect(splitRecord('a,"b,c","d""e",', ',')).toEqual(['a', 'b,c', 'd"e', '']);
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb,c\td')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('records the physical start line of records after quoted newlines and blank lines', () => {
    const s = scan('lines.csv', 'a,b\n1,"x\ny"\n\n2,3\r\n4,5\n');
    expect(s.header).toEqual(['a', 'b']);
    expect(s.records).toBe(3);
    // record 1 starts on line 5 (1 + 1 header + 1 quoted newline + 1 blank line): offset 2
    expect(s.breaks).toEqual([1, 2]);
    expect(s.exceptions).toEqual([]);
    expect(s.quotedNewline).toBe(true);
  });

  it('flags records with a wrong field count, broken quoting and bare CRs', () => {
    const s = scan('odd.csv', 'a,b,c\n1,2\n1,2,3,4\n"x"y,2,3\n1,2,"open\n');
    expect(s.exceptions).toEqual([0, 2, 0, 1, 4, 0, 2, 3, 1, 3, 3, 2]);
    expect(scan('cr.csv', 'a,b\r1,2\r').bareCrLine).toBe(1);
  });

  it('names the records that may hold no value, and only those', () => {
    const s = scan('blank.csv', 'a,b\n,\n  , \n"",""\n"x",""\n\u00a0,\u3000\n"","y"\n甲,\n');
    // ',' / '  , ' / '"",""' / NBSP+full-width space may be blank: flag 4; the others hold a value
    expect(s.exceptions).toEqual([0, 2, 4, 1, 2, 4, 2, 2, 4, 4, 2, 4]);
    expect(scan('quoted.csv', '"a","b"\n"1","2"\n"x",""\n').exceptions).toEqual([]);
  });

  it('says whether any value may need trimming (edgeSpace), never no when one does', () => {
    // clean values, Chinese text, spaces inside values, quoted fields, CRLF: nothing to trim
    expect(scan('clean.csv', 'a,b,c\r\nX1,客户 甲,"1,234.50"\r\nX2,,"b c"\r\n').edgeSpace).toBe(false);
    const edges: Record<string, string> = {
      'leading space': 'a,b\nX1, 5\n',
      'trailing space': 'a,b\nX1,5 \n',
      'trailing space before CRLF': 'a,b\r\nX1 ,5\r\n',
      'trailing space at the end of the file': 'a,b\nX1,5 ',
      'tab': 'a,b\nX1,\t5\n',
      'space only': 'a,b\nX1, \n',
      'space inside quotes, leading': 'a,b\nX1," 5"\n',
      'space inside quotes, trailing': 'a,b\nX1,"5 "\n',
      'space after a closing quote': 'a,b\n"X1" ,5\n',
      'trailing NBSP': 'a,b\nX1,5\u00a0\n',
      'leading full-width space': 'a,b\nX1,\u30005\n',
      'trailing full-width space': 'a,b\nX1,甲\u3000\n',
      'line end at a quoted edge': 'a,b\nX1,"5\n"\n',
    };
    for (const [what, text] of Object.entries(edges)) expect([what, scan('edge.csv', text).edgeSpace]).toEqual([what, true]);
    // a tab delimiter is no space; a CJK character ending in 80 80 without E3 is no full-width space
    expect(scan('tab.csv', 'a\tb\nX1\t\t\n').edgeSpace).toBe(false);
    expect(scan('cjk.csv', 'a,b\nX1,耀\n').edgeSpace).toBe(false);
    // a trailing full-width space split over the scanner's 4 MiB chunks is still seen: the line feed after it is byte
    // 4 MiB + j, so the chunk ends after all three of its bytes (j = 0), two (j = 1) or one (j = 2)
    const head = 'a,b\n' + 'X,1\n'.repeat(1000);
    for (const j of [0, 1, 2]) {
      const before = 4 * 1024 * 1024 + j - 3;
      const text = Buffer.from(head + 'Y'.repeat(before - head.length - 4) + ',甲\u3000\n');
      expect(text.indexOf('\u3000')).toBe(before);
      expect([j, scan(`split${j}.csv`, text).edgeSpace]).toEqual([j, true]);
    }
  });

  it('stops at binary or non-UTF-8 content', () => {
    expect(scan('bin.csv', Buffer.from([0x61, 0x2c, 0x00, 0x0a])).binary).toBe(true);
    expect(scan('gbk.csv', iconv.encode('客户,金额\n甲,1\n', 'gbk')).utf8).toBe(false);
  });
});

describe('XLSX cells', () => {
  it('converts Excel serials, with the 1900 leap-year bug and the 1904 system', () => {
    expect(excelSerialToIso(45717)).toBe('2025-03-01');
    expect(excelSerialToIso(45717.75)).toBe('2025-03-01');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBe('1900-02-29');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(44255, true)).toBe('2025-03-01');
    expect(excelSerialToIso(0)).toBeNull();
    expect(excelSerialToIso(20250301)).toBeNull();
  });

  it('renders cells as an export would', () => {
    expect(cellText(45717, true, false)).toBe('2025-03-01');
    expect(cellText(45717, false, false)).toBe('45717');
    expect(cellText(0.1 + 0.2, false, false)).toBe('0.3');
    expect(cellText(1234.5, false, false)).toBe('1234.5');
    expect(cellText(new Date(Date.UTC(2025, 2, 1)), false, false)).toBe('2025-03-01');
    expect(cellText({ formula: 'A1*2', result: 2469 }, false, false)).toBe('2469');
    expect(cellText({ richText: [{ text: '上海' }, { text: '甲' }] }, false, false)).toBe('上海甲');
    expect(cellText({ text: 'link', hyperlink: 'http://x' }, false, false)).toBe('link');
    expect(cellText({ error: '#N/A' }, false, false)).toBe('#N/A');
    expect(cellText('=HYPERLINK("x")', false, false)).toBe('=HYPERLINK("x")');
  });
});

describe('SQL parsers', () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse();
    await w.conn.run(macroSql(null));
  });
  afterAll(() => w.close());
  const one = async (sql: string) => (await textRows(w, `SELECT ${sql}`))[0][0];

  it.each([
    ['1234.5', '1234.50'],
    ['1,234.50', '1234.50'],
    ['¥1,234.50', '1234.50'],
    ['￥1,234.50', '1234.50'],
    ['(1,234.50)', '-1234.50'],
    ['-1234.5', '-1234.50'],
    ['-¥1,234.50', '-1234.50'],
    ['¥-5', '-5.00'],
    ['1 234.50', '1234.50'],
    ['1,234.50元', '1234.50'],
    ['.5', '0.50'],
    ['7.', '7.00'],
    ['1234.5000', '1234.50'],
    ['+3', '3.00'],
    ['1234.567', null],
    ['1,2345.00', null],
    ['(5', null],
    ['-(5)', null],
    ['(-5)', null],
    ['--5', null],
    ['abc', null],
    ['1e5', null],
    ['12345678901234567', null],
  ])('amount %s → %s', async (text, value) => {
    expect(await one(`ld_money(ld_text('${text}'))::VARCHAR`)).toBe(value);
  });

  it.each([
    ['2025-03-01', '2025-03-01'],
    ['2025/3/1', '2025-03-01'],
    ['2025年3月1日', '2025-03-01'],
    ['2025 年 3 月 1 日', '2025-03-01'],
    ['2025-03-01 10:11:12', '2025-03-01'],
    ['2025-03-01T10:11', '2025-03-01'],
    ['20250301', '2025-03-01'],
    ['2025.3.1', '2025-03-01'],
    ['2025-02-30', null],
    ['2024-02-29', '2024-02-29'],
    ['3/1/2025', null],
    ['infinity', null],
    ['1899-12-31', null],
    ['2025-3', null],
  ])('date %s → %s', async (text, value) => {
    expect(await one(`strftime(ld_date(ld_text('${text}')), '%Y-%m-%d')`)).toBe(value);
  });

  it('reads a/b/yyyy dates only with a date order', async () => {
    await w.conn.run(macroSql('MDY'));
    expect(await one(`strftime(ld_date('3/1/2025'), '%Y-%m-%d')`)).toBe('2025-03-01');
    await w.conn.run(macroSql('DMY'));
    expect(await one(`strftime(ld_date('3/1/2025'), '%Y-%m-%d')`)).toBe('2025-01-03');
    expect(await one(`ld_date_fault('31/2/2025')`)).toContain('impossible date');
    await w.conn.run(macroSql(null));
    expect(await one(`ld_date_fault('3/1/2025')`)).toContain('ambiguous date');
  });

  it.each([
    ['2025-03', '2025-03', 'month'],
    ['2025-3', '2025-03', 'month'],
    ['202503', '2025-03', 'month'],
    ['2025年3月', '2025-03', 'month'],
    ['2025-03-01', '2025-03', 'month'],
    ['2025-Q1', '2025-Q1', 'quarter'],
    ['2025q4', '2025-Q4', 'quarter'],
    ['2025年第2季度', '2025-Q2', 'quarter'],
    ['2025年三季度', '2025-Q3', 'quarter'],
    ['2025', '2025', 'year'],
    ['2025年', '2025', 'year'],
    ['2025-13', null, null],
    ['2025-Q5', null, null],
    ['Q1', null, null],
  ])('period %s → %s %s', async (text, key, grain) => {
    expect(await textRows(w, `SELECT ld_period('${text}') k, ld_period_grain(ld_period('${text}'))`)).toEqual([[key, grain]]);
  });

  it('trims whitespace and empties to NULL', async () => {
    expect(await one(`ld_text(' \t a b\u3000')`)).toBe('a b');
    expect(await one(`ld_text('   ')`)).toBeNull();
    expect(await one(`ld_text('')`)).toBeNull();
    expect(await one(`ld_int('45天')::VARCHAR`)).toBe('45');
    expect(await one(`ld_int('30.0')::VARCHAR`)).toBe('30');
    expect(await one(`ld_int('30.5')::VARCHAR`)).toBeNull();
  });
});

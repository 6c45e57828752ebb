/**
 * The SQL that turns export text into typed values, as DuckDB macros so every entity shares one
 * definition. Each parser has a fast path (the canonical spelling, one regexp) and a slow path for
 * the export variants; each `*_fault` macro says why a value was refused and runs on bad rows only.
 *
 * Amounts: `1234.5`, `1,234.50`, `¥1,234.50`, `￥1,234.50`, `(1,234.50)` (negative), `-¥1,234.50`, `1,234.50元`,
 *   inner spaces; more than 2 decimals is refused unless the extra digits are zeros (never rounded).
 * Dates: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`, `YYYYMMDD`, any of them with a time of day
 *   (dropped); `M/D/YYYY` or `D/M/YYYY` only when mapping.yaml says `date_order`. 1900–2099 only.
 * Periods: `2025-03`, `2025/3`, `202503`, `2025年3月`, `2025-Q1`, `2025Q1`, `2025年第1季度`, `2025年一季度`, `2025`, `2025年`.
 */
import type { DateOrder } from './mapping.js';

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const MONEY_FAST = String.raw`-?[0-9]{1,16}(\.[0-9]{1,2})?`;
const MONEY_PARTS = String.raw`^(\()?([+-]?)(?:¥|￥|RMB|CNY)?([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(\.[0-9]*)?(?:元)?(\))?$`;
/** a non-zero digit after the second decimal: the amount is not in cents */
const SUB_CENT = String.raw`^\.[0-9]{2}[0-9]*[1-9]`;
const DATE_FAST = String.raw`[0-9]{4}-[0-9]{2}-[0-9]{2}`;
const TIME = String.raw`(?:[ T]+[0-9]{1,2}:[0-9]{1,2}(?::[0-9]{1,2}(?:\.[0-9]+)?)?)?`;
const DATE_YMD = String.raw`^([0-9]{4})\s*(?:[-/.]|年)\s*([0-9]{1,2})\s*(?:[-/.]|月)\s*([0-9]{1,2})\s*日?${TIME}$`;
const DATE_COMPACT = String.raw`^([0-9]{4})([0-9]{2})([0-9]{2})$`;
const DATE_US_EU = String.raw`^([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})${TIME}$`;

/** The macros, created per connection (TEMP: they never land in the warehouse file). */
export function macroSql(dateOrder: DateOrder): string {
  const [mIdx, dIdx] = dateOrder === 'DMY' ? [2, 1] : [1, 2];
  const usEu = dateOrder
    ? `WHEN regexp_matches(s, '${DATE_US_EU}') THEN ld_ymd(regexp_extract(s, '${DATE_US_EU}', 3), regexp_extract(s, '${DATE_US_EU}', ${mIdx}), regexp_extract(s, '${DATE_US_EU}', ${dIdx}))`
    : '';
  return `
-- trim spaces, tabs, line ends, NBSP and the full-width space 　; '' → NULL. trim() with a character
-- list is slow, so only values whose first or last character is such a space go through it.
CREATE OR REPLACE TEMP MACRO ld_text(s) AS
  CASE WHEN s = '' OR ascii(s) IN (9, 10, 13, 32, 160, 12288) OR ascii(s[-1]) IN (9, 10, 13, 32, 160, 12288)
       THEN nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(12288)), '') ELSE s END;

CREATE OR REPLACE TEMP MACRO ld_money_parts(s) AS
  regexp_extract(regexp_replace(s, '[\\s\\x{00A0}\\x{3000}]', '', 'g'), '${MONEY_PARTS}', ['open', 's1', 's2', 'int', 'frac', 'close']);
CREATE OR REPLACE TEMP MACRO ld_money_valid(m) AS
  (m.int <> '' OR length(m.frac) > 1) AND (m.open = '') = (m.close = '') AND NOT (m.s1 <> '' AND m.s2 <> '')
  AND NOT (m.open <> '' AND m.s1 || m.s2 <> '');
CREATE OR REPLACE TEMP MACRO ld_money_of(m) AS
  CASE WHEN ld_money_valid(m) AND NOT regexp_matches(m.frac, '${SUB_CENT}') THEN
    try_cast((CASE WHEN m.open = '(' OR m.s1 = '-' OR m.s2 = '-' THEN '-' ELSE '' END)
             || coalesce(nullif(replace(m.int, ',', ''), ''), '0') || rtrim(m.frac, '.') AS DECIMAL(18,2))
  END;
CREATE OR REPLACE TEMP MACRO ld_money(s) AS
  CASE WHEN s IS NULL THEN NULL
       WHEN regexp_full_match(s, '${MONEY_FAST}') THEN CAST(s AS DECIMAL(18,2))
       ELSE ld_money_of(ld_money_parts(s)) END;
CREATE OR REPLACE TEMP MACRO ld_money_fault(s) AS
  CASE WHEN regexp_full_match(s, '[(+-]?[¥￥]?[0-9]+,[0-9]{1,2}[)]?') THEN 'a decimal comma? amounts take a decimal point (1234.50); a comma only separates thousands'
       WHEN NOT ld_money_valid(ld_money_parts(s)) THEN 'not an amount; expected e.g. 1234.50, 1,234.50, ¥1,234.50 or (1,234.50)'
       WHEN regexp_matches(ld_money_parts(s).frac, '${SUB_CENT}') THEN 'more than 2 decimal places (amounts are never rounded)'
       ELSE 'out of range for DECIMAL(18,2)' END;

CREATE OR REPLACE TEMP MACRO ld_ymd(y, m, d) AS
  try_cast(y || '-' || lpad(m, 2, '0') || '-' || lpad(d, 2, '0') AS DATE);
CREATE OR REPLACE TEMP MACRO ld_date_any(s) AS
  CASE WHEN regexp_matches(s, '${DATE_YMD}') THEN ld_ymd(regexp_extract(s, '${DATE_YMD}', 1), regexp_extract(s, '${DATE_YMD}', 2), regexp_extract(s, '${DATE_YMD}', 3))
       WHEN regexp_matches(s, '${DATE_COMPACT}') THEN ld_ymd(substr(s, 1, 4), substr(s, 5, 2), substr(s, 7, 2))
       ${usEu}
  END;
CREATE OR REPLACE TEMP MACRO ld_in_range(d) AS CASE WHEN d BETWEEN DATE '1900-01-01' AND DATE '2099-12-31' THEN d END;
CREATE OR REPLACE TEMP MACRO ld_date(s) AS
  ld_in_range(CASE WHEN s IS NULL THEN NULL
                   WHEN regexp_full_match(s, '${DATE_FAST}') THEN try_cast(s AS DATE)
                   ELSE ld_date_any(s) END);
-- which part of a date that does not exist is wrong: the month (2024/13/01), or the day of that month
CREATE OR REPLACE TEMP MACRO ld_ymd_fault(y, m, d) AS
  CASE WHEN CAST(m AS INTEGER) NOT BETWEEN 1 AND 12 THEN 'impossible date (month ' || CAST(m AS INTEGER) || ': months are 1–12)'
       ELSE 'impossible date (no such day: ' || strftime(make_date(CAST(y AS INTEGER), CAST(m AS INTEGER), 1), '%B') || ' has no day ' || CAST(d AS INTEGER) || ')' END;
CREATE OR REPLACE TEMP MACRO ld_date_fault(s) AS
  CASE WHEN ld_date_any(s) IS NOT NULL THEN 'date out of range (1900–2099)'
       WHEN regexp_matches(s, '${DATE_YMD}') THEN ld_ymd_fault(regexp_extract(s, '${DATE_YMD}', 1), regexp_extract(s, '${DATE_YMD}', 2), regexp_extract(s, '${DATE_YMD}', 3))
       WHEN regexp_matches(s, '${DATE_COMPACT}') THEN ld_ymd_fault(substr(s, 1, 4), substr(s, 5, 2), substr(s, 7, 2))
       ${dateOrder ? `WHEN regexp_matches(s, '${DATE_US_EU}') THEN ld_ymd_fault(regexp_extract(s, '${DATE_US_EU}', 3), regexp_extract(s, '${DATE_US_EU}', ${mIdx}), regexp_extract(s, '${DATE_US_EU}', ${dIdx}))` : ''}
       WHEN regexp_matches(s, '${DATE_US_EU}') THEN 'ambiguous date (M/D/YYYY or D/M/YYYY?): write YYYY-MM-DD or set date_order in mapping.yaml'
       ELSE 'not a date; expected YYYY-MM-DD, YYYY/M/D or YYYY年M月D日' END;

-- an exchange rate (汇率): up to 6 decimals as Kingdee and Yonyou keep them, thousands commas allowed; > 0
CREATE OR REPLACE TEMP MACRO ld_rate(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{1,11}(\\.[0-9]{1,6})?|[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]{1,6})?')
       THEN nullif(CAST(replace(s, ',', '') AS DECIMAL(18,6)), 0) END;

CREATE OR REPLACE TEMP MACRO ld_int(s) AS
  try_cast(nullif(regexp_extract(s, '^([+-]?[0-9]{1,9})(?:\\.0*)?\\s*(?:天|日|days?)?$', 1), '') AS INTEGER);

CREATE OR REPLACE TEMP MACRO ld_cn_digit(s) AS
  CASE s WHEN '一' THEN '1' WHEN '二' THEN '2' WHEN '三' THEN '3' WHEN '四' THEN '4' ELSE s END;
CREATE OR REPLACE TEMP MACRO ld_period(s) AS
  CASE WHEN s IS NULL THEN NULL
       WHEN regexp_matches(s, '^[0-9]{4}\\s*年?$') THEN substr(s, 1, 4)
       WHEN regexp_matches(s, '^[0-9]{4}\\s*(?:[-/.]|年)?\\s*(?:[Qq]|第)?\\s*[1-4一二三四]\\s*(?:季度|季)$|^[0-9]{4}\\s*[-/.]?\\s*[Qq][1-4]$')
         THEN substr(s, 1, 4) || '-Q' || ld_cn_digit(regexp_extract(s, '([1-4一二三四])\\s*(?:季度|季)?$', 1))
       WHEN regexp_matches(s, '^[0-9]{4}\\s*(?:[-/.]|年)?\\s*[0-9]{1,2}\\s*月?$|^[0-9]{4}-[0-9]{2}-01$') THEN
         CASE WHEN try_cast(regexp_extract(s, '^[0-9]{4}\\s*(?:[-/.]|年)?\\s*([0-9]{1,2})', 1) AS INTEGER) BETWEEN 1 AND 12
              THEN substr(s, 1, 4) || '-' || lpad(regexp_extract(s, '^[0-9]{4}\\s*(?:[-/.]|年)?\\s*([0-9]{1,2})', 1), 2, '0') END
  END;
CREATE OR REPLACE TEMP MACRO ld_period_grain(k) AS
  CASE WHEN k IS NULL THEN NULL WHEN length(k) = 4 THEN 'year' WHEN k LIKE '%Q%' THEN 'quarter' ELSE 'month' END;
`;
}

/** SQL for the typed value of a column from its trimmed text (`values`: an enum's spellings). */
export function parseExpr(type: string, text: string, values: Record<string, string> = {}): string {
  switch (type) {
    case 'money':
      return `ld_money(${text})`;
    case 'date':
      return `ld_date(${text})`;
    case 'int':
      return `ld_int(${text})`;
    case 'period':
      return `ld_period(${text})`;
    case 'rate':
      return `ld_rate(${text})`;
    case 'enum': {
      const whens = Object.entries(values).map(([k, v]) => `WHEN ${sqlString(k.normalize('NFKC').toLowerCase())} THEN ${sqlString(v)}`);
      return `CASE lower(${text}) ${whens.join(' ')} END`;
    }
    default:
      return text;
  }
}

/** The SQL type of a typed column. */
export function sqlType(type: string): string {
  return { money: 'DECIMAL(18,2)', date: 'DATE', int: 'INTEGER', rate: 'DECIMAL(18,6)' }[type] ?? 'VARCHAR';
}

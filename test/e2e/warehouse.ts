/** Reading the built warehouse from e2e tests, to compare the page with the data behind it. */
import { DuckDBInstance } from '@duckdb/node-api';
import { toDecimal } from '../../transforms/money.js';

export async function queryWarehouse<T = Record<string, unknown>>(sql: string, file = 'warehouse.duckdb'): Promise<T[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjects() as T[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** A DECIMAL as the pages show it with fmt '"¥"#,##0.00': ¥1,234,567.80 (negative: -¥…). */
export function formatYuan(value: unknown): string {
  const amount = toDecimal(value)!;
  const [whole, cents] = amount.abs().toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amount.isNegative() ? '-' : ''}¥${grouped}.${cents}`;
}

/** A DECIMAL in 万元 as the summary figures show it with fmt '"¥"#,##0.00"万"': ¥33,921.03万. */
export function formatWan(value: unknown): string {
  const amount = toDecimal(value)!.div(10000);
  const [whole, cents] = amount.abs().toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amount.isNegative() ? '-' : ''}¥${grouped}.${cents}万`;
}

/** A rate (fraction) as the pages show it with fmt '0.0%': 25.8%. */
export function formatPercent(value: number, decimals = 1): string {
  return `${(value * 100).toFixed(decimals)}%`;
}

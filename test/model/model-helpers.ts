/**
 * Shared by the model tests: build a warehouse from stg literals, read rows with dates as 'YYYY-MM-DD'
 * and money as fixed-2 strings, and compare a mart row against expected values.
 */
import { expect } from 'vitest';
import { openWarehouse, type Warehouse } from '../../transforms/db.js';
import { toDecimal } from '../../transforms/money.js';
import { runModel } from '../../transforms/model/index.js';
import { loadStaging, type StagingData } from '../helpers/staging.js';

export async function modelWarehouse(data: StagingData): Promise<Warehouse> {
  const wh = await openWarehouse();
  await loadStaging(wh.conn, data);
  await runModel(wh.conn);
  return wh;
}

/** Rows as plain values: DECIMAL → '123.45', DATE → '2025-01-31', BIGINT → number. */
export async function rows(wh: Warehouse, sql: string): Promise<Record<string, string | number | boolean | null>[]> {
  const reader = await wh.conn.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, string | number | boolean | null>[];
}

/** Expected mart values: strings are money (compared to the cent), numbers are counts or rates. */
export type Expected = Record<string, string | number | null>;

export function expectRow(actual: Record<string, unknown>, expected: Expected, label: string): void {
  for (const [column, want] of Object.entries(expected)) {
    const got = actual[column];
    const where = `${label}.${column}`;
    if (want === null) {
      expect(got, where).toBeNull();
    } else if (typeof want === 'string') {
      expect(toDecimal(got as string)?.toFixed(2), where).toBe(want);
    } else {
      expect(typeof got, where).toBe('number');
      expect(got as number, where).toBeCloseTo(want, 9);
    }
  }
}

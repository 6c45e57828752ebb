/**
 * Money in TypeScript is decimal.js, never a JS float (docs/metrics.md, Money and rates). DuckDB hands DECIMAL back as a
 * DuckDBDecimalValue (bigint scaled integer); these turn it into Decimal and back to SQL text exactly.
 */
import { Decimal } from 'decimal.js';
import { DuckDBDecimalValue } from '@duckdb/node-api';

export { Decimal };

/** DuckDB DECIMAL / string / bigint → Decimal, exactly. null stays null. */
export function toDecimal(value: unknown): Decimal | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Decimal) return value;
  if (value instanceof DuckDBDecimalValue) {
    return new Decimal(value.value.toString()).div(new Decimal(10).pow(value.scale));
  }
  if (typeof value === 'bigint') return new Decimal(value.toString());
  if (typeof value === 'string') return new Decimal(value);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`refusing a float as money: ${value}`);
    return new Decimal(value);
  }
  throw new Error(`not a money value: ${String(value)}`);
}

/** Round half-up to cents at the end of a computation. */
export function roundCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** A SQL literal for DECIMAL(18,2), e.g. 1234.50 → '1234.50'. */
export function moneySql(value: Decimal): string {
  return roundCents(value).toFixed(2);
}

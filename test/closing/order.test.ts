/**
 * The order of closes (checkOrder, transforms/closing/close.ts) on a store state made by hand: months close
 * once and without gaps after the first; a quarter or a year only on closed months.
 */
import { describe, expect, it } from 'vitest';
import { checkOrder, CloseRefusedError } from '../../transforms/closing/close.js';
import type { Manifest, StoreState } from '../../transforms/closing/store.js';

const month = (key: string, prev: string | null) => {
  const [y, m] = key.split('-').map(Number);
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { period_key: key, grain: 'month' as const, start_date: `${key}-01`, end_date: end, prev_period_key: prev, is_partial: false };
};
const MONTHS = [month('2025-09', '2025-08'), month('2025-10', '2025-09'), month('2025-11', '2025-10'), month('2025-12', '2025-11')];
const Q4 = { period_key: '2025-Q4', grain: 'quarter' as const, start_date: '2025-10-01', end_date: '2025-12-31', prev_period_key: '2025-Q3', is_partial: false };
const Y2025 = { period_key: '2025', grain: 'year' as const, start_date: '2025-01-01', end_date: '2025-12-31', prev_period_key: '2024', is_partial: false };

function state(...keys: string[]): StoreState {
  const current = new Map(
    keys.map((k) => {
      const grain = /Q/.test(k) ? 'quarter' : k.length === 4 ? 'year' : 'month';
      return [k, { dir: `/x/${k}/v1`, manifest: { period_key: k, grain, version: 1, closed_at: '2025-12-01T00:00:00.000Z', closed_by: 't' } as Manifest }];
    }),
  );
  return { store: '/x', versions: [...current.values()], current };
}

describe('the order of closes', () => {
  it('the first close of a grain may be any complete period; then the next one, never a gap, never an earlier one', () => {
    expect(() => checkOrder(state(), MONTHS[2], MONTHS, {})).not.toThrow();
    expect(() => checkOrder(state('2025-10'), MONTHS[2], MONTHS, {})).not.toThrow();
    expect(() => checkOrder(state('2025-09'), MONTHS[2], MONTHS, {})).toThrow(/请先结 2025-10/);
    expect(() => checkOrder(state('2025-11'), MONTHS[1], MONTHS, {})).toThrow(/2025-11 已结账, 不能再结更早的 2025-10/);
    expect(() => checkOrder(state(), { ...MONTHS[3], is_partial: true }, MONTHS, {})).toThrow(CloseRefusedError);
  });
  it('a quarter closes on its closed months (those from the first closed month on, and always its last)', () => {
    expect(() => checkOrder(state('2025-10', '2025-11'), Q4, MONTHS, {})).toThrow(/请先结 2025-12/);
    expect(() => checkOrder(state('2025-10', '2025-11', '2025-12'), Q4, MONTHS, {})).not.toThrow();
    // closing began in November: October is history from before closing, not required
    expect(() => checkOrder(state('2025-11', '2025-12'), Q4, MONTHS, {})).not.toThrow();
    expect(() => checkOrder(state(), Q4, MONTHS, {})).toThrow(/请先结 2025-10、2025-11、2025-12/);
  });
  it('a year closes on its closed months too; reopen needs a closed period', () => {
    expect(() => checkOrder(state('2025-11'), Y2025, MONTHS, {})).toThrow(/请先结 2025-12/);
    expect(() => checkOrder(state('2025-11', '2025-12'), Y2025, MONTHS, {})).not.toThrow();
    expect(() => checkOrder(state(), MONTHS[2], MONTHS, { reopen: true })).toThrow(/未结账/);
    expect(() => checkOrder(state('2025-11'), MONTHS[2], MONTHS, { reopen: true })).not.toThrow();
  });
});

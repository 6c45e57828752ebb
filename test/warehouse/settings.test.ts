/**
 * openWarehouse's DuckDB settings (issue 9): a bounded memory_limit by default, the environment variable
 * and the caller's options win, and spill files go beside the warehouse file where the pipeline removes them.
 */
import { expect, it } from 'vitest';
import { defaultMemoryLimit, MEMORY_LIMIT_ENV, openWarehouse, queryRows, warehouseSettings } from '../../transforms/db.js';

const GiB = 1024 ** 3;

it('memory_limit defaults to min(4 GB, 25 % of RAM), overridable by the environment', () => {
  expect(defaultMemoryLimit({}, 24 * GiB)).toBe('4096MiB');
  expect(defaultMemoryLimit({}, 8 * GiB)).toBe('2048MiB');
  expect(defaultMemoryLimit({ [MEMORY_LIMIT_ENV]: ' 10GB ' }, 8 * GiB)).toBe('10GB');
});

it('temp_directory sits beside a warehouse file; explicit options win', () => {
  expect(warehouseSettings('/x/w.duckdb.tmp-1').temp_directory).toBe('/x/w.duckdb.tmp-1.tmp');
  expect(warehouseSettings(':memory:').temp_directory).toBeUndefined();
  expect(warehouseSettings('/x/w.duckdb', { memory_limit: '1GB' }).memory_limit).toBe('1GB');
});

it('the settings reach DuckDB', async () => {
  const wh = await openWarehouse(':memory:', { memory_limit: '1GB' });
  try {
    const [row] = await queryRows<{ v: string }>(wh.conn, "SELECT current_setting('memory_limit') AS v");
    expect(row.v).toMatch(/^(1\.0 GiB|953\.6 MiB|1000\.0 MB|1\.0 GB)$/);
  } finally {
    await wh.close();
  }
});

/**
 * One way to open the warehouse: a DuckDB connection plus a typed Kysely over that same connection.
 */
import os from 'node:os';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import { DuckDbDialect } from 'kysely-duckdb';
import type { Database } from './warehouse.js';

export interface Warehouse {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  db: Kysely<Database>;
  close(): Promise<void>;
}

/** Overrides the default memory_limit (any DuckDB size, e.g. "8GB"). */
export const MEMORY_LIMIT_ENV = 'WAREHOUSE_MEMORY_LIMIT';

/**
 * DuckDB's own default memory_limit is 80 % of RAM, and it keeps buffers cached up to that limit: at
 * 10 M invoices the process reached 15 GB although the transform needs far less (issue 9, ≤ 6 GB).
 * min(4 GB, 25 % of RAM) is as fast for the model (measured, docs/performance.md "Memory"); above the
 * limit DuckDB spills to temp_directory.
 */
export function defaultMemoryLimit(env: NodeJS.ProcessEnv = process.env, totalBytes = os.totalmem()): string {
  const fromEnv = env[MEMORY_LIMIT_ENV]?.trim();
  if (fromEnv) return fromEnv;
  const mib = Math.floor(Math.min(4 * 1024 ** 3, totalBytes * 0.25) / 1024 ** 2);
  return `${mib}MiB`;
}

/**
 * The DuckDB settings of a warehouse at `path`: the memory_limit above, and spill files in `<path>.tmp`
 * (DuckDB's own default for a file database, made explicit: pipeline.ts removes that folder with the
 * build). Options passed by the caller win.
 */
export function warehouseSettings(path: string, options: Record<string, string> = {}): Record<string, string> {
  const settings: Record<string, string> = { memory_limit: defaultMemoryLimit() };
  if (path !== ':memory:' && path !== '') settings.temp_directory = `${path}.tmp`;
  return { ...settings, ...options };
}

/**
 * kysely-duckdb opens a connection of its own for every query and closes it after, and runs every query as a
 * prepared statement (it always passes a parameter list): at 10 M invoices the policy stage died of a SIGSEGV once
 * (the same stage on the same warehouse passed twice after; the cause was not pinned down). Kysely is given the
 * warehouse's one connection instead, which it never closes, and a query without parameters runs unprepared. The
 * pipeline's queries run one after the other (each awaited), as on `conn` itself.
 */
function kyselyOver(conn: DuckDBConnection): DuckDBInstance {
  const shared = {
    run: (sql: string, values?: unknown[]) => (values?.length ? conn.run(sql, values as never) : conn.run(sql)),
    stream: (sql: string, values?: unknown[]) => (values?.length ? conn.stream(sql, values as never) : conn.stream(sql)),
    closeSync: () => {},
  };
  return { connect: async () => shared, closeSync: () => {} } as unknown as DuckDBInstance;
}

export async function openWarehouse(path = ':memory:', options: Record<string, string> = {}): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(path, warehouseSettings(path, options));
  const conn = await instance.connect();
  const db = new Kysely<Database>({ dialect: new DuckDbDialect({ database: kyselyOver(conn), tableMappings: {} }) });
  return {
    instance,
    conn,
    db,
    async close() {
      await db.destroy();
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Run one or more SQL statements. */
export async function exec(conn: DuckDBConnection, sql: string): Promise<void> {
  await conn.run(sql);
}

/** Rows as plain objects (DECIMAL stays a DuckDBDecimalValue: convert with toDecimal). */
export async function queryRows<T = Record<string, unknown>>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjects() as T[];
}

/**
 * One way to open the warehouse: a DuckDB connection plus a typed Kysely over the same instance.
 */
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

export async function openWarehouse(path = ':memory:', options: Record<string, string> = {}): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(path, options);
  const conn = await instance.connect();
  const db = new Kysely<Database>({ dialect: new DuckDbDialect({ database: instance, tableMappings: {} }) });
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

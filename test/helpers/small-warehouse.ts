/**
 * A small, complete warehouse for tests of the site layer (sources, queries, pages): the seeded sample
 * with few invoices through the real pipeline (load → model → policies → dictionary), in a temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWarehouse } from '../../transforms/pipeline.js';
import { writeSample } from '../../tools/sample/index.js';

export interface SmallWarehouse {
  dir: string;
  file: string;
  remove(): void;
}

export async function smallWarehouse(invoices = 3000): Promise<SmallWarehouse> {
  const dir = mkdtempSync(path.join(tmpdir(), 'site-wh-'));
  const file = path.join(dir, 'warehouse.duckdb');
  await writeSample({ outDir: path.join(dir, 'export'), invoices });
  await buildWarehouse({ from: path.join(dir, 'export'), out: file });
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

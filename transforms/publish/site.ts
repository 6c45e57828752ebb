/**
 * Publishing the site of one audience from the warehouse:
 *
 * 1. the site database (site-database.ts): every source table, with the site's types, without pay for the
 *    default audience;
 * 2. the browser's tables: those named by a query an input re-runs (transforms/publish/page-queries/browser-tables.ts) — a
 *    table that grows with documents or with customers × periods, or above SHIPPABLE_MAX_ROWS, stops the build;
 * 3. `evidence sources` copies only those tables (from the site database) into the site's data folder;
 * 4. `evidence build` prerenders every page with its queries run natively on the site database (patches/) and
 *    writes the audience's folder (build/ or build-management/).
 * The warehouse itself never reaches Evidence.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { formatShippingProblem, inputDrivenQueries, shippingProblems } from './page-queries/browser-tables.js';
import { companyName } from './pdf.js';
import { SITE_OUTPUT, writeSiteDatabase, type Audience, type SiteTableRows } from './site-database.js';

/** Evidence writes the source tables here (its default EVIDENCE_DATA_DIR, under .evidence/template). */
const EVIDENCE_DATA_DIR = '.evidence/template/static/data';
const EVIDENCE_OUT_DIR = '.evidence/template/build';

export interface SitePlan {
  audience: Audience;
  /** the site database (absolute) */
  database: string;
  buildDir: string;
  tables: SiteTableRows[];
  /** the tables shipped for the browser's re-queries */
  browserTables: string[];
  /** what the Evidence steps' environment must set (on top of the user's) */
  env: Record<string, string>;
}

export class UnshippableTableError extends Error {}

/** Steps 1–2: the site database and the browser's tables; throws UnshippableTableError on a refused table. */
export async function prepareSite(audience: Audience, warehouse = 'warehouse.duckdb'): Promise<SitePlan> {
  const database = path.resolve(SITE_OUTPUT[audience].database);
  const tables = await writeSiteDatabase({ warehouse, out: database, audience });
  const rows = new Map(tables.map((t) => [t.name, t.rows]));
  const queries = inputDrivenQueries(rows.keys());
  const problems = shippingProblems(queries, rows);
  if (problems.length) throw new UnshippableTableError(problems.map(formatShippingProblem).join('\n'));
  const browserTables = [...new Set(queries.flatMap((q) => q.tables))].sort();
  const env = {
    // `evidence sources` reads the site database, not the warehouse that connection.yaml names (the
    // connector takes the file relative to the source's folder)
    EVIDENCE_SOURCE__warehouse__filename: path.relative(path.resolve('sources', 'warehouse'), database),
    // the prerender's native client (universal-sql client-duckdb/node.js)
    SCORECARD_SITE_DB: database,
    // where evidence build puts the site (patched cli.js)
    SCORECARD_BUILD_DIR: SITE_OUTPUT[audience].buildDir,
    // what the pages' layout shows (the management banner)
    VITE_SCORECARD_AUDIENCE: audience,
    // the company in the header of printed statements of account (report.yaml, as the monthly report's PDF)
    VITE_SCORECARD_COMPANY: companyName(),
  };
  return { audience, database, buildDir: SITE_OUTPUT[audience].buildDir, tables, browserTables, env };
}

/** `evidence sources` of the browser's tables only (step 3). */
export function sourcesArgs(plan: SitePlan): string[] {
  return ['sources', '--strict', '--sources', 'warehouse', '--queries', plan.browserTables.join(',')];
}

/** Runs one Evidence step (`evidence <args>` with `env`): time-bounded in the build, measured in the bench. */
export type EvidenceRunner<R> = (step: 'sources' | 'build', args: string[], env: Record<string, string>) => Promise<R>;

/** Steps 3–4: the browser's tables into a cleared data folder, then the pages into a cleared site folder. */
export async function publishSite<R>(plan: SitePlan, run: EvidenceRunner<R>): Promise<{ sources: R; build: R }> {
  // a table shipped by an earlier build (or for the other audience) must not survive into this one
  rmSync(EVIDENCE_DATA_DIR, { recursive: true, force: true });
  const sources = await run('sources', sourcesArgs(plan), plan.env);
  // Evidence copies into its output folder without clearing it: stale pages and data would survive
  rmSync(EVIDENCE_OUT_DIR, { recursive: true, force: true });
  rmSync(plan.buildDir, { recursive: true, force: true });
  const build = await run('build', ['build:strict'], plan.env);
  return { sources, build };
}

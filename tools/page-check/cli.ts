/**
 * `npm run check-pages -- [--warehouse FILE] [--pages DIR] [PAGE.md …]`: run every page's SQL and every
 * queries/ file against the warehouse in DuckDB, as the site would, and name what is broken.
 */
import { parseArgs } from 'node:util';
import { checkSite, formatResult } from './check.js';

const HELP = `Usage: npm run check-pages -- [options] [PAGE.md …]

Runs the SQL of every page (pages/**.md: the \`queries:\` it imports from queries/ and its \`\`\`sql name\`\`\`
blocks) and every queries/**.sql file against the warehouse, the way the built site runs them:
source tables from sources/<source>/*.sql with Evidence's types (numbers DOUBLE, dates TIMESTAMP),
\${other_query} replaced by that query, \${inputs.x…} by the value the input shows first, \${params.x}
by a dummy. Checks too that components name existing queries (data={…}) and columns (x=, y=, value=,
<Column id=…>). A broken query is reported as  pages/x.md:LINE › query_name: DuckDB's message.

Options:
  --warehouse FILE   the warehouse source's database (default: what sources/warehouse/connection.yaml names,
                     i.e. warehouse.duckdb)
  --root DIR         the project folder (default: .)
  --pages DIR        pages folder (default: ROOT/pages)
  --queries DIR      queries folder (default: ROOT/queries)
  --sources DIR      sources folder (default: ROOT/sources)
  -h, --help         this text

Exit status: 0 when every query ran, 1 when any failed (warnings do not fail), 2 on a usage error.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      warehouse: { type: 'string' },
      root: { type: 'string' },
      pages: { type: 'string' },
      queries: { type: 'string' },
      sources: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const result = await checkSite({
    root: values.root,
    warehouse: values.warehouse,
    pagesDir: values.pages,
    queriesDir: values.queries,
    sourcesDir: values.sources,
    only: positionals,
  });
  console.log(formatResult(result));
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`✘ check-pages failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);

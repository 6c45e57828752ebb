/**
 * Which queries run in the browser (and so which tables a site ships): those that read an input, and those an
 * input component takes its options from; nothing else.
 */
import { describe, expect, it } from 'vitest';
import { pageInputQueries } from '../../../transforms/publish/page-queries/browser-tables.js';
import { parsePage } from '../../../transforms/publish/page-queries/markdown.js';

const PAGE = `<Dropdown name=month data={months} value=period_key />

\`\`\`sql months
select period_key from warehouse.dim_period where grain = 'month'
\`\`\`

\`\`\`sql picked
-- fct_invoice named in a comment only
select * from warehouse.customer_latest where period_key = '\${inputs.month.value}'
\`\`\`

\`\`\`sql prerendered
select count(*) from warehouse.fct_invoice
\`\`\`
`;

describe('pageInputQueries', () => {
  it("finds the input's options query and the input-driven query, with the tables each names outside comments", () => {
    const found = pageInputQueries(parsePage(PAGE), () => null, ['dim_period', 'customer_latest', 'fct_invoice'], 'pages/x.md');
    expect(found.map((q) => [q.query, q.tables])).toEqual([
      ['months', ['dim_period']],
      ['picked', ['customer_latest']],
    ]);
  });
});

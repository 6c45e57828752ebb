/**
 * Reading pages as Evidence does (transforms/publish/page-queries/markdown.ts, compile.ts, inputs.ts): SQL blocks,
 * frontmatter imports, ${query} chaining and the input templates — and the same queries as Evidence's own
 * extractor (@evidence-dev/preprocess) finds on every page of the site.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileQueries, fillTemplates, templateText } from '../../../transforms/publish/page-queries/compile.js';
import { inputValues } from '../../../transforms/publish/page-queries/inputs.js';
import { evidenceImportName, injectPartials, parsePage } from '../../../transforms/publish/page-queries/markdown.js';

const PAGE = `---
title: 示例
queries:
  - region_months: regions/region_months.sql
  - company/latest_month.sql
---

# Title

\`\`\`sql months
select distinct period_key from \${region_months}
\`\`\`

Text with \`inline code\` and a block that is not a query:

\`\`\`sql
select 1
\`\`\`

\`\`\`\`markdown
\`\`\`sql not_a_query
select 2
\`\`\`
\`\`\`\`

<Dropdown name=month data={months} value=period_key order="period_key desc" title="月份" />

<ButtonGroup name=level>
  <ButtonGroupItem valueLabel="团队" value="team" />
  <ButtonGroupItem valueLabel="个人" value="person" default />
</ButtonGroup>

\`\`\`sql picked
select * from \${months}
where period_key = '\${inputs.month.value}' and '\${inputs.level}' <> ''
\`\`\`

<DataTable data={picked} rows=all>
  <Column id=period_key title="月份" />
</DataTable>
`;

describe('parsePage', () => {
  const page = parsePage(PAGE);

  it('finds the named SQL blocks with their first line, not unnamed or nested ones', () => {
    expect(page.blocks.map((b) => [b.name, b.line])).toEqual([
      ['months', 11],
      ['picked', 34],
    ]);
    expect(page.blocks[0].sql).toBe('select distinct period_key from ${region_months}');
  });

  it('reads the imports of the frontmatter with Evidence names', () => {
    expect(page.imports).toEqual([
      { name: 'region_months', file: 'regions/region_months.sql' },
      { name: 'company_latest_month', file: 'company/latest_month.sql' },
    ]);
    expect(evidenceImportName('a/b/c.sql')).toBe('a_b/c');
  });

  it('finds input components with their attributes and children', () => {
    const dropdown = page.tags.find((t) => t.component === 'Dropdown')!;
    expect(dropdown.attrs).toMatchObject({ name: 'month', data: '{months}', value: 'period_key', order: 'period_key desc', title: '月份' });
    expect(dropdown.line).toBe(26);
    const group = page.tags.find((t) => t.component === 'ButtonGroup')!;
    expect(group.children.map((c) => c.attrs.value)).toEqual(['team', 'person']);
    const table = page.tags.find((t) => t.component === 'DataTable')!;
    expect(table.children.map((c) => c.attrs.id)).toEqual(['period_key']);
  });

  it('reports a frontmatter `queries:` that is not a list', () => {
    expect(parsePage('---\nqueries: regions/x.sql\n---\n').problems[0]).toContain('must be a list');
  });

  it('injects partials first', () => {
    expect(injectPartials('a {@partial "p.md"} b', (n) => `<${n}>`)).toBe('a <p.md> b');
  });
});

describe('compileQueries', () => {
  const files: Record<string, string> = {
    'regions/region_months.sql': 'select * from warehouse.dim_team',
    'company/latest_month.sql': 'select 1 as x',
  };
  const read = (f: string) => files[f] ?? null;

  it('pastes ${query} in as a subquery, through chains', () => {
    const q = compileQueries(parsePage(PAGE), read);
    expect(q.find((x) => x.name === 'picked')!.compiled).toBe(
      "select * from (select distinct period_key from (select * from warehouse.dim_team))\nwhere period_key = '${inputs.month.value}' and '${inputs.level}' <> ''",
    );
    expect(q.find((x) => x.name === 'picked')!.uses.sort()).toEqual(['months', 'region_months']);
  });

  it('names what is wrong: a missing file, a circular or a duplicate name, an import using a page block', () => {
    const page = parsePage(
      '---\nqueries:\n  - gone: nowhere/x.sql\n  - uses_block: a.sql\n---\n```sql a1\nselect * from ${b1}\n```\n```sql b1\nselect * from ${a1}\n```\n```sql a1\nselect 1\n```\n```sql blk\nselect 1\n```\n',
    );
    const q = compileQueries(page, (f) => (f === 'a.sql' ? 'select * from ${blk}' : null));
    const errors = Object.fromEntries(q.map((x) => [`${x.name}@${x.origin.kind === 'block' ? x.origin.line : 'import'}`, x.error]));
    expect(errors['gone@import']).toBe('queries/nowhere/x.sql not found (frontmatter queries:)');
    expect(errors['uses_block@import']).toContain('Cannot reference inline query from SQL File');
    expect(errors['a1@7']).toContain('circular reference');
    expect(errors['a1@13']).toBe('two queries are named "a1" on this page');
  });
});

describe('templates', () => {
  it('fills inputs with the shapes Evidence stores: a Dropdown is {value,label}, a ButtonGroup its value', async () => {
    const page = parsePage(PAGE);
    const inputs = await inputValues(page.tags, async (query, cols, _known, order) => {
      expect(query).toBe('months');
      expect(order).toBe('period_key desc');
      return { period_key: '2025-12' };
    });
    expect(fillTemplates("'${inputs.month.value}' '${inputs.level}'", { inputs, params: {} }).sql).toBe("'2025-12' 'person'");
    // the wrong shape: what the browser would paste in, reported
    const wrong = fillTemplates("'${inputs.month}' '${inputs.level.value}'", { inputs, params: {} });
    expect(wrong.problems).toHaveLength(2);
    expect(wrong.problems[0]).toContain('[object Object]');
    expect(fillTemplates('${inputs.nothing.value}', { inputs, params: {} }).problems).toEqual(['${inputs.nothing.value}: no input component on this page has name=nothing']);
    expect(fillTemplates('${regoin_months}', { inputs, params: {} }).problems[0]).toContain('is not a query of this page');
  });

  it('a multiple Dropdown is a SQL list, a TextInput its text', async () => {
    const page = parsePage('<Dropdown name=t data={x} value=id multiple />\n<TextInput name=s defaultValue="O\'Brien" />\n');
    const inputs = await inputValues(page.tags, async () => ({ id: "T'1" }));
    expect(fillTemplates('in ${inputs.t.value} and ${inputs.s.sql} ${inputs.s}', { inputs, params: {} }).sql).toBe("in ('T''1') and 'O''Brien' O''Brien");
    expect(templateText({ toString: () => 'x' })).toBe('x');
  });
});

/** Evidence's own query extractor, run on the site's pages: the same names and SQL as ours. */
describe('the same queries as Evidence finds', () => {
  const require = createRequire(import.meta.url);
  const { extractQueries } = require('@evidence-dev/preprocess') as {
    extractQueries: (content: string) => { id: string; compiledQueryString: string; compileError?: string }[];
  };
  const pages = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? pages(path.join(dir, f)) : f.endsWith('.md') ? [path.join(dir, f)] : []));

  for (const file of [...pages('pages'), 'fixture']) {
    it(file, () => {
      const text = file === 'fixture' ? PAGE.replace(/\n<Dropdown[\s\S]*/, '\n') + '\n```sql plain\nselect ${company_latest_month}\n```\n' : readFileSync(file, 'utf8');
      // Evidence reads imports from ./queries (the project folder is the test's working directory)
      const theirs = extractQueries(text).map((q) => ({ name: q.id, sql: q.compiledQueryString }));
      const ours = compileQueries(parsePage(text), (f) => {
        try {
          return readFileSync(path.join('queries', f), 'utf8');
        } catch {
          return null;
        }
      })
        .filter((q) => !q.error)
        .map((q) => ({ name: q.name, sql: q.compiled }));
      expect(ours).toEqual(theirs);
    });
  }
});

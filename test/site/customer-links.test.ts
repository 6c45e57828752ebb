/**
 * Every link to a customer page is customer_latest.link (NULL for a customer without a page): SvelteKit's prerender
 * builds every page a built page links to, so a page that made its own '/customers/<id>/' links built a page for
 * every customer it listed. At 10 M invoices the person and team pages' open items did that: 16,475 customer pages
 * were built where customer_latest allows 5,000, and the site build missed its 15 minutes (issue 14).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(e) ? [p] : [];
  });
}

/** a customer link made from an id: SQL ('/customers/' || …), Svelte (href="/customers/{…}") or a JS template */
const MADE_LINK = /'\/customers\/'\s*\|\||\/customers\/\{|\/customers\/\$\{/;

describe('customer links come from customer_latest.link only', () => {
  it('no page or component makes a /customers/<id>/ link itself', () => {
    const offenders = [...files('pages', /\.md$/), ...files('components', /\.(svelte|js)$/)]
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ at: `${f}:${i + 1}`, line })))
      .filter(({ line }) => MADE_LINK.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });

  it('the publish tables make it only in customer_latest.sql', () => {
    const makers = files('transforms/publish', /\.sql$/).filter((f) => /'\/customers\/'\s*\|\|/.test(readFileSync(f, 'utf8')));
    expect(makers).toEqual([path.join('transforms', 'publish', 'customer_latest.sql')]);
  });
});

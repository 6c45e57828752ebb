/**
 * Every page of the site and a sample of the templated ones, in headless Chromium with outside requests blocked:
 * each renders without a console error or an Evidence error box, shows its heading, downloads at most 2 MB of
 * data, fetches no file over 2 MB (decoded) and not the duckdb-wasm engine on load, and is screenshotted under test-results/ (look at them). Every page also reads as a Chinese finance report
 * (issue 17, test/e2e/language.ts): no English word in its visible text outside the allowlist (DSO, CEI, ids …),
 * no 1970 date, no NaN / undefined / null, no raw table or column name; the site's 404 page is Chinese too.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataBytes, evidenceErrors, MAX_FILE_ON_LOAD_BYTES, MAX_PAGE_DATA_BYTES, openPage, screenshot } from './browser.js';
import { languageProblems, visibleText } from './language.js';
import { useSite } from './site.js';
import { queryWarehouse } from './warehouse.js';

/** The site's non-templated pages, from pages/ (so a page added later is tested too). */
function staticPages(dir = 'pages', prefix = '/'): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (!entry.startsWith('[')) found.push(...staticPages(full, `${prefix}${entry}/`));
    } else if (entry.endsWith('.md') && !entry.startsWith('[')) {
      found.push(entry === 'index.md' ? prefix : `${prefix}${entry.slice(0, -3)}/`);
    }
  }
  return found;
}

/** 2025-03 → 2025年3月: how every page writes a month */
const monthLabel = (key: string) => `${key.slice(0, 4)}年${Number(key.slice(5))}月`;

interface Sample {
  path: string;
  /** text the page must show (its unit's name, its period) */
  expect: string;
}

async function templatedSamples(): Promise<Sample[]> {
  const one = async (sql: string) => (await queryWarehouse<Record<string, unknown>>(sql))[0];
  const months = await queryWarehouse<{ period_key: string }>(
    `select period_key from dim_period where grain = 'month' order by period_key`,
  );
  const quarter = await one(`select max(period_key) as k from dim_period where grain = 'quarter'`);
  const year = await one(`select max(period_key) as k from dim_period where grain = 'year'`);
  const team = await one(`select team_id, team_name from dim_team order by team_id limit 1`);
  const financeTeam = await one(`select team_id, team_name from dim_team order by person_count, team_id limit 1`);
  const latest = months.at(-1)!.period_key;
  const star = await one(
    `select unit_id, unit_name from mart_league where policy = 'collection_task' and level = 'person'
       and period_key = '${latest}' order by rank, unit_id limit 1`,
  );
  const unscored = await one(
    `select person_id, person_name from dim_person
     where person_id not in (select unit_id from mart_league where level = 'person') order by person_id limit 1`,
  );
  const debtor = await one(
    `select unit_id, unit_name from mart_ar_metrics where grain = 'month' and level = 'customer'
       and period_key = '${latest}' order by overdue_amount desc, unit_id limit 1`,
  );
  const samples: Sample[] = [
    { path: `/reports/${latest}/`, expect: monthLabel(latest) },
    { path: `/reports/${months[0].period_key}/`, expect: monthLabel(months[0].period_key) },
    { path: `/league/${latest}/`, expect: '排行榜' },
    { path: `/league/${quarter.k}/`, expect: '季度 排行榜' },
    { path: `/league/${year.k}/`, expect: `${year.k}年 排行榜` },
    { path: `/teams/${team.team_id}/`, expect: String(team.team_name) },
    { path: `/teams/${financeTeam.team_id}/`, expect: String(financeTeam.team_name) },
    { path: `/people/${star.unit_id}/`, expect: String(star.unit_name) },
    { path: `/customers/${debtor.unit_id}/`, expect: String(debtor.unit_name) },
    { path: `/meeting/${quarter.k}/`, expect: '回款之星' },
    { path: `/worklist/${star.unit_id}/`, expect: `催收工作台：${star.unit_name}` },
    { path: `/statements/${star.unit_id}/`, expect: `对账单：${star.unit_name}` },
  ];
  if (unscored) samples.push({ path: `/people/${unscored.person_id}/`, expect: String(unscored.person_name) });
  return samples;
}

const site = useSite();
let samples: Sample[] = [];
beforeAll(async () => {
  samples = await templatedSamples();
});

async function checkPage(pathname: string, expected: string | undefined): Promise<void> {
  const opened = await openPage(site(), pathname);
  const { page, errors, outside } = opened;
  const name = pathname === '/' ? 'page-home' : `page${pathname.replace(/\/$/, '').replaceAll('/', '-')}`;
  await screenshot(page, name);
  const text = await page.locator('main').innerText();
  if (expected) expect(text, pathname).toContain(expected);
  expect(await page.locator('main h1').count(), `${pathname}: a heading`).toBeGreaterThan(0);
  const problems = languageProblems(await visibleText(page)).map((p) => `${p.kind} "${p.word}" in …${p.context}…`);
  expect(problems, `${pathname}: not a Chinese finance reader's text`).toEqual([]);
  expect(errors, `${pathname}: console errors`).toEqual([]);
  expect(await evidenceErrors(page), `${pathname}: Evidence error boxes`).toEqual([]);
  expect(outside, `${pathname}: outside requests`).toEqual([]);
  console.log(`[e2e] ${pathname}: ${(dataBytes(opened) / 1024).toFixed(0)} KB of data`);
  expect(dataBytes(opened), `${pathname}: data downloaded (${opened.data.map((d) => `${d.url} ${d.bytes}`).join(', ')})`)
    .toBeLessThanOrEqual(MAX_PAGE_DATA_BYTES);
  // every figure on load is prerendered: the query engine waits until an input re-runs a query
  expect(opened.requests.filter((u) => u.endsWith('.wasm')), `${pathname}: duckdb-wasm fetched on load`).toEqual([]);
  const largest = opened.fetched.reduce((a, b) => (b.decodedBytes > a.decodedBytes ? b : a));
  expect(largest.decodedBytes, `${pathname}: largest file on load ${largest.url}`).toBeLessThanOrEqual(MAX_FILE_ON_LOAD_BYTES);
  await page.context().close();
}

describe('every page renders', () => {
  it('an address the site does not have: a Chinese 404 page', async () => {
    const { page } = await openPage(site(), '/no-such-page/');
    await screenshot(page, 'page-404');
    const text = await visibleText(page);
    expect(text).toContain('页面不存在');
    expect(languageProblems(text)).toEqual([]);
    await page.context().close();
  });

  it.each(staticPages())('%s', async (pathname) => {
    await checkPage(pathname, undefined);
  });

  it('templated pages (a sample of each kind)', async () => {
    expect(samples.length).toBeGreaterThan(8);
    for (const sample of samples) await checkPage(sample.path, sample.expect);
  }, 600_000);
});

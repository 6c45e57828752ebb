/**
 * The monthly report as a PDF (issue 17: executives forward it as a file): the built site's /reports/<month>/
 * page printed by Debian's Chromium (playwright-core), A4 portrait, the company name and the as-of date in each
 * page's header, 第 n 页 / 共 m 页 in the footer, no sidebar (the page's print styles), charts kept whole.
 * Written to <buildDir>/reports/<yyyy-mm>.pdf, beside the page that links to it. Chromium gets the page and its
 * files straight from the build folder through request interception (scripts/serve.mjs's file resolution and
 * content types), not over a socket: `npm run build` runs without any network in CI (`unshare -rn`: even the
 * loopback is down, and a local server was unreachable), and every other host is refused.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { contentType, resolveFile } from '../../scripts/serve.mjs';

/** The origin the build folder is served under, to Chromium only (never resolved: see printReport). */
const SITE_ORIGIN = 'http://report.invalid';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const REPORT_CONFIG = 'report.yaml';

/** report.yaml's company name (printed in the header) */
export function companyName(file = REPORT_CONFIG): string {
  if (!existsSync(file)) return '';
  const config = parse(readFileSync(file, 'utf8')) as { company_name?: unknown } | null;
  return typeof config?.company_name === 'string' ? config.company_name : '';
}

/** The months the build has a report page for (build/reports/<yyyy-mm>/index.html), oldest first. */
export function reportMonths(buildDir: string): string[] {
  const dir = path.join(buildDir, 'reports');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((m) => /^\d{4}-\d{2}$/.test(m) && existsSync(path.join(dir, m, 'index.html'))).sort();
}

/** 2025-09 → 2025年9月30日 (the month end: the report's as-of date) */
export function asOfLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}年${m}月${last}日`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PdfResult {
  month: string;
  file: string;
  bytes: number;
  ms: number;
}

/** Print /reports/<month>/ of buildDir into buildDir/reports/<month>.pdf. */
export async function printReport(buildDir: string, month: string, company = companyName()): Promise<PdfResult> {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`--month ${month}: expected YYYY-MM`);
  if (!existsSync(path.join(buildDir, 'reports', month, 'index.html'))) {
    throw new Error(`${buildDir}/reports/${month}/ does not exist: no report for that month in this build (months: ${reportMonths(buildDir).join(', ') || 'none'})`);
  }
  const started = Date.now();
  // playwright-core is loaded here, not at the top: the rest of the build does not need it
  const { chromium } = await import('playwright-core');
  const root = path.resolve(buildDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1120, height: 1400 } });
    const page = await context.newPage();
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== SITE_ORIGIN) return route.abort('blockedbyclient');
      const file = resolveFile(root, url.pathname);
      if (!file) return route.fulfill({ status: 404, contentType: 'text/plain; charset=utf-8', body: 'not found' });
      return route.fulfill({ status: 200, contentType: contentType(file), body: readFileSync(file) });
    });
    await page.goto(`${SITE_ORIGIN}/reports/${month}/`, { waitUntil: 'networkidle', timeout: 120_000 });
    // the charts draw after the data arrives: wait for every chart's canvas, then let the last frame settle
    await page.waitForFunction(() => [...document.querySelectorAll('.chart, [data-testid*="chart"]')].every((c) => c.querySelector('canvas, svg')), undefined, { timeout: 60_000 }).catch(() => undefined);
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(500);
    const file = path.join(buildDir, 'reports', `${month}.pdf`);
    mkdirSync(path.dirname(file), { recursive: true });
    const header = `<div style="width:100%;font-size:8pt;padding:0 12mm;display:flex;justify-content:space-between;color:#444;font-family:'Noto Sans CJK SC',sans-serif">`
      + `<span>${escapeHtml(company)}</span><span>月度经营报告 · 截至 ${asOfLabel(month)}</span></div>`;
    const footer = `<div style="width:100%;font-size:8pt;text-align:center;color:#444;font-family:'Noto Sans CJK SC',sans-serif">`
      + `第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>`;
    const pdf = await page.pdf({
      path: file,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: header,
      footerTemplate: footer,
      margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
    return { month, file, bytes: pdf.length, ms: Date.now() - started };
  } finally {
    await browser.close();
  }
}

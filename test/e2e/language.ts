/**
 * What a Chinese finance reader must not meet in a page's visible text (issue 17): English words, dates of
 * 1970 (a NULL date turned into the epoch), "NaN" / "undefined" / "null", and raw warehouse names
 * (`mart_aging`, `collection_task`). Used by pages.test.ts on every page kind.
 */
import type { Page } from 'playwright-core';

/**
 * Latin words a Chinese finance report uses as they are: the metrics' own abbreviations (DSO, CEI, ADD: docs/metrics.md
 * names them so), file formats and encodings on 数据质量, the paper size. Anything with a digit (an id such as
 * C00593, P0015, T01, INV-2025-00001; a period key such as 2025-Q4) is an id, not a word, and is allowed.
 */
export const LATIN_ALLOWED = new Set([
  'DSO', 'CEI', 'ADD', 'CSV', 'XLSX', 'Excel', 'UTF', 'GBK', 'GB18030', 'PDF', 'A4', 'ERP', 'KPI',
]);

export interface LanguageProblem {
  kind: 'english' | '1970' | 'null-ish' | 'raw-name';
  word: string;
  context: string;
}

/** Problems in one text (exported for the unit test of the rule itself). */
export function languageProblems(text: string): LanguageProblem[] {
  const problems: LanguageProblem[] = [];
  const context = (index: number) => text.slice(Math.max(0, index - 30), index + 30).replace(/\s+/g, ' ');
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_.-]*/g)) {
    const word = m[0].replace(/[.-]+$/, '');
    if (/^(NaN|undefined|null)$/.test(word)) problems.push({ kind: 'null-ish', word, context: context(m.index!) });
    // a file of the ERP export as the user named it (数据质量 lists them): an id, not a word
    else if (/^[\w-]+\.(csv|xlsx|xls)$/i.test(word)) continue;
    else if (/[a-z0-9]_[a-z]/.test(word)) problems.push({ kind: 'raw-name', word, context: context(m.index!) });
    else if (/\d/.test(word) || LATIN_ALLOWED.has(word)) continue;
    else problems.push({ kind: 'english', word, context: context(m.index!) });
  }
  for (const m of text.matchAll(/1970/g)) problems.push({ kind: '1970', word: '1970', context: context(m.index!) });
  return problems;
}

/**
 * The text a reader sees: every text node of the page whose element is displayed (or sits in a closed <details>,
 * which a reader opens), without screen-reader-only labels and text marked lang="en" (identifiers a page shows
 * on purpose, e.g. the 数据字典's column names); plus placeholders and tooltips.
 */
export async function visibleText(page: Page): Promise<string> {
  // a string, not a function: the test runner's transform would wrap named inner functions in a helper the
  // page does not have
  return page.evaluate(VISIBLE_TEXT_SCRIPT);
}

const VISIBLE_TEXT_SCRIPT = `(() => {
  const parts = [];
  const shown = (el) => {
    // lang="en": deliberately English (the 数据字典's table and column names, types and technical notes)
    if (el.closest('.sr-only, script, style, noscript, template, [lang="en"]')) return false;
    if (el.checkVisibility()) return true;
    const details = el.closest('details');
    return details !== null && !details.open && (details.parentElement ? details.parentElement.checkVisibility() : false);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (el && n.textContent.trim() && shown(el)) parts.push(n.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder], [title]')) {
    if (!shown(el)) continue;
    parts.push(el.getAttribute('placeholder') || '', el.getAttribute('title') || '');
  }
  return parts.join(' ');
})()`;

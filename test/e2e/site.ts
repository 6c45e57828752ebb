/**
 * The e2e test files' shared lifecycle (kept out of browser.ts, which the bench imports outside vitest).
 */
import { afterAll, beforeAll } from 'vitest';
import { openSite, type Site } from './browser.js';

/** A test file's site: served and a browser launched before its tests, closed after them. */
export function useSite(root = 'build'): () => Site {
  let site: Site | undefined;
  beforeAll(async () => {
    site = await openSite(root);
  });
  afterAll(async () => {
    await site?.close();
  });
  return () => {
    if (!site) throw new Error('useSite(): the site is opened in beforeAll; call site() inside a test');
    return site;
  };
}

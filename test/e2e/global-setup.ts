/**
 * Builds the site once for the e2e tests, unless build/ is newer than everything it is made from.
 * `npm run build` is the same command a user runs; its output goes to test-results/build.log.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, statSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

const INPUTS = [
  'pages', 'sources', 'queries', 'policies', 'transforms', 'patches', 'components',
  'evidence.config.yaml', 'package-lock.json', 'warehouse.duckdb',
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function siteIsFresh(): boolean {
  const marker = 'build/index.html';
  if (!existsSync(marker) || !existsSync('warehouse.duckdb')) return false;
  const built = statSync(marker).mtimeMs;
  return INPUTS.every((input) => newestMtime(input) <= built);
}

export default function setup(): void {
  if (siteIsFresh()) {
    console.log('[e2e] build/ is newer than its inputs: reusing it');
    return;
  }
  mkdirSync('test-results', { recursive: true });
  const logPath = 'test-results/build.log';
  console.log(`[e2e] building the site (npm run build, log: ${logPath}) …`);
  const log = openSync(logPath, 'w');
  // The build must see a user's environment, not vitest's: NODE_ENV=test makes Evidence/SvelteKit
  // build in a debug mode that prerenders its explore pages (and fails on them).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST') && key !== 'TEST'),
  );
  const result = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', log, log], env, timeout: 30 * 60_000 });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (status ${result.status}); see ${logPath}`);
  }
}

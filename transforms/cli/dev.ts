/**
 * `npm run dev [-- --audience management]`: Evidence's live-editing server over the same data as the built site:
 * the audience's site database made again from warehouse.duckdb (seconds), the browser's tables shipped, then
 * `evidence dev` with its pages rendered from the site database (after one `npm run build`, or a transform).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareSite, sourcesArgs } from '../publish/site.js';
import { AUDIENCES, type Audience } from '../publish/site-database.js';
import { runEvidence } from './steps.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { audience: { type: 'string', default: 'sales' } } });
  const audience = values.audience as Audience;
  if (!AUDIENCES.includes(audience)) throw new Error(`--audience ${values.audience}: expected ${AUDIENCES.join(' or ')}`);
  const plan = await prepareSite(audience);
  const env = { ...process.env, ...plan.env };
  await runEvidence(sourcesArgs(plan), 10 * 60_000, env);
  const child = spawn(path.resolve('node_modules', '.bin', 'evidence'), ['dev'], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 1));
}

main().catch((err: unknown) => {
  console.error(`✘ dev: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

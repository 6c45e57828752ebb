/**
 * Running the publish steps (Evidence's CLI) as child processes with a time bound: a step that
 * cannot finish (e.g. something waiting on a network that is not there) is killed with its whole
 * process group and reported, instead of hanging the build.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface StepResult {
  ms: number;
}

export class StepFailedError extends Error {}

const EVIDENCE_BIN = path.resolve('node_modules', '.bin', 'evidence');

/**
 * Node's heap for Evidence's steps. Left to its default, V8 lets the prerender's heap grow far past what
 * it keeps alive (3.9 GB peak RSS for the sample site); capped at 2 GB the same build peaks at 3.1 GB in
 * the same time. A NODE_OPTIONS heap setting of the user's wins.
 */
export const EVIDENCE_HEAP_MB = 2048;

/**
 * How many threads render the prerendered pages (the patched SvelteKit prerender, docs/architecture.md
 * "Prerendering on every core"): SvelteKit's own single thread (0) unless the user's PRERENDER_WORKERS says otherwise
 * ('auto': one per core). Measured on the 2-core bench machine (default sample, same host, one run each): 0 → 197 s and
 * 3.43 GB, auto → 190 s and 3.63 GB, 1 → 250 s: the cores are already busy with each renderer's DuckDB and V8 threads,
 * so the renderers add memory (the 4 GB budget) and no speed there. On more cores, try auto.
 */
export const PRERENDER_WORKERS_DEFAULT = '0';

/**
 * DuckDB's memory per prerender query client (the patched universal-sql's native-worker.js): each prerender worker
 * has its own, and the pages' queries are small slices. With two workers at 10 M invoices the prerender's process
 * reached 4.3 GB with 1 GB each (the target is 4 GB).
 */
export const PRERENDER_MEMORY_LIMIT_DEFAULT = '512MB';

export function evidenceEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const options = env.NODE_OPTIONS ?? '';
  return {
    ...env,
    PRERENDER_WORKERS: env.PRERENDER_WORKERS ?? PRERENDER_WORKERS_DEFAULT,
    SCORECARD_PRERENDER_MEMORY_LIMIT: env.SCORECARD_PRERENDER_MEMORY_LIMIT ?? PRERENDER_MEMORY_LIMIT_DEFAULT,
    ...(options.includes('--max-old-space-size') ? {} : { NODE_OPTIONS: `${options} --max-old-space-size=${EVIDENCE_HEAP_MB}`.trim() }),
  };
}

/** Runs `evidence <args>` in the project root, inheriting stdio. */
export function runEvidence(args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<StepResult> {
  return runStep(`evidence ${args.join(' ')}`, EVIDENCE_BIN, args, timeoutMs, evidenceEnv(env));
}

export function runStep(label: string, command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<StepResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // detached: the child leads its own process group, so a timeout can kill vite & workers too
    const child = spawn(command, args, { stdio: 'inherit', detached: true, env });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      reject(new StepFailedError(`${label}: no result after ${Math.round(timeoutMs / 1000)} s — stopped. ` +
        'If it was waiting on the network, something still tries to download (see docs/architecture.md, "Offline").'));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new StepFailedError(`${label}: could not start: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ ms: Date.now() - started });
      else reject(new StepFailedError(`${label}: failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/**
 * Child processes with their cost measured: wall time, CPU time and peak memory.
 *
 * - `runStageChild`: a bench stage (`bench/stage.ts`) in its own Node process; the child reports its own
 *   time, CPU and `process.resourceUsage().maxRSS` (exact: DuckDB's memory is native memory of that process).
 * - `runTree`: any command (the Evidence CLI) in its own process group. Its peak memory is sampled from
 *   /proc every 100 ms over the whole process tree: the peak of the tree's summed RSS, and the largest
 *   VmHWM (exact per-process peak) seen in any one process. CPU time of the tree comes from
 *   `/usr/bin/time` (it waits for the tree) when that is installed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SitePlan } from '../transforms/publish/site.js';

export interface TreeResult {
  ms: number;
  /** user + system CPU of the whole tree (null without /usr/bin/time) */
  cpuMs: number | null;
  /** peak over time of Σ RSS of all processes of the tree (sampled) */
  peakTreeRssBytes: number;
  /** the largest per-process peak (VmHWM) seen in any process of the tree */
  peakProcessRssBytes: number;
  /** processes seen in the tree */
  processes: number;
}

/** A child that failed; `measured`: what a measured tree cost until it ended (time, memory); `reason`: see logReason. */
export class ChildFailedError extends Error {
  constructor(message: string, readonly measured?: TreeResult, readonly reason?: string) {
    super(message);
  }
}

/**
 * The first line of a failed child's log that says what went wrong (an `…Error…:` line, a FATAL ERROR, an
 * ERR_ code, an out-of-memory), or null: the last lines of a log are often only the wrapper's "exited with code 1".
 */
export function logReason(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const line = text.split('\n').find((l) => /^\s*(FATAL ERROR|(?:[\w.]+ )?[\w.]*Error\b[^:]*:|.*\bERR_[A-Z_]{3,}|.*out of memory)/.test(l));
  return line ? line.trim().slice(0, 300) : null;
}

/** The last `n` lines of a log file ('' when unreadable). */
export function logTail(file: string, n = 5): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

const GNU_TIME = '/usr/bin/time';
const POLL_MS = 100;

/** Direct children of every pid, from /proc/<pid>/stat. */
function childrenByParent(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid …": comm may contain spaces and parentheses
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = map.get(ppid);
    if (list) list.push(Number(name));
    else map.set(ppid, [Number(name)]);
  }
  return map;
}

function descendants(root: number): number[] {
  const byParent = childrenByParent();
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    out.push(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return out;
}

/** VmRSS and VmHWM of one process in bytes, or null when it is gone. */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

export interface TreeOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** stdout and stderr of the command go here */
  logFile: string;
}

/** Runs `command args` as a measured process tree; rejects on a non-zero exit or the timeout. */
export function runTree(label: string, command: string, args: string[], opts: TreeOptions): Promise<TreeResult> {
  const timed = fs.existsSync(GNU_TIME);
  const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}-${Date.now()}.txt`);
  const [cmd, argv] = timed ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, command, ...args]] : [command, args];
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.openSync(opts.logFile, 'w');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a timeout can kill vite and its workers as well
    const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', log, log], detached: true });
    const seen = new Set<number>();
    let peakTree = 0;
    let peakProcess = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      let sum = 0;
      for (const pid of descendants(child.pid)) {
        // the /usr/bin/time wrapper itself is not part of what is measured
        if (timed && pid === child.pid) continue;
        const mem = memoryOf(pid);
        if (!mem) continue;
        seen.add(pid);
        sum += mem.rss;
        peakProcess = Math.max(peakProcess, mem.hwm);
      }
      peakTree = Math.max(peakTree, sum);
    };
    const poller = setInterval(sample, POLL_MS);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearInterval(poller);
      clearTimeout(timer);
      fs.closeSync(log);
      reject(new ChildFailedError(`${label}: could not start: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      const ms = performance.now() - started;
      clearInterval(poller);
      clearTimeout(timer);
      fs.closeSync(log);
      if (code !== 0) {
        const why = signal === 'SIGKILL' && ms >= opts.timeoutMs ? `no result after ${Math.round(opts.timeoutMs / 1000)} s, stopped` : (signal ?? `exit ${code}`);
        if (timed) fs.rmSync(timeFile, { force: true });
        const measured = { ms: Math.round(ms), cpuMs: null, peakTreeRssBytes: peakTree, peakProcessRssBytes: peakProcess, processes: seen.size };
        const reason = logReason(opts.logFile);
        reject(new ChildFailedError(`${label}: failed (${why}) after ${Math.round(ms / 1000)} s${reason ? `: ${reason}` : ''}; log: ${opts.logFile}\n${logTail(opts.logFile)}`, measured, reason ?? undefined));
        return;
      }
      let cpuMs: number | null = null;
      if (timed) {
        const [u, s] = fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
        cpuMs = Math.round((u + s) * 1000);
        fs.rmSync(timeFile, { force: true });
      }
      resolve({ ms: Math.round(ms), cpuMs, peakTreeRssBytes: peakTree, peakProcessRssBytes: peakProcess, processes: seen.size });
    });
  });
}

/** What `bench/stage.ts` reports about itself. */
export interface StageReport {
  stage: string;
  /** wall time of the stage's work, the process start-up and module loading excluded */
  ms: number;
  /** user + system CPU of that work (all DuckDB threads) */
  cpuMs: number;
  /** the child's own peak RSS over its life */
  peakRssBytes: number;
  /** where the time went inside the stage */
  steps: Array<{ name: string; ms: number; rows?: number }>;
  /** table → rows (the floor) */
  tables?: Record<string, number>;
  /** the site's plan (site-db): the site database, its tables, the browser's tables, the Evidence steps' env */
  site?: SitePlan;
  /** the slowest SQL statements (with --statements) */
  statements?: Array<{ name: string; ms: number }>;
}

const STAGE_ENTRY = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'stage.ts');

/** Runs one bench stage in a fresh Node process and returns its own report. */
export function runStageChild(args: string[], opts: { timeoutMs: number; logFile: string }): Promise<StageReport & { processMs: number }> {
  const resultFile = path.join(os.tmpdir(), `bench-stage-${process.pid}-${Date.now()}.json`);
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.openSync(opts.logFile, 'w');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', STAGE_ENTRY, ...args, '--result', resultFile], {
      stdio: ['ignore', log, log],
      env: process.env,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fs.closeSync(log);
      reject(new ChildFailedError(`stage ${args[0]}: could not start: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      fs.closeSync(log);
      const processMs = Math.round(performance.now() - started);
      if (code !== 0 || !fs.existsSync(resultFile)) {
        const reason = logReason(opts.logFile);
        reject(new ChildFailedError(`stage ${args[0]} failed (${signal ?? `exit ${code}`}) after ${Math.round(processMs / 1000)} s${reason ? `: ${reason}` : ''}; log: ${opts.logFile}\n${logTail(opts.logFile)}`, undefined, reason ?? undefined));
        return;
      }
      const report = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as StageReport;
      fs.rmSync(resultFile, { force: true });
      resolve({ ...report, processMs });
    });
  });
}

/**
 * The warehouse file a build writes (`--out`): checked before any work, and locked while a build runs.
 *
 * A lock file `<out>.lock` holds the pid of the build writing `<out>`; a second build of the same file
 * fails at once naming that pid, and a lock left by a process that is gone (killed) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

/** `--out` cannot be written, or another build is writing it: the CLI exits 2. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** statfs magic numbers of kernel file systems that hold no files of ours (/proc, /sys, /dev/pts …). */
const PSEUDO_FS = new Map<number, string>([
  [0x9fa0, '/proc'],
  [0x62656572, '/sys'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x73636673, 'securityfs'],
  [0x6e736673, 'nsfs'],
]);

/**
 * Check that `out` can be a warehouse file, in microseconds and without touching the export: not a
 * folder, not under a file, not on a kernel file system, in a folder that exists or can be made and
 * that can take new files. Returns the absolute path.
 */
export function checkOutput(out: string): string {
  const target = path.resolve(out);
  const shown = `--out ${out}`;
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(target);
  } catch {
    // does not exist yet: fine
  }
  if (stat?.isDirectory()) throw new OutputError(`${shown} is a folder; name the warehouse file, e.g. ${path.join(out, 'warehouse.duckdb')}`);
  if (stat && !stat.isFile()) throw new OutputError(`${shown} is not a regular file`);
  // the nearest existing ancestor must be a folder we may write into
  let dir = path.dirname(target);
  for (;;) {
    let s: fs.Stats | null = null;
    try {
      s = fs.statSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') {
        dir = path.dirname(dir);
        continue;
      }
      if (code !== 'ENOENT') throw new OutputError(`${shown}: cannot use ${dir} (${code})`);
    }
    if (s && !s.isDirectory()) throw new OutputError(`${shown}: ${dir} is a file, not a folder`);
    if (s) break;
    dir = path.dirname(dir);
  }
  const pseudo = PSEUDO_FS.get(Number(fs.statfsSync(dir).type));
  if (pseudo) throw new OutputError(`${shown} is on ${pseudo}, a kernel file system that cannot hold a warehouse; choose another place`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new OutputError(`${shown}: cannot write into ${dir} (permission denied)`);
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  } catch (e) {
    throw new OutputError(`${shown}: cannot create the folder ${path.dirname(target)} (${(e as NodeJS.ErrnoException).code})`);
  }
  return target;
}

export interface OutputLock {
  release(): void;
}

/**
 * Take `<target>.lock` for this process. Another live build holding it → OutputError naming its pid;
 * a lock of a process that is gone is taken over.
 */
export function lockOutput(target: string, shown = target): OutputLock {
  const lock = `${target}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lock, 'wx');
      fs.writeSync(fd, `${process.pid}\n${new Date().toISOString()}\n`);
      fs.closeSync(fd);
      return {
        release() {
          if (holder(lock)?.pid === process.pid) fs.rmSync(lock, { force: true });
        },
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new OutputError(`--out ${shown}: cannot create ${lock} (${code}): the place is not writable`);
    }
    const other = holder(lock);
    if (other && (other.pid === process.pid || (isAlive(other.pid) && mayBeBuild(other.pid)))) {
      throw new OutputError(
        `--out ${shown} is being built by another transform (pid ${other.pid}${other.since ? `, since ${other.since}` : ''}); wait for it to finish or stop it`,
      );
    }
    // stale: its process is gone (killed), or the file is unreadable or empty
    fs.rmSync(lock, { force: true });
  }
  throw new OutputError(`--out ${shown}: could not take ${lock}`);
}

function holder(lock: string): { pid: number; since: string | null } | null {
  try {
    const [pid, since] = fs.readFileSync(lock, 'utf8').split('\n');
    return Number.isInteger(Number(pid)) && Number(pid) > 0 ? { pid: Number(pid), since: since || null } : null;
  } catch {
    return null;
  }
}

/**
 * A live pid of a lock could have been reused by an unrelated program after the build died: only a
 * Node process can be a build (where /proc tells; elsewhere assume it is).
 */
function mayBeBuild(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return !fs.existsSync('/proc/self');
  }
}

/** Whether a process exists (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

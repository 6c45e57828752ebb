import type { Reporter } from 'vitest/reporters';

type Task = {
  type: string;
  name: string;
  mode: string;
  filepath?: string;
  result?: { state?: string; errors?: { message?: string; stack?: string }[] };
  tasks?: Task[];
};

/**
 * The run's closing line in the plain form any log reader understands, `tests: N passed, N failed, N skipped`,
 * printed after vitest's own summary (whose `Tests  640 passed | 1 skipped (641)` CI tools do not parse).
 * A file that failed to load, or a suite hook that failed, counts as a failure: it ran no test but the run
 * is not green.
 *
 * With `SCORECARD_COMPACT_REPORT=1` (what `.ci/run` sets, running this reporter alone) it also prints one line per
 * test file and, for each failure, its name and error: the whole report in about a hundred lines, since CI keeps
 * only the last ≈ 200 lines of a run.
 */
export default class ClosingLineReporter implements Reporter {
  onFinished(files: Task[] = [], errors: unknown[] = []): void {
    const compact = process.env.SCORECARD_COMPACT_REPORT === '1';
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failures: string[] = [];
    const visit = (task: Task, path: string[], file: { passed: number; failed: number; skipped: number }): void => {
      const here = [...path, task.name];
      if (task.type === 'test') {
        const state = task.result?.state;
        const kind = state === 'pass' ? 'passed' : state === 'fail' ? 'failed' : 'skipped';
        counts[kind]++;
        file[kind]++;
        if (kind === 'failed') failures.push(failureText(here, task));
        return;
      }
      const children = task.tasks ?? [];
      // a suite or file that failed without failing one of its tests (import error, beforeAll)
      if (task.result?.state === 'fail' && !children.some((child) => child.result?.state === 'fail')) {
        counts.failed++;
        file.failed++;
        failures.push(failureText(here, task));
      }
      for (const child of children) visit(child, here, file);
    };
    const lines: string[] = [];
    for (const f of files) {
      const file = { passed: 0, failed: 0, skipped: 0 };
      visit(f, [], file);
      const total = file.passed + file.failed + file.skipped;
      // not TAP's `ok …` nor a runner's `PASS` / `FAIL` line: CI's log reader would take the report for that runner's
      // and look for its closing lines
      lines.push(`${f.name}: ${total} tests${file.failed ? `, ${file.failed} failing` : ''}${file.skipped ? `, ${file.skipped} skipped` : ''}`);
    }
    counts.failed += errors.length;
    for (const e of errors) failures.push(`unhandled error: ${String((e as Error)?.stack ?? e).split('\n').slice(0, 8).join('\n')}`);
    if (compact) process.stdout.write(`\n${lines.sort().join('\n')}\n${failures.length ? `\n${failures.join('\n\n')}\n` : ''}`);
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}

/** A failed test or suite: its path and the first lines of each error. */
function failureText(path: string[], task: Task): string {
  const errors = (task.result?.errors ?? []).map((e) => (e.stack ?? e.message ?? '').split('\n').slice(0, 12).join('\n'));
  return `FAILED ${path.join(' > ')}\n${errors.join('\n')}`;
}

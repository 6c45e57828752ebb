import type { Reporter } from 'vitest/reporters';

type Task = {
  type: string;
  mode: string;
  result?: { state?: string };
  tasks?: Task[];
};

/**
 * The run's closing line in the plain form any log reader understands, `tests: N passed, N failed, N skipped`,
 * printed after vitest's own summary (whose `Tests  640 passed | 1 skipped (641)` CI tools do not parse).
 * A file that failed to load, or a suite hook that failed, counts as a failure: it ran no test but the run
 * is not green.
 */
export default class ClosingLineReporter implements Reporter {
  onFinished(files: Task[] = [], errors: unknown[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const visit = (task: Task): void => {
      if (task.type === 'test') {
        const state = task.result?.state;
        if (state === 'pass') counts.passed++;
        else if (state === 'fail') counts.failed++;
        else counts.skipped++;
        return;
      }
      const children = task.tasks ?? [];
      // a suite or file that failed without failing one of its tests (import error, beforeAll)
      if (task.result?.state === 'fail' && !children.some((child) => child.result?.state === 'fail')) {
        counts.failed++;
      }
      children.forEach(visit);
    };
    files.forEach(visit);
    counts.failed += errors.length;
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}

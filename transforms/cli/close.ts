/**
 * `npm run close -- --period 2025-11 [--by NAME] [--reopen --reason "…"]`: freeze a period's assessment into
 * the closed store (transforms/closing/). Exit 0 closed, 1 refused (already closed, out of order, incomplete,
 * not in the warehouse) or error, 2 usage error, 3 the closed store is damaged or edited (the file named).
 */
import { closePeriod, CloseRefusedError } from '../closing/close.js';
import { readArgs, runClosingCli, UsageError } from './closing-cli.js';

const HELP = `npm run close -- --period PERIOD [--by NAME] [--reopen --reason "…"] [--warehouse FILE] [--closed DIR]

  --period P       2025-11 (month), 2025-Q4 (quarter) or 2025 (year): a period of the warehouse's dim_period
  --by NAME        who closes (default: the OS user)
  --reopen         close an already closed period again from today's warehouse: a new version, the old kept
  --reason TEXT    why (required with --reopen; recorded in the manifest and shown with the period)
  --warehouse FILE the warehouse to freeze from (default warehouse.duckdb)
  --closed DIR     the closed store (default closed)
  --help           this text

Periods close once and in order: after the first close of a grain, the next one must follow it (its
prev_period_key closed); never one before a closed one; a quarter or year only when its months are closed;
never a period the export does not yet cover whole (is_partial).

Exit status: 0 closed, 1 refused or error (nothing written), 2 usage error, 3 the closed store is damaged or
edited (the file is named).`;

async function main(): Promise<number> {
  const values = readArgs(
    {
      period: { type: 'string' },
      by: { type: 'string' },
      reopen: { type: 'boolean', default: false },
      reason: { type: 'string' },
      warehouse: { type: 'string', default: 'warehouse.duckdb' },
      closed: { type: 'string', default: 'closed' },
    },
    HELP,
  );
  if (!values) return 0;
  if (!values.period || !/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/.test(values.period)) {
    throw new UsageError(`--period 2025-11 | 2025-Q4 | 2025 is required${values.period ? ` (got ${JSON.stringify(values.period)})` : ''}\n\n${HELP}`);
  }
  if (values.reopen && !values.reason?.trim()) {
    throw new UsageError('--reopen needs --reason "原因" (a reopen must say why)');
  }
  const m = await closePeriod({ warehouse: values.warehouse!, period: values.period, store: values.closed!, by: values.by, reopen: values.reopen, reason: values.reason });
  const scores = m.files['mart_scores.parquet'].rows;
  const league = m.files['mart_league.parquet'].rows;
  console.log(
    `✔ ${m.period_key} 已结账 closed: v${m.version} by ${m.closed_by} at ${m.closed_at}${m.reason ? ` (重开原因 reason: ${m.reason})` : ''}\n` +
      `  ${scores} score items, ${league} league rows → ${values.closed}/${m.period_key}/v${m.version}/` +
      (m.export_fingerprint ? `\n  export fingerprint ${m.export_fingerprint.sha256}` : ''),
  );
  return 0;
}

runClosingCli('close', CloseRefusedError, main);

/**
 * `npm run transform -- --from DIR [--out FILE]`: load and model one ERP export folder into a DuckDB
 * file, print the load summary and the first rejects. Exit 0 when the warehouse was built (rejected
 * rows are reported, not a failure), 1 on a structural fault or any other error.
 */
import { parseArgs } from 'node:util';
import { buildWarehouse, type BuildResult } from '../pipeline.js';
import { StructuralFaultError } from '../load/index.js';
import { parseShare } from '../load/mapping.js';
import { OutputError } from '../output.js';
import { ClosedStoreError } from '../closing/store.js';

const HELP = `npm run transform -- --from DIR [--out FILE] [--policies DIR] [--progress]

  --from DIR       the ERP export folder (customers, people, invoices, receipts; optional targets,
                   writeoffs, kpi_inputs, collection_log, payment_schedule, assignments) as CSV (UTF-8, UTF-16, GBK/GB18030, Windows-1252) or XLSX; see transforms/load/README.md
  --out FILE       the warehouse to write (default warehouse.duckdb); replaced only when the build succeeds
  --policies DIR   assessment policy configs (default policies)
  --max-reject-share N  a required file with more than this share of its rows rejected (0–1 or N %,
                   default 50 %; mapping.yaml max_reject_share) stops the build; all rows rejected always does
  --preset NAME    kingdee or yonyou: the headers, file names and spellings of that ERP's receivable lists
                   (transforms/load/presets; default: mapping.yaml preset:, else detected from the headers)
  --closed DIR     the closed-period store (npm run close; default closed): verified before any work, and
                   compared with the recomputation (closed_adjustments)
  --progress       progress on stderr even when it is not a terminal
  --help           this text

Exit status: 0 built (rows with faults are listed in load_rejects), 1 structural fault or error,
2 --out unusable (a folder, under a file, not writable) or being built by another transform (its pid named),
3 the closed store is damaged or edited (the file is named; nothing built).`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      out: { type: 'string', default: 'warehouse.duckdb' },
      policies: { type: 'string', default: 'policies' },
      closed: { type: 'string', default: 'closed' },
      progress: { type: 'boolean', default: false },
      'max-reject-share': { type: 'string' },
      preset: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.from) {
    console.error(`--from DIR is required\n\n${HELP}`);
    return 1;
  }
  const share = values['max-reject-share'];
  const maxRejectShare = share === undefined ? undefined : parseShare(share);
  if (maxRejectShare === null) {
    console.error(`--max-reject-share must be a share from 0 to 1 or a percentage, not ${share}`);
    return 1;
  }
  if (values.preset !== undefined && !['kingdee', 'yonyou'].includes(values.preset)) {
    console.error(`--preset must be kingdee or yonyou, not ${values.preset}`);
    return 1;
  }
  const t0 = performance.now();
  const progress = values.progress || process.stderr.isTTY;
  const log = progress ? (line: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}\n`) : undefined;
  const result = await buildWarehouse({ from: values.from, out: values.out!, policiesDir: values.policies, log, maxRejectShare, preset: values.preset, closedDir: values.closed });
  console.log(formatSummary(result, values.out!));
  return 0;
}

export function formatSummary(result: BuildResult, out: string): string {
  const rows = result.files.map((f) => [
    f.file,
    f.entity ?? '(skipped)',
    count(f.rowsRead),
    count(f.rowsLoaded),
    count(f.rowsRejected),
    f.amountRead ? money(f.amountRead.toFixed(2)) : '',
    f.amountLoaded ? money(f.amountLoaded.toFixed(2)) : '',
  ]);
  const lines = [table(['file', 'entity', 'read', 'loaded', 'rejected', 'amount read', 'amount loaded'], rows, [2, 3, 4, 5, 6])];
  for (const w of result.warnings) lines.push(`note: ${w}`);
  const listed = result.rejectCount + result.warningCount;
  if (listed) {
    const parts = [
      ...(result.rejectCount ? [`${count(result.rejectCount)} rejected value(s)`] : []),
      ...(result.warningCount ? [`${count(result.warningCount)} warning(s) (rows loaded)`] : []),
    ];
    lines.push('', `${parts.join(' and ')} in load_rejects${listed > 20 ? ', the first 20' : ''}:`);
    for (const r of result.firstRejects) {
      const value = r.value === null ? '' : ` ${JSON.stringify(r.value.length > 60 ? `${r.value.slice(0, 60)}…` : r.value)}`;
      lines.push(`  ${r.file}:${r.line} ${r.column ?? '(line)'}${value}: ${r.severity === 'warning' ? 'warning: ' : ''}${r.reason}`);
    }
  }
  if (result.closed.periods.length) {
    const c = result.closed;
    lines.push(
      `已结账 closed: ${c.periods.join(', ')} — frozen figures kept; ` +
        (c.adjustments ? `${count(c.adjustments)} adjustment(s) in closed_adjustments, ${count(c.documents)} document(s) in closed_adjustment_documents` : 'no differences from the recomputation'),
    );
  }
  const t = result.timings;
  lines.push('', `✔ ${out} built in ${(t.total / 1000).toFixed(1)} s (load ${t.load} ms, model ${t.model} ms, policies ${t.policies} ms, publish ${t.publish} ms)`);
  return lines.join('\n');
}

function count(n: number): string {
  return n.toLocaleString('en');
}

/** '1234567.50' → '1,234,567.50' (the text of a Decimal, never a float). */
function money(fixed: string): string {
  const [int, frac] = fixed.split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

function table(head: string[], rows: string[][], rightAligned: number[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof OutputError) {
      console.error(`✘ transform not started: ${message}`);
      process.exit(2);
    }
    if (err instanceof ClosedStoreError) {
      console.error(`✘ transform not started: ${message}`);
      process.exit(3);
    }
    console.error(`✘ transform failed${err instanceof StructuralFaultError ? ' (structural fault; the previous warehouse is unchanged)' : ''}: ${message}`);
    if (process.env.DEBUG && err instanceof Error) console.error(err.stack);
    process.exit(1);
  },
);

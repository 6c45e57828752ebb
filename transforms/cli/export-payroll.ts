/**
 * `npm run export-payroll -- --period 2025-11 [--out FILE.xlsx]`: the payroll XLSX of a closed period, from the
 * closed store (transforms/closing/payroll.ts). Exit 0 written, 1 refused (the period is open, --out in build/)
 * or error, 2 usage error, 3 the closed store is damaged or edited (the file named).
 */
import { PayrollRefusedError, exportPayroll } from '../closing/payroll.js';
import { readArgs, runClosingCli, UsageError } from './closing-cli.js';

const HELP = `npm run export-payroll -- --period PERIOD [--out FILE.xlsx] [--warehouse FILE] [--closed DIR]

  --period P       a closed period (npm run close): 2025-11, 2025-Q4, 2025
  --out FILE       the workbook (default payroll-<period>.xlsx); never inside build/ (the sales site)
  --warehouse FILE the current warehouse, for the sheet of adjustments since the close (default warehouse.duckdb)
  --closed DIR     the closed store (default closed)
  --help           this text

Sheets: 工资明细 (one row per person and pay item of the closed period: policy, rule, base, rate, amount,
note, seed clause; a total row), 结账后调整 and 调整单据 (differences of today's recomputation, the documents
behind them), 结账信息 (every version of the close: when, by whom, why).

Exit status: 0 written, 1 refused (the period is not closed; --out in build/) or error, 2 usage error,
3 the closed store is damaged or edited (the file is named).`;

async function main(): Promise<number> {
  const values = readArgs(
    {
      period: { type: 'string' },
      out: { type: 'string' },
      warehouse: { type: 'string', default: 'warehouse.duckdb' },
      closed: { type: 'string', default: 'closed' },
    },
    HELP,
  );
  if (!values) return 0;
  if (!values.period) throw new UsageError(`--period is required\n\n${HELP}`);
  const out = values.out ?? `payroll-${values.period}.xlsx`;
  const r = await exportPayroll({ period: values.period, store: values.closed!, out, warehouse: values.warehouse });
  console.log(`✔ ${r.file}: ${r.lines} pay items of ${values.period} (closed v${r.version.manifest.version}), total ¥${r.total.toFixed(2)}`);
  return 0;
}

runClosingCli('export-payroll', PayrollRefusedError, main);

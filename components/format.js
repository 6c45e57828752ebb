// The site's one formatting layer (issue 17): how money, rates, rate changes, scores, days and months read on
// every page. Pages use these formats in a component's fmt= (`fmt={F.yuan}`) and these functions in their own
// HTML (`{yuan(v)}`), never a format string of their own, so the same figure reads the same everywhere:
//   money        ¥1,234,567.80 (元, to the cent); summary figures ¥33,921.03万
//   rates        12.3% ; a change of a rate in 个百分点 (+1.25个百分点), never "%"
//   months       2025年9月 (never 2025年09月 or 2025-09 in prose); dates 2025-09-30 in tables of documents
//   zero         "-" in amount columns of bucket tables (a 0 bucket and an empty one read alike, totals too)
//   nothing      "—" where a figure does not exist (no target, no previous month)
import { formatValue, getFormatObjectFromString } from '@evidence-dev/component-utilities/formatting';

/** Excel-style formats for Evidence components (fmt=, yFmt=, xFmt=) */
export const F = {
	yuan: '"¥"#,##0.00',
	/** whole yuan, zero as "-": the aging buckets (rounded to the yuan, see the aging page) */
	yuanInt: '#,##0;-#,##0;"-"',
	wan: '"¥"#,##0.00"万"',
	/** chart axes in 万元 */
	wanAxis: '#,##0"万"',
	pct: '0.0%',
	pct2: '0.00%',
	/** a rate change already in percentage points (the value is points, e.g. 1.25) */
	pp: '+0.00"个百分点";-0.00"个百分点";"持平"',
	score: '#,##0.00',
	count: '#,##0',
	days: '#,##0.0"天"',
	/** days_overdue: overdue days as they are; not yet due (≤ 0) as the days left to the due date */
	overdueDays: '#,##0"天";"未到期（还有"#,##0"天）";"当日到期"',
	month: 'yyyy"年"m"月"',
	date: 'yyyy-mm-dd',
	day: 'yyyy"年"m"月"d"日"'
};

// Evidence's fmt(value, code) looks the code up among every built-in and custom format on each call (≈ 8 µs of
// its 11); a collector's statements page formats tens of thousands of figures, and the 10 M-invoice site spent
// two minutes of its build there. The format object is looked up once per code and kind of value; the
// formatting itself stays Evidence's (fmt in component-utilities' formatting.js, which this mirrors).
const valueType = (v) =>
	typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : v instanceof Date ? 'date' : 'string';
const formatObjects = new Map();
function fmt(value, code) {
	const type = valueType(value);
	const key = `${type} ${code}`;
	let format = formatObjects.get(key);
	if (!format) formatObjects.set(key, (format = { ...getFormatObjectFromString(code), valueType: type }));
	return formatValue(value, format);
}

const has = (v) => v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v));
const or = (v, format, none = '—') => (has(v) ? fmt(v, format) : none);

export const yuan = (v) => or(v, F.yuan);
export const wan = (v) => (has(v) ? fmt(v / 10000, F.wan) : '—');
export const pct = (v) => or(v, F.pct);
/** a change of a rate (a fraction: 0.0125) in 个百分点 */
export const pp = (v) => (has(v) ? fmt(v * 100, F.pp) : '—');
export const score = (v) => or(v, F.score);
export const count = (v) => or(v, F.count);
export const days = (v) => or(v, F.days);
export const overdueDays = (v) => or(v, F.overdueDays, '');
export const date = (v) => or(v, F.date, '');
export const month = (v) => or(v, F.month);
export const day = (v) => or(v, F.day, '');

/** 满分 with the bonus beyond it: 100, or 100 + 1 when the total holds bonus points (league_board.bonus_points) */
export const maxScore = (max, bonus) =>
	has(max) ? fmt(max, '#,##0') + (bonus > 0 ? ` + ${Number.isInteger(bonus) ? bonus : fmt(bonus, '0.00')}` : '') : '—';

/** a period key as a reader says it: 2025-09 → 2025年9月, 2025-Q4 → 2025年第4季度, 2025 → 2025年 */
export function periodLabel(key) {
	if (!key) return '—';
	const m = /^(\d{4})(?:-(Q)?(\d{1,2}))?$/.exec(String(key));
	if (!m) return String(key);
	if (!m[3]) return `${m[1]}年`;
	return m[2] ? `${m[1]}年第${Number(m[3])}季度` : `${m[1]}年${Number(m[3])}月`;
}

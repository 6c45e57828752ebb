/**
 * The value each input component of a page puts in `inputs.<name>` when the page opens, shaped as
 * Evidence 40's core-components store it (so a query using the wrong shape fails here as in the browser):
 *
 * | component | inputs.<name> | usual use in SQL |
 * |---|---|---|
 * | Dropdown | { value, label } (multiple: value is a list `('a','b')`) | '${inputs.x.value}', in ${inputs.x.value} |
 * | ButtonGroup | the selected value itself | '${inputs.x}' |
 * | TextInput | text (toString) and .sql = 'quoted text' | '${inputs.x}' |
 * | DateRange, DateInput range | { start, end } as YYYY-MM-DD | '${inputs.x.start}' |
 * | DateInput | { value } as YYYY-MM-DD | '${inputs.x.value}' |
 * | Slider | the number | ${inputs.x} |
 * | Checkbox | true / false | ${inputs.x} |
 *
 * The value chosen is the one a reader sees first: `defaultValue`, else the first option, else the first
 * row of the component's `data` query (`firstRow`).
 */
import type { Tag } from './markdown.js';

/** An attribute as a JS value where it is a literal: "x" / 'x' / {'x'} / {12} / {true}; else undefined. */
export function attrValue(raw: string | true | undefined): unknown {
  if (raw === undefined) return undefined;
  if (raw === true) return true;
  if (!raw.startsWith('{')) return raw;
  const inner = raw.slice(1, -1).trim();
  const str = /^(['"`])(.*)\1$/s.exec(inner);
  if (str) return str[2];
  if (/^-?\d+(\.\d+)?$/.test(inner)) return Number(inner);
  if (inner === 'true' || inner === 'false') return inner === 'true';
  const arr = /^\[\s*(['"])(.*?)\1/.exec(inner);
  if (arr) return arr[2];
  return undefined;
}

/** `data={name}` → name; undefined for expressions. */
export function dataQueryName(tag: Tag): string | undefined {
  const raw = tag.attrs.data;
  if (typeof raw !== 'string') return undefined;
  const m = /^\{\s*([A-Za-z_$][\w$]*)\s*\}$/.exec(raw);
  return m?.[1];
}

function columnAttr(tag: Tag, name: string): string | undefined {
  const v = attrValue(tag.attrs[name]);
  return typeof v === 'string' ? v : undefined;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/** duckdbSerialize of core-components: strings quoted with '' doubled, numbers and booleans as they are. */
function sqlLiteral(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  return `'${String(value).replaceAll("'", "''")}'`;
}

function ymd(value: unknown, fallback: string): string {
  const t = text(value);
  return /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : fallback;
}

const TODAY = new Date().toISOString().slice(0, 10);

/** The input components and what makes each one's value. */
type First = (cols: string[], order?: string) => Promise<Record<string, unknown> | null>;

const INPUTS: Record<string, (tag: Tag, first: First) => Promise<unknown>> = {
  async Dropdown(tag, first) {
    const valueCol = columnAttr(tag, 'value') ?? 'value';
    const labelCol = columnAttr(tag, 'label') ?? valueCol;
    let value = attrValue(tag.attrs.defaultValue);
    let label = value;
    if (value === undefined) {
      const option = tag.children.find((c) => c.component === 'DropdownOption');
      if (option) {
        value = attrValue(option.attrs.value);
        label = attrValue(option.attrs.valueLabel) ?? value;
      }
    }
    if (value === undefined && dataQueryName(tag)) {
      // options come in `order` when given, else sorted by label (core-components dropdownOptionStore)
      const order = columnAttr(tag, 'order') ?? `"${labelCol.replaceAll('"', '""')}"`;
      const row = await first([valueCol, labelCol], order);
      value = row?.[valueCol] ?? undefined;
      label = row?.[labelCol] ?? value;
    }
    if (tag.attrs.multiple !== undefined && attrValue(tag.attrs.multiple) !== false) {
      return { label: text(label), value: value === undefined ? '(select null where 0)' : `(${sqlLiteral(value)})`, rawValues: [] };
    }
    return { label: text(label), value: value === undefined ? '' : value, rawValues: [] };
  },
  async ButtonGroup(tag, first) {
    const explicit = attrValue(tag.attrs.defaultValue);
    if (explicit !== undefined) return explicit;
    const items = tag.children.filter((c) => c.component === 'ButtonGroupItem');
    const item = items.find((c) => c.attrs.default !== undefined) ?? items[0];
    if (item) return attrValue(item.attrs.value) ?? null;
    if (dataQueryName(tag)) {
      const col = columnAttr(tag, 'value') ?? 'value';
      return (await first([col]))?.[col] ?? null;
    }
    return null;
  },
  async TextInput(tag) {
    const value = text(attrValue(tag.attrs.defaultValue));
    const escaped = value.replaceAll("'", "''");
    return { toString: () => escaped, sql: `'${escaped}'`, search: (col: string) => `damerau_levenshtein(${col}, '${escaped}')` };
  },
  async DateRange(tag, first) {
    let start = attrValue(tag.attrs.start) ?? attrValue(tag.attrs.defaultValue);
    let end = attrValue(tag.attrs.end) ?? start;
    const dates = columnAttr(tag, 'dates');
    if (start === undefined && dates && dataQueryName(tag)) {
      const row = await first([dates]);
      start = end = row?.[dates];
    }
    return { start: ymd(start, '2000-01-01'), end: ymd(end, TODAY) };
  },
  async DateInput(tag, first) {
    if (tag.attrs.range !== undefined) return INPUTS.DateRange(tag, first);
    let value = attrValue(tag.attrs.defaultValue);
    const dates = columnAttr(tag, 'dates');
    if (value === undefined && dates && dataQueryName(tag)) value = (await first([dates]))?.[dates];
    return { value: ymd(value, TODAY) };
  },
  async Slider(tag) {
    const v = attrValue(tag.attrs.defaultValue) ?? attrValue(tag.attrs.min) ?? 0;
    return typeof v === 'number' ? v : Number(v) || 0;
  },
  async Checkbox(tag) {
    return attrValue(tag.attrs.checked) === true || attrValue(tag.attrs.defaultValue) === true;
  },
};

export const INPUT_COMPONENTS = Object.keys(INPUTS);

/**
 * inputs.<name> for every input component of the page, in page order (an input whose data query uses an
 * earlier input sees that input's value). A component named by an expression (name={x}) is skipped.
 */
export async function inputValues(
  tags: Tag[],
  firstRow: (query: string, columns: string[], inputs: Record<string, unknown>, order?: string) => Promise<Record<string, unknown> | null>,
): Promise<Record<string, unknown>> {
  const inputs: Record<string, unknown> = {};
  const named = tags.filter((t) => typeof t.attrs.name === 'string' && !String(t.attrs.name).startsWith('{'));
  for (const tag of named) {
    if (!(tag.component in INPUTS)) continue;
    const name = String(tag.attrs.name);
    // before its own data is read, an input is empty (a data query using itself would be circular)
    inputs[name] = undefined;
  }
  for (const tag of named) {
    const make = INPUTS[tag.component];
    if (!make) continue;
    const query = dataQueryName(tag);
    inputs[String(tag.attrs.name)] = await make(tag, async (cols, order) => (query ? firstRow(query, cols, { ...inputs }, order) : null));
  }
  return inputs;
}

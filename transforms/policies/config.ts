/**
 * Policy files (policies/*.yaml): loading and validation.
 *
 * A policy file names an evaluator (`kind`) and gives every number that evaluator uses as a parameter
 * {value, unit, source: seed | policy_default, clause}. The kind declares which parameters exist and their
 * types; anything else (unknown key, wrong type, thresholds out of order) stops the build with a
 * PolicyConfigError naming the file and the key.
 */
import { FIELD_LABELS, valueLabel } from './labels.js';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { Grain } from '../warehouse.js';

export type PolicyLevel = 'person' | 'team';

export class PolicyConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    problem: string,
  ) {
    super(`${file}: ${key}: ${problem}`);
    this.name = 'PolicyConfigError';
  }
}

// ───────────────────────────── value specs ─────────────────────────────

export type FieldSpec = { type: 'number' | 'string' | 'boolean'; optional?: boolean; oneOf?: readonly string[] };

export type ValueSpec =
  | { type: 'number'; min?: number; max?: number; integer?: boolean }
  | { type: 'boolean' }
  | { type: 'string'; oneOf?: readonly string[] }
  | { type: 'list'; of: 'number' | 'string'; minLength?: number }
  | { type: 'map'; keys?: readonly string[] }
  | { type: 'table'; fields: Record<string, FieldSpec>; minLength?: number };

export interface ParamSpec {
  spec: ValueSpec;
  /** a parameter the kind can do without (the evaluator then uses its documented fallback) */
  optional?: boolean;
  doc: string;
}

/** Reports a problem at a key path inside the current file. */
export type Fail = (key: string, problem: string) => never;

export interface KindSpec {
  kind: string;
  levels: readonly PolicyLevel[];
  grains: readonly Grain[];
  /** how a unit's total is formed: Σ item points, or Σ item amounts (money-only policies) */
  scoreBasis: 'points' | 'amount';
  params: Record<string, ParamSpec>;
  /** cross-parameter checks (order of thresholds, shares summing to 100 …) */
  check?: (params: Record<string, unknown>, fail: Fail) => void;
}

export interface Parameter {
  value: unknown;
  unit: string;
  source: 'seed' | 'policy_default';
  clause: string;
  note?: string;
}

export interface Scope {
  /** persons evaluated: dim_person.role in this list (a person without a role counts as 业务员) */
  person_roles: string[];
  /** teams evaluated: any team with a member whose role is in this list … */
  team_roles: string[];
  /** … or whose name contains this text … */
  team_name_contains: string | null;
  /** … or listed here */
  team_ids: string[];
}

export interface Policy {
  id: string;
  kind: string;
  name: string;
  description: string;
  levels: PolicyLevel[];
  grains: Grain[];
  scope: Scope;
  parameters: Record<string, Parameter>;
  /** parameter values by key, validated against the kind's spec */
  values: Record<string, unknown>;
  file: string;
  /** position of the file in the sorted directory listing */
  order: number;
}

const TOP_KEYS = ['id', 'kind', 'name', 'description', 'levels', 'grains', 'scope', 'parameters'] as const;
const PARAM_KEYS = ['value', 'unit', 'source', 'clause', 'note'] as const;
const SCOPE_KEYS = ['person_roles', 'team_roles', 'team_name_contains', 'team_ids'] as const;
const ALL_GRAINS: readonly Grain[] = ['month', 'quarter', 'year'];
const ALL_LEVELS: readonly PolicyLevel[] = ['person', 'team'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`);

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string, fail: Fail): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) fail(path ? `${path}.${k}` : k, `unknown key (allowed: ${allowed.join(', ')})`);
  }
}

function checkScalar(v: unknown, type: 'number' | 'string' | 'boolean', key: string, fail: Fail): void {
  if (type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) fail(key, `expected a number, got ${describe(v)}`);
  if (type === 'string' && (typeof v !== 'string' || v.trim() === '')) fail(key, `expected a non-empty text, got ${describe(v)}`);
  if (type === 'boolean' && typeof v !== 'boolean') fail(key, `expected true or false, got ${describe(v)}`);
}

export function checkValue(v: unknown, spec: ValueSpec, key: string, fail: Fail): void {
  switch (spec.type) {
    case 'number':
      checkScalar(v, 'number', key, fail);
      if (spec.integer && !Number.isInteger(v)) fail(key, `expected a whole number, got ${v}`);
      if (spec.min !== undefined && (v as number) < spec.min) fail(key, `must be ≥ ${spec.min}, got ${v}`);
      if (spec.max !== undefined && (v as number) > spec.max) fail(key, `must be ≤ ${spec.max}, got ${v}`);
      return;
    case 'boolean':
      checkScalar(v, 'boolean', key, fail);
      return;
    case 'string':
      checkScalar(v, 'string', key, fail);
      if (spec.oneOf && !spec.oneOf.includes(v as string)) fail(key, `must be one of ${spec.oneOf.join(', ')}, got ${JSON.stringify(v)}`);
      return;
    case 'list':
      if (!Array.isArray(v)) fail(key, `expected a list, got ${describe(v)}`);
      if ((v as unknown[]).length < (spec.minLength ?? 0)) fail(key, `needs at least ${spec.minLength} entries`);
      (v as unknown[]).forEach((x, i) => checkScalar(x, spec.of, `${key}[${i}]`, fail));
      return;
    case 'map':
      if (!isRecord(v)) fail(key, `expected a mapping, got ${describe(v)}`);
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) checkScalar(x, 'number', `${key}.${k}`, fail);
      if (spec.keys) {
        checkKeys(v as Record<string, unknown>, spec.keys, key, fail);
        for (const k of spec.keys) if (!(k in (v as object))) fail(`${key}.${k}`, 'missing');
      }
      return;
    case 'table': {
      if (!Array.isArray(v)) fail(key, `expected a list of rows, got ${describe(v)}`);
      const rows = v as unknown[];
      if (rows.length < (spec.minLength ?? 0)) fail(key, `needs at least ${spec.minLength} rows`);
      rows.forEach((row, i) => {
        const rk = `${key}[${i}]`;
        if (!isRecord(row)) fail(rk, `expected a mapping, got ${describe(row)}`);
        const r = row as Record<string, unknown>;
        checkKeys(r, Object.keys(spec.fields), rk, fail);
        for (const [f, fs] of Object.entries(spec.fields)) {
          if (r[f] === undefined || r[f] === null) {
            if (!fs.optional) fail(`${rk}.${f}`, 'missing');
            continue;
          }
          checkScalar(r[f], fs.type, `${rk}.${f}`, fail);
          if (fs.oneOf && !fs.oneOf.includes(r[f] as string)) fail(`${rk}.${f}`, `must be one of ${fs.oneOf.join(', ')}, got ${JSON.stringify(r[f])}`);
        }
      });
      return;
    }
  }
}

/** Checks a list of numbers is strictly ascending (or descending); names the first offending entry. */
export function checkOrder(values: number[], direction: 'ascending' | 'descending', key: (i: number) => string, fail: Fail, strict = true): void {
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1];
    const b = values[i];
    const ok = direction === 'ascending' ? (strict ? b > a : b >= a) : strict ? b < a : b <= a;
    if (!ok) fail(key(i), `thresholds out of order: ${b} after ${a} (must be ${strict ? 'strictly ' : ''}${direction})`);
  }
}

function stringList(v: unknown, key: string, fail: Fail): string[] {
  checkValue(v, { type: 'list', of: 'string' }, key, fail);
  return v as string[];
}

function parseScope(raw: unknown, levels: PolicyLevel[], fail: Fail): Scope {
  if (!isRecord(raw)) fail('scope', `expected a mapping, got ${describe(raw)}`);
  const s = raw as Record<string, unknown>;
  checkKeys(s, SCOPE_KEYS, 'scope', fail);
  const scope: Scope = {
    person_roles: s.person_roles === undefined ? [] : stringList(s.person_roles, 'scope.person_roles', fail),
    team_roles: s.team_roles === undefined ? [] : stringList(s.team_roles, 'scope.team_roles', fail),
    team_name_contains: null,
    team_ids: s.team_ids === undefined ? [] : stringList(s.team_ids, 'scope.team_ids', fail),
  };
  if (s.team_name_contains !== undefined && s.team_name_contains !== null) {
    checkScalar(s.team_name_contains, 'string', 'scope.team_name_contains', fail);
    scope.team_name_contains = s.team_name_contains as string;
  }
  if (levels.includes('person') && scope.person_roles.length === 0) fail('scope.person_roles', 'required when levels include person');
  if (levels.includes('team') && scope.team_roles.length === 0 && scope.team_ids.length === 0 && !scope.team_name_contains) {
    fail('scope', 'levels include team: give team_roles, team_name_contains or team_ids');
  }
  return scope;
}

/** Parses and validates one policy file's text against the kinds. */
export function parsePolicy(text: string, file: string, kinds: Record<string, KindSpec>, order = 0): Policy {
  const fail: Fail = (key, problem) => {
    throw new PolicyConfigError(file, key, problem);
  };
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) fail('(yaml)', doc.errors[0].message.split('\n')[0]);
  const raw: unknown = doc.toJS();
  if (!isRecord(raw)) fail('(file)', 'expected a mapping at the top level');
  const r = raw as Record<string, unknown>;
  checkKeys(r, TOP_KEYS, '', fail);
  for (const k of TOP_KEYS) if (r[k] === undefined) fail(k, 'missing');

  checkScalar(r.id, 'string', 'id', fail);
  const id = r.id as string;
  if (!/^[a-z][a-z0-9_]*$/.test(id)) fail('id', `must be snake_case (a-z, 0-9, _), got ${JSON.stringify(id)}`);
  checkScalar(r.kind, 'string', 'kind', fail);
  const spec = kinds[r.kind as string];
  if (!spec) fail('kind', `unknown kind ${JSON.stringify(r.kind)} (known: ${Object.keys(kinds).join(', ')})`);
  checkScalar(r.name, 'string', 'name', fail);
  checkScalar(r.description, 'string', 'description', fail);

  const levels = stringList(r.levels, 'levels', fail) as PolicyLevel[];
  if (levels.length === 0) fail('levels', 'needs at least one level');
  levels.forEach((l, i) => {
    if (!ALL_LEVELS.includes(l)) fail(`levels[${i}]`, `unknown level ${JSON.stringify(l)} (person, team)`);
    if (!spec.levels.includes(l)) fail(`levels[${i}]`, `kind ${spec.kind} does not evaluate level ${l} (it does: ${spec.levels.join(', ')})`);
  });
  const grains = stringList(r.grains, 'grains', fail) as Grain[];
  if (grains.length === 0) fail('grains', 'needs at least one grain');
  grains.forEach((g, i) => {
    if (!ALL_GRAINS.includes(g)) fail(`grains[${i}]`, `unknown grain ${JSON.stringify(g)} (month, quarter, year)`);
    if (!spec.grains.includes(g)) fail(`grains[${i}]`, `kind ${spec.kind} does not evaluate grain ${g} (it does: ${spec.grains.join(', ')})`);
  });
  const scope = parseScope(r.scope, levels, fail);

  if (!isRecord(r.parameters)) fail('parameters', `expected a mapping, got ${describe(r.parameters)}`);
  const rawParams = r.parameters as Record<string, unknown>;
  checkKeys(rawParams, Object.keys(spec.params), 'parameters', fail);
  const parameters: Record<string, Parameter> = {};
  const values: Record<string, unknown> = {};
  for (const [name, ps] of Object.entries(spec.params)) {
    const key = `parameters.${name}`;
    const p = rawParams[name];
    if (p === undefined) {
      if (ps.optional) continue;
      fail(key, `missing (${ps.doc})`);
    }
    if (!isRecord(p)) fail(key, `expected a mapping {value, unit, source, clause}, got ${describe(p)}`);
    const pr = p as Record<string, unknown>;
    checkKeys(pr, PARAM_KEYS, key, fail);
    for (const k of ['value', 'unit', 'source', 'clause']) if (pr[k] === undefined) fail(`${key}.${k}`, 'missing');
    checkScalar(pr.unit, 'string', `${key}.unit`, fail);
    checkValue(pr.source, { type: 'string', oneOf: ['seed', 'policy_default'] }, `${key}.source`, fail);
    checkScalar(pr.clause, 'string', `${key}.clause`, fail);
    if (pr.note !== undefined) checkScalar(pr.note, 'string', `${key}.note`, fail);
    checkValue(pr.value, ps.spec, `${key}.value`, fail);
    parameters[name] = pr as unknown as Parameter;
    values[name] = pr.value;
  }
  spec.check?.(values, (key, problem) => fail(key.startsWith('parameters.') ? key : `parameters.${key}`, problem));
  return { id, kind: spec.kind, name: r.name as string, description: r.description as string, levels, grains, scope, parameters, values, file, order };
}

/** Loads every policies/*.yaml (sorted by file name); ids must be unique. */
export function loadPolicies(dir: string, kinds: Record<string, KindSpec>): Policy[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const seen = new Map<string, string>();
  return files.map((f, i) => {
    const path = join(dir, f);
    const policy = parsePolicy(readFileSync(path, 'utf8'), path, kinds, i);
    const other = seen.get(policy.id);
    if (other) throw new PolicyConfigError(path, 'id', `duplicate policy id ${JSON.stringify(policy.id)} (also in ${basename(other)})`);
    seen.set(policy.id, path);
    return policy;
  });
}

// ───────────────────────────── display ─────────────────────────────

/**
 * A parameter's value as a finance user reads it on the rules page (policy_parameters.value_text):
 * lists joined with 、, maps as `键 值`, table rows as `字段 值` (fields by their Chinese names, labels.ts;
 * kpi_inputs codes left out) separated by ；, coded values (`historical_best`) in words. The exact JSON stays
 * in policy_parameters.value for analysts; this is only its reading form.
 */
export function parameterText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return valueLabel(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '（无）';
    const rowsAreObjects = value.some((v) => v !== null && typeof v === 'object');
    return value.map((v) => (rowsAreObjects ? tableRowText(v) : parameterText(v))).join(rowsAreObjects ? '；' : '、');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? '（无）' : entries.map(([k, v]) => `${k} ${nestedText(v)}`).join('、');
}

function tableRowText(row: unknown): string {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return nestedText(row);
  return Object.entries(row as Record<string, unknown>)
    .filter(([k]) => FIELD_LABELS[k] !== null)
    .map(([k, v]) => `${FIELD_LABELS[k] ?? k} ${nestedText(v)}`)
    .join('，');
}

/** A value inside a list or map: nested structures in parentheses so the outer separators stay readable. */
function nestedText(v: unknown): string {
  return v !== null && typeof v === 'object' ? `(${parameterText(v)})` : parameterText(v);
}

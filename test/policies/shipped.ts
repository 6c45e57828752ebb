/** The policies as shipped in policies/*.yaml: pure-function tests use their real parameter values. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadPolicies, parsePolicy, PolicyConfigError, type Policy } from '../../transforms/policies/config.js';
import { KINDS } from '../../transforms/policies/kinds/index.js';

export const POLICIES_DIR = join(import.meta.dirname, '..', '..', 'policies');

let cache: Policy[] | null = null;

export function shipped(id: string): Policy {
  cache ??= loadPolicies(POLICIES_DIR, KINDS);
  const p = cache.find((x) => x.id === id);
  if (!p) throw new Error(`no shipped policy ${id}`);
  return p;
}

/** Parse a shipped policy file after `edit` changed its YAML document (a validation test's variant). */
export const shippedVariant = (file: string, edit: (doc: Record<string, any>) => void) => () => {
  const doc = parse(readFileSync(join(POLICIES_DIR, file), 'utf8'));
  edit(doc);
  return parsePolicy(stringify(doc), `policies/${file}`, KINDS);
};

/** The PolicyConfigError message `fn` throws (failing the test when it throws nothing or something else). */
export function configProblem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyConfigError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

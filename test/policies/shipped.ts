/** The policies as shipped in policies/*.yaml: pure-function tests use their real parameter values. */
import { join } from 'node:path';
import { loadPolicies, type Policy } from '../../transforms/policies/config.js';
import { KINDS } from '../../transforms/policies/kinds/index.js';

export const POLICIES_DIR = join(import.meta.dirname, '..', '..', 'policies');

let cache: Policy[] | null = null;

export function shipped(id: string): Policy {
  cache ??= loadPolicies(POLICIES_DIR, KINDS);
  const p = cache.find((x) => x.id === id);
  if (!p) throw new Error(`no shipped policy ${id}`);
  return p;
}

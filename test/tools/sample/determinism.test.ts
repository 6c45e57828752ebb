import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../../tools/sample/index.js';
import { generate, removeGenerated, type GeneratedSample } from './sampleHelpers.js';

const sha256 = (dir: string, file: string): string => createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');

describe('sample generator: determinism', () => {
  let first: GeneratedSample;
  let again: GeneratedSample;
  let other: GeneratedSample;

  beforeAll(async () => {
    first = await generate(7, 5_000);
    again = await generate(7, 5_000);
    other = await generate(8, 5_000);
  });
  afterAll(removeGenerated);

  it('writes byte-identical files for the same seed and arguments', () => {
    for (const file of SAMPLE_FILES) expect(sha256(again.dir, file), file).toBe(sha256(first.dir, file));
    expect({ ...again.stats, outDir: '', elapsedMs: 0 }).toEqual({ ...first.stats, outDir: '', elapsedMs: 0 });
  });

  it('writes different files for a different seed', () => {
    for (const file of SAMPLE_FILES) expect(sha256(other.dir, file), file).not.toBe(sha256(first.dir, file));
  });

  it('writes exactly the requested number of invoices, and about as many receipts', () => {
    expect(first.stats.rows['invoices.csv']).toBe(5_000);
    expect(first.stats.rows['receipts.csv']).toBeGreaterThan(3_500);
    expect(first.stats.rows['receipts.csv']).toBeLessThan(6_500);
  });

  it('rejects a bad seed or invoice count', async () => {
    await expect(generate(-1, 100)).rejects.toThrow(/seed/);
    await expect(generate(1, 0)).rejects.toThrow(/invoices/);
  });
});

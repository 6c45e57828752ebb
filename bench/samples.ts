/**
 * Sample exports for the bench, generated with `writeSample` (seeded) and kept between runs in the
 * work folder. A kept sample is reused only when it was written by the same generator code with the same
 * seed and size (a hash of tools/sample/*.ts, the command's cli.ts aside, is part of its folder name).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_FILES, writeSample, type SampleStats } from '../tools/sample/index.js';

const SAMPLE_SRC = fileURLToPath(new URL('../tools/sample/', import.meta.url));

export interface BenchSample {
  dir: string;
  stats: SampleStats;
  /** bytes of all CSV files */
  csvBytes: number;
  /** generation time of this run, 0 when a kept sample was reused */
  generatedMs: number;
}

function generatorHash(): string {
  const hash = createHash('sha256');
  for (const f of fs.readdirSync(SAMPLE_SRC).filter((f) => f.endsWith('.ts') && f !== 'cli.ts').sort()) {
    hash.update(f).update(fs.readFileSync(path.join(SAMPLE_SRC, f)));
  }
  return hash.digest('hex').slice(0, 10);
}

/** An export's units, when not the generator's defaults for its size: many customers and people for few documents. */
export interface SampleShape {
  customers: number;
  people: number;
}

export async function benchSample(workDir: string, invoices: number, seed: number, shape?: SampleShape): Promise<BenchSample> {
  const root = path.join(workDir, 'samples');
  const prefix = shape ? `${invoices}-${shape.customers}c-${shape.people}p-${seed}-` : `${invoices}-${seed}-`;
  const name = `${prefix}${generatorHash()}`;
  const dir = path.join(root, name);
  const statsFile = path.join(dir, '.bench-sample.json');
  fs.mkdirSync(root, { recursive: true });
  // older generations of the same size are stale: disk matters at 10 M
  for (const other of fs.readdirSync(root)) {
    if (other.startsWith(prefix) && other !== name) fs.rmSync(path.join(root, other), { recursive: true, force: true });
  }
  let generatedMs = 0;
  if (!fs.existsSync(statsFile)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stats = await writeSample({ outDir: dir, seed, invoices, ...shape });
    generatedMs = stats.elapsedMs;
    // a dot file: the loader skips it without a note
    fs.writeFileSync(statsFile, JSON.stringify(stats, null, 2));
  }
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as SampleStats;
  const csvBytes = SAMPLE_FILES.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  return { dir, stats, csvBytes, generatedMs };
}

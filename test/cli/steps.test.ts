import { describe, expect, it } from 'vitest';
import { evidenceEnv } from '../../transforms/cli/steps.js';

describe("Evidence steps' environment", () => {
  it('caps the Node heap at 2 GB, keeping the other NODE_OPTIONS', () => {
    expect(evidenceEnv({ PATH: '/bin' }).NODE_OPTIONS).toBe('--max-old-space-size=2048');
    expect(evidenceEnv({ NODE_OPTIONS: '--enable-source-maps' }).NODE_OPTIONS).toBe('--enable-source-maps --max-old-space-size=2048');
  });
  it("leaves a user's own heap size alone", () => {
    expect(evidenceEnv({ NODE_OPTIONS: '--max-old-space-size=6000' }).NODE_OPTIONS).toBe('--max-old-space-size=6000');
  });
});

describe('prerender workers', () => {
  it('renders pages on every core unless the user says how many', () => {
    expect(evidenceEnv({ PATH: '/bin' }).PRERENDER_WORKERS).toBe('0');
    expect(evidenceEnv({ PRERENDER_WORKERS: 'auto' }).PRERENDER_WORKERS).toBe('auto');
  });
  it("gives each worker's DuckDB 512 MB unless the user says otherwise", () => {
    expect(evidenceEnv({ PATH: '/bin' }).SCORECARD_PRERENDER_MEMORY_LIMIT).toBe('512MB');
    expect(evidenceEnv({ SCORECARD_PRERENDER_MEMORY_LIMIT: '2GB' }).SCORECARD_PRERENDER_MEMORY_LIMIT).toBe('2GB');
  });
});

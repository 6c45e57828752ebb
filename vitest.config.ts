import { defineConfig } from 'vitest/config';

// Two projects: `unit` (transforms, policies, loader, model — temp warehouses, in parallel) and
// `e2e` (the built site in headless Chromium: one build, reused while newer than its inputs).
export default defineConfig({
  test: {
    // vitest's summary, then one plain closing line (`tests: N passed, N failed, N skipped`) for CI's log reader
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
    workspace: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          pool: 'forks',
          // the site's formatting layer (test/site/format.test.ts) imports Evidence's formatting source, whose
          // imports have no file extensions: let Vite resolve them
          server: { deps: { inline: ['@evidence-dev/component-utilities'] } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // one fork: one Chromium at a time on a 2-core machine
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});

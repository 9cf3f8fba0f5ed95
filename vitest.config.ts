import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Guards against a hang, not timings: CI runs a pass at low priority beside two others, where
    // seeding a city in a file's set-up has taken over a minute.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/test/**/*.test.ts'],
          // Integration tests share one database per file; files run in parallel workers. Each
          // file's database starts from one migrated once per run (server/test/global-setup.ts).
          pool: 'forks',
          globalSetup: ['server/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        // The web apps' pure logic (form checks, the item editor's model, the API client's rules):
        // plain Node, no browser; what a person sees is tested in a real browser (e2e/).
        test: { name: 'web', include: ['web/test/**/*.test.ts'], environment: 'node' },
      },
      // The bridge SDK's message matching and origin checks (sdk/): plain Node, fake windows.
      { extends: true, test: { name: 'sdk', include: ['sdk/test/**/*.test.ts'], environment: 'node' } },
    ],
  },
});

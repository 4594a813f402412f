import { defineConfig } from 'vitest/config';

// Tests sit next to the code they check (src/**/x.test.ts); end-to-end suites that drive the
// official clients live in test/. Servers in tests bind 127.0.0.1 on port 0.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds dist/ once: the end-to-end suites (test/e2e/) run the real CLI, bin/server.js -> dist/cli.js.
    globalSetup: ['test/e2e/global-setup.ts'],
  },
});

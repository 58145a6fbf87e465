import { defineConfig } from '@playwright/test';

// The e2e tests drive the BUILT static site (build-e2e/, under /runboard like a GitHub project page) served by
// a plain static server, in a real Chromium with a persistent profile (see tests/e2e/fixtures.ts).
// E2E_PORT lets several checkouts run their e2e suites side by side.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4174);
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	use: { baseURL: `${E2E_ORIGIN}/runboard/` },
	webServer: {
		command: `node scripts/serve.mjs --dir build-e2e --base /runboard --port ${E2E_PORT}`,
		url: `${E2E_ORIGIN}/runboard/`,
		reuseExistingServer: !process.env.CI,
		timeout: 30_000
	}
});

import { defineConfig } from '@playwright/test';
import base, { E2E_ORIGIN } from './playwright.config';

// The reliability suite's browser half (storage faults, quota, kills) against the built site, like the e2e suite.
export default defineConfig({
	...base,
	testDir: 'tests/reliability',
	testMatch: '**/*.spec.ts',
	timeout: 1_200_000,
	use: { baseURL: `${E2E_ORIGIN}/runboard/` }
});

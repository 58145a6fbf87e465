#!/usr/bin/env node
// Builds the site the way a GitHub project page hosts it: under a sub-path (/runboard), into build-e2e/.
// VITE_RUNBOARD_TEST_HOOKS=1 adds the test hooks (storage faults in the database worker, ending the database
// worker for the kill sweeps); `npm run build` never sets it, so the production site has none of them.
import { execFileSync } from 'node:child_process';

execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
	stdio: 'inherit',
	env: { ...process.env, BASE_PATH: '/runboard', BUILD_DIR: 'build-e2e', VITE_RUNBOARD_TEST_HOOKS: '1' }
});

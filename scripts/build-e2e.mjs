#!/usr/bin/env node
// Builds the site the way a GitHub project page hosts it: under a sub-path (/runboard), into build-e2e/.
// VITE_RUNBOARD_TEST_HOOKS=1 adds the test hooks (storage faults in the database worker, ending the database
// worker for the kill sweeps); `npm run build` never sets it, so the production site has none of them.
// BUILD_E2E_REUSE=1 (set by .ci/run, whose clean clone cannot hold a stale build) keeps a build-e2e/ that a
// suite before this one made, so the e2e, reliability and interop suites test one build instead of three.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (process.env.BUILD_E2E_REUSE === '1' && existsSync('build-e2e/index.html')) {
	console.log('build-e2e/ reused (BUILD_E2E_REUSE=1)');
} else {
	execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
		stdio: 'inherit',
		env: { ...process.env, BASE_PATH: '/runboard', BUILD_DIR: 'build-e2e', VITE_RUNBOARD_TEST_HOOKS: '1' }
	});
}

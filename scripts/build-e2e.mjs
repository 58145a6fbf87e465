#!/usr/bin/env node
// Builds the site the way a GitHub project page hosts it: under a sub-path (/runboard), into build-e2e/.
// VITE_RUNBOARD_KILL_HOOK adds the test-only hook that ends the database worker (tests/reliability/kills).
import { execFileSync } from 'node:child_process';

execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
	stdio: 'inherit',
	env: { ...process.env, BASE_PATH: '/runboard', BUILD_DIR: 'build-e2e', VITE_RUNBOARD_KILL_HOOK: '1' }
});

import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Interop: the built site against a REAL MLflow 3.18 tracking server (tests/interop/live_server.py, run from the
// harness's venv). `npm run test:interop` sets the venv up first.
export default defineConfig({
	...base,
	testDir: 'tests/interop',
	timeout: 180_000
});

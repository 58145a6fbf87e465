import { mergeConfig } from 'vitest/config';
import base from './vite.config';

// The reliability suite's Node half (fuzzing the importers, hostile MLflow servers on 127.0.0.1): real sqlite-wasm,
// real fetch. RELIABILITY_SIZE=nightly runs the larger sweeps.
const config = mergeConfig(base, {
	// Two files at a time: every sweep is one Node thread of CPU work, and on CI's two cores Vitest's default (one
	// worker fewer than the cores) ran them one after the other (~9 minutes instead of ~5).
	test: { testTimeout: 600_000, hookTimeout: 120_000, maxWorkers: 2 }
});
// Set, not merged: mergeConfig would append to the unit suite's include and run both suites.
config.test!.include = ['tests/reliability/**/*.test.ts'];
export default config;

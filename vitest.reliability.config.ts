import { mergeConfig } from 'vitest/config';
import base from './vite.config';

// The reliability suite's Node half (fuzzing the importers, hostile MLflow servers on 127.0.0.1): real sqlite-wasm,
// real fetch. RELIABILITY_SIZE=nightly runs the larger sweeps.
const config = mergeConfig(base, {
	test: { testTimeout: 600_000, hookTimeout: 120_000 }
});
// Set, not merged: mergeConfig would append to the unit suite's include and run both suites.
config.test!.include = ['tests/reliability/**/*.test.ts'];
export default config;

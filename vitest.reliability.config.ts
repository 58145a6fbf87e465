import { mergeConfig } from 'vitest/config';
import base from './vite.config';

// The reliability suite's Node half (fuzzing the importers, hostile MLflow servers on 127.0.0.1): real sqlite-wasm,
// real fetch. RELIABILITY_SIZE=nightly runs the larger sweeps.
export default mergeConfig(base, {
	test: {
		include: ['tests/reliability/**/*.test.ts'],
		testTimeout: 600_000,
		hookTimeout: 120_000
	}
});

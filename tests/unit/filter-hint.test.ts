// The hint shown when a filter names a key no run has (src/lib/components/runs/filter-hint.ts).
import { describe, expect, it } from 'vitest';
import { unknownKeyHint } from '$lib/components/runs/filter-hint';

const keys = {
	runs: 3,
	params: [{ key: 'alpha', count: -1 }],
	metrics: [
		{ key: 'rmse', count: -1 },
		{ key: 'val/rmse', count: -1 }
	],
	tags: [{ key: 'team', count: -1 }],
	datasets: []
};

describe('unknown key hint', () => {
	it('names an unknown key and the near one', () => {
		expect(unknownKeyHint('metrics.rmsee < 1', keys)).toBe(
			'No run here has metrics.rmsee, so it matches nothing (as in MLflow). Did you mean metrics.rmse?'
		);
		expect(unknownKeyHint("params.beta = '1'", keys)).toBe(
			'No run here has params.beta, so it matches nothing (as in MLflow).'
		);
		expect(unknownKeyHint("tags.`tem` = 'x' OR metrics.rmse > 1", keys)).toContain('tags.tem');
	});

	it('says nothing for known keys, attributes, or a filter that does not parse', () => {
		expect(unknownKeyHint("metrics.`val/rmse` < 1 and params.alpha = '0.1'", keys)).toBe('');
		expect(unknownKeyHint("attributes.status = 'FINISHED'", keys)).toBe('');
		expect(unknownKeyHint('metrics.rmse <', keys)).toBe('');
		expect(unknownKeyHint('', keys)).toBe('');
	});
});

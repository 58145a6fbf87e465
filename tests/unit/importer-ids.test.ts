// Derived ids (src/lib/importers/ids.ts): the same facts give the same id on every import, different facts give
// different ids, and each id is a run id the API and the import's checks accept.
import { describe, expect, it } from 'vitest';
import { checkRunId } from '$lib/api/validate';
import { derivedExperimentKey, derivedRunId } from '$lib/importers/ids';
import { storableRun } from '$lib/importers/storable';
import { isRunId } from '$lib/importers/mlruns/ids';

const packed = () => ({
	keys: [],
	keyIndex: new Uint32Array(0),
	values: new Float64Array(0),
	steps: new Float64Array(0),
	timestamps: new Float64Array(0)
});

describe('derivedRunId', () => {
	it('is the same for the same facts, on every call', async () => {
		const facts = { format: 'tensorboard', path: 'run-a/events.out.tfevents.1' };
		const first = await derivedRunId(facts);
		expect(await derivedRunId({ ...facts })).toBe(first);
		expect(await derivedRunId({ ...facts, parts: [] })).toBe(first);
	});

	it('is fixed across releases: a re-import after an upgrade still replaces the same run', async () => {
		// Changing the encoding would make every earlier import's runs duplicates: this value must not move. It is
		// SHA-256 of '["runboard-derived-id/1","run","csv","lightning_logs/version_0/metrics.csv"]', first 16 bytes.
		expect(await derivedRunId({ format: 'csv', path: 'lightning_logs/version_0/metrics.csv' })).toBe(
			'17bcb6e00fdaed30e8a46ad4bc4727cd'
		);
	});

	it('differs for different paths, formats and parts', async () => {
		const ids = await Promise.all([
			derivedRunId({ format: 'tensorboard', path: 'run-a' }),
			derivedRunId({ format: 'tensorboard', path: 'run-b' }),
			derivedRunId({ format: 'tensorboard', path: 'Run-a' }),
			derivedRunId({ format: 'tensorboard', path: '' }),
			derivedRunId({ format: 'csv', path: 'run-a' }),
			derivedRunId({ format: 'csv', path: 'run-a', parts: ['1'] }),
			derivedRunId({ format: 'csv', path: 'run-a', parts: ['2'] }),
			// Joined with a separator these would be the same text; the encoding keeps them apart.
			derivedRunId({ format: 'csv', path: 'a/b', parts: ['c'] }),
			derivedRunId({ format: 'csv', path: 'a', parts: ['b/c'] }),
			derivedRunId({ format: 'csv', path: 'a', parts: ['b', 'c'] }),
			derivedRunId({ format: 'csv/a', path: '' })
		]);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('does not collide over many neighbouring paths', async () => {
		const ids = await Promise.all(
			Array.from({ length: 5000 }, (_, i) => derivedRunId({ format: 'jsonl', path: `runs/${i}.jsonl` }))
		);
		expect(new Set(ids).size).toBe(5000);
	});

	it('is 32 lowercase hex characters: a run id the API and the import accept', async () => {
		for (const path of ['', 'x', 'ünïcødé/🙂', 'a'.repeat(10_000), '\ud800 lone surrogate']) {
			const runId = await derivedRunId({ format: 'tensorboard', path });
			expect(runId).toMatch(/^[0-9a-f]{32}$/);
			expect(checkRunId(runId)).toBe(runId);
			expect(isRunId(runId)).toBe(true);
			const checked = storableRun({ runId, experimentKey: '0', params: [], tags: [], metrics: packed() });
			expect(checked.warnings).toEqual([]);
			expect(checked.run?.runId).toBe(runId);
		}
	});

	it('keeps lone surrogates apart (JSON escapes them; UTF-8 would turn both into U+FFFD)', async () => {
		const a = await derivedRunId({ format: 'csv', path: '\ud800' });
		const b = await derivedRunId({ format: 'csv', path: '\udfff' });
		expect(a).not.toBe(b);
	});
});

describe('derivedExperimentKey', () => {
	it('is stable per (format, name) and differs from the run ids of the same text', async () => {
		const key = await derivedExperimentKey('tensorboard', 'logs');
		expect(key).toMatch(/^[0-9a-f]{32}$/);
		expect(await derivedExperimentKey('tensorboard', 'logs')).toBe(key);
		expect(await derivedExperimentKey('csv', 'logs')).not.toBe(key);
		expect(await derivedExperimentKey('tensorboard', 'logs2')).not.toBe(key);
		expect(await derivedRunId({ format: 'tensorboard', path: 'logs' })).not.toBe(key);
	});
});

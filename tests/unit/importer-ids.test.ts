// Derived ids (src/lib/importers/ids.ts): the same facts give the same id on every import, different facts give
// different ids, and each id is a run id the API and the import's checks accept. The SHA-256 under them
// (src/lib/importers/sha256.ts) is checked against Node's.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkRunId } from '$lib/api/validate';
import { derivedExperimentKey, derivedRunId } from '$lib/importers/ids';
import { storableRun } from '$lib/importers/storable';
import { isRunId } from '$lib/importers/mlruns/ids';
import { sha256 } from '$lib/importers/sha256';

const packed = () => ({
	keys: [],
	keyIndex: new Uint32Array(0),
	values: new Float64Array(0),
	steps: new Float64Array(0),
	timestamps: new Float64Array(0)
});

describe('derivedRunId', () => {
	it('is the same for the same facts, on every call', () => {
		const facts = { format: 'tensorboard', path: 'run-a/events.out.tfevents.1' };
		const first = derivedRunId(facts);
		expect(derivedRunId({ ...facts })).toBe(first);
		expect(derivedRunId({ ...facts, parts: [] })).toBe(first);
	});

	it('is fixed across releases: a re-import after an upgrade still replaces the same run', () => {
		// Changing the encoding would make every earlier import's runs duplicates: this value must not move. It is
		// SHA-256 of '["runboard-derived-id/1","run","csv","lightning_logs/version_0/metrics.csv"]', first 16 bytes.
		expect(derivedRunId({ format: 'csv', path: 'lightning_logs/version_0/metrics.csv' })).toBe(
			'17bcb6e00fdaed30e8a46ad4bc4727cd'
		);
	});

	it('differs for different paths, formats and parts', () => {
		const ids = [
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
		];
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('does not collide over many neighbouring paths', () => {
		const ids = Array.from({ length: 5000 }, (_, i) =>
			derivedRunId({ format: 'jsonl', path: `runs/${i}.jsonl` })
		);
		expect(new Set(ids).size).toBe(5000);
	});

	it('is 32 lowercase hex characters: a run id the API and the import accept', () => {
		for (const path of ['', 'x', 'ünïcødé/🙂', 'a'.repeat(10_000), '\ud800 lone surrogate']) {
			const runId = derivedRunId({ format: 'tensorboard', path });
			expect(runId).toMatch(/^[0-9a-f]{32}$/);
			expect(checkRunId(runId)).toBe(runId);
			expect(isRunId(runId)).toBe(true);
			const checked = storableRun({ runId, experimentKey: '0', params: [], tags: [], metrics: packed() });
			expect(checked.warnings).toEqual([]);
			expect(checked.run?.runId).toBe(runId);
		}
	});

	it('keeps lone surrogates apart (JSON escapes them; UTF-8 would turn both into U+FFFD)', () => {
		const a = derivedRunId({ format: 'csv', path: '\ud800' });
		const b = derivedRunId({ format: 'csv', path: '\udfff' });
		expect(a).not.toBe(b);
	});
});

describe('derivedExperimentKey', () => {
	it('is stable per (format, name) and differs from the run ids of the same text', () => {
		const key = derivedExperimentKey('tensorboard', 'logs');
		expect(key).toMatch(/^[0-9a-f]{32}$/);
		expect(derivedExperimentKey('tensorboard', 'logs')).toBe(key);
		expect(derivedExperimentKey('csv', 'logs')).not.toBe(key);
		expect(derivedExperimentKey('tensorboard', 'logs2')).not.toBe(key);
		expect(derivedRunId({ format: 'tensorboard', path: 'logs' })).not.toBe(key);
	});
});

describe('sha256', () => {
	const node = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
	const ours = (data: Uint8Array) => Buffer.from(sha256(data)).toString('hex');

	it('matches the FIPS 180-4 examples', () => {
		const enc = new TextEncoder();
		expect(ours(enc.encode(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(ours(enc.encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(ours(enc.encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
			'248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
		);
	});

	it("matches Node's for every length across the padding boundaries, and for a large input", () => {
		for (let n = 0; n < 300; n++) {
			const data = new Uint8Array(n).map((_, i) => (i * 131 + n * 7) & 255);
			expect(ours(data)).toBe(node(data));
		}
		const large = new Uint8Array(1_000_003).map((_, i) => (i ^ (i >>> 8)) & 255);
		expect(ours(large)).toBe(node(large));
	});
});

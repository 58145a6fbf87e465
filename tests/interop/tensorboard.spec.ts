// TensorBoard's own reader still reads exactly what the importer's unit tests expect: EventAccumulator
// (tests/interop/tensorboard/read_expected.py, from the venv of tests/interop/tensorboard/setup.sh) is run over the
// committed event files, and its output must equal the committed JSON that
// tests/unit/importer-tensorboard-reference.test.ts compares the importer with, value for value. So the importer
// agrees with TensorBoard for files of two real writers (tensorboardX; tensorboard's EventFileWriter with TF2-style
// tensor scalars and hparams) and for the public event files.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const HERE = 'tests/interop/tensorboard';
const FIXTURES = 'tests/fixtures/tensorboard';

test.beforeAll(() => {
	execFileSync('bash', [`${HERE}/setup.sh`], { stdio: 'inherit' });
});

function readWithTensorboard(dir: string): unknown {
	const out = execFileSync(`${HERE}/.venv/bin/python`, [`${HERE}/read_expected.py`, dir], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
		maxBuffer: 64 * 1024 * 1024
	});
	return JSON.parse(out);
}

test('EventAccumulator reads the generated event files as committed', () => {
	const expected = JSON.parse(readFileSync(`${FIXTURES}/expected-logs.json`, 'utf8'));
	expect(readWithTensorboard(`${FIXTURES}/logs`)).toEqual(expected);
	expect(Object.keys(expected).length).toBeGreaterThanOrEqual(6);
});

test('EventAccumulator reads the public event files as committed', () => {
	const sources = readdirSync('tests/fixtures/public/tensorboard');
	expect(sources.length).toBe(4);
	for (const source of sources) {
		const expected = JSON.parse(readFileSync(`${FIXTURES}/expected-public-${source}.json`, 'utf8'));
		expect(readWithTensorboard(`tests/fixtures/public/tensorboard/${source}/`), source).toEqual(expected);
	}
});
